"""Deals: the only writer of a deal's stage, price and documents.

бронь → договор подписан → оплата → регистрация → закрыта; any open stage → отменена (with a reason).
Opening a deal moves its lead to «Сделка», closing it to «Успешно закрыта», cancelling it to «Отказ»,
always through leads.pipeline. Each change is a DealEvent (who, when, from, to)."""

from pathlib import PurePath

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leads import cashback
from leads.models import (
    CashbackStatus,
    Deal,
    DealDocument,
    DealEvent,
    DealStage,
    Lead,
    LeadStage,
    LostReason,
)
from leads.pipeline import StageChangeRefused, move_to_stage

DEAL_MOVES = {
    DealStage.RESERVED: {DealStage.CONTRACT, DealStage.CANCELLED},
    DealStage.CONTRACT: {DealStage.PAYMENT, DealStage.CANCELLED},
    DealStage.PAYMENT: {DealStage.REGISTRATION, DealStage.CANCELLED},
    DealStage.REGISTRATION: {DealStage.CLOSED, DealStage.CANCELLED},
    DealStage.CLOSED: set(),
    DealStage.CANCELLED: set(),
}

# Payout documents: extension -> (content type, how such a file starts).
DOCUMENT_TYPES = {
    "pdf": ("application/pdf", b"%PDF-"),
    "jpg": ("image/jpeg", b"\xff\xd8\xff"),
    "jpeg": ("image/jpeg", b"\xff\xd8\xff"),
    "png": ("image/png", b"\x89PNG\r\n\x1a\n"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK\x03\x04"),
}


class DealRefused(Exception):
    def __init__(self, message):
        self.message = message
        super().__init__(str(message))


def next_stages(deal):
    return [stage for stage in DealStage if stage in DEAL_MOVES[DealStage(deal.stage)]]


@transaction.atomic
def open_deal(lead, *, by=None, apartment=None, complex=None, price=None, comment="", today=None):
    """Open the deal of a lead for an apartment (or a whole complex), move the lead to «Сделка» and
    calculate the cashback. The buyer is the lead's account, if it has one."""
    lead = Lead.objects.select_for_update().get(pk=lead.pk)
    if lead.deals.exclude(stage=DealStage.CANCELLED).exists():
        raise DealRefused(_("У этой заявки уже есть сделка."))
    if apartment is not None:
        if complex is not None and apartment.complex_id != complex.pk:
            raise DealRefused(_("Квартира не из выбранного жилого комплекса."))
        complex = apartment.complex
    if apartment is None and complex is None:
        raise DealRefused(_("Укажите квартиру или жилой комплекс."))
    if price is None and apartment is not None:
        price = apartment.price
    if price is None or price <= 0:
        raise DealRefused(_("Укажите цену больше нуля."))
    if lead.stage != LeadStage.DEAL:
        try:
            move_to_stage(lead, LeadStage.DEAL, by=by, comment=comment)
        except StageChangeRefused as refused:
            raise DealRefused(refused.message) from None
    deal = Deal.objects.create(
        lead=lead,
        buyer_id=lead.user_id,
        apartment=apartment,
        complex=complex,
        developer_id=complex.developer_id if complex else None,
        object_title=(apartment or complex).title[:255],
        price=price,
        opened_on=today or timezone.localdate(),
        created_by=by,
    )
    DealEvent.objects.create(
        deal=deal, what=DealEvent.What.OPENED, to_value=DealStage.RESERVED.label, comment=comment, author=by
    )
    cashback.recalculate(deal, by=by)
    return deal


def _locked(deal):
    return Deal.objects.select_for_update(of=("self",)).select_related("lead").get(pk=deal.pk)


@transaction.atomic
def move_deal(deal, stage, *, by=None, comment="", lost_reason=""):
    """Move the deal to the next stage, close it (lead won) or cancel it (lead lost, cashback cancelled)."""
    locked = _locked(deal)
    stage = DealStage(stage)
    current = DealStage(locked.stage)
    if stage not in DEAL_MOVES[current]:
        raise DealRefused(
            _("Нельзя перевести сделку из этапа «%(from)s» в «%(to)s».") % {"from": current.label, "to": stage.label}
        )
    if stage == DealStage.CANCELLED:
        if not comment.strip():
            raise DealRefused(_("Укажите причину отмены сделки."))
        if lost_reason not in LostReason.values:
            raise DealRefused(_("Укажите причину отказа для заявки."))
    locked.stage = stage
    locked.closed_at = timezone.now() if stage in (DealStage.CLOSED, DealStage.CANCELLED) else None
    locked.save(update_fields=["stage", "closed_at", "updated_at"])
    DealEvent.objects.create(
        deal=locked,
        what=DealEvent.What.STAGE,
        from_value=current.label,
        to_value=stage.label,
        comment=comment,
        author=by,
    )
    try:
        if stage == DealStage.CLOSED:
            move_to_stage(locked.lead, LeadStage.WON, by=by, comment=comment)
        elif stage == DealStage.CANCELLED:
            if locked.cashback_status != CashbackStatus.CANCELLED:
                cashback.set_cashback_status(locked, CashbackStatus.CANCELLED, by=by, comment=comment)
            if locked.lead.stage == LeadStage.DEAL:
                move_to_stage(locked.lead, LeadStage.LOST, by=by, lost_reason=lost_reason, comment=comment)
    except StageChangeRefused as refused:
        raise DealRefused(refused.message) from None
    deal.stage, deal.closed_at, deal.updated_at = locked.stage, locked.closed_at, locked.updated_at
    deal.cashback_status = Deal.objects.values_list("cashback_status", flat=True).get(pk=deal.pk)
    return deal


@transaction.atomic
def change_price(deal, price, *, by=None, comment=""):
    """A new price for an open deal (a discount, a different lot); the cashback follows while it may."""
    locked = _locked(deal)
    if not locked.is_open:
        raise DealRefused(_("Сделка закрыта: цену изменить нельзя."))
    if price is None or price <= 0:
        raise DealRefused(_("Укажите цену больше нуля."))
    if price == locked.price:
        return deal
    before = locked.price
    locked.price = price
    locked.save(update_fields=["price", "updated_at"])
    DealEvent.objects.create(
        deal=locked,
        what=DealEvent.What.PRICE,
        from_value=cashback.money_label(before),
        to_value=cashback.money_label(price),
        comment=comment,
        author=by,
    )
    cashback.recalculate(locked, by=by)
    locked.refresh_from_db()
    return locked


# -- payout documents ----------------------------------------------------------------------------------------------


def check_document(upload):
    """The file's content type, or DealRefused with what is wrong with it (size, type, content)."""
    max_size = settings.LEADS_DOCUMENT_MAX_SIZE
    if upload.size == 0:
        raise DealRefused(_("Файл пустой."))
    if upload.size > max_size:
        raise DealRefused(
            _("Файл больше %(max)s: уменьшите его или разделите на части.") % {"max": filesizeformat(max_size)}
        )
    extension = PurePath(upload.name).suffix.lower().lstrip(".")
    if extension not in DOCUMENT_TYPES:
        raise DealRefused(_("Можно загрузить PDF, JPG, PNG или DOCX, а это «.%(ext)s».") % {"ext": extension or "?"})
    content_type, signature = DOCUMENT_TYPES[extension]
    upload.seek(0)
    head = upload.read(len(signature))
    upload.seek(0)
    if head != signature:
        raise DealRefused(
            _("Содержимое файла не похоже на %(ext)s: файл повреждён или переименован.") % {"ext": extension.upper()}
        )
    return content_type


@transaction.atomic
def attach_document(deal, upload, *, title, by=None, visible_to_buyer=True):
    locked = _locked(deal)
    content_type = check_document(upload)
    limit = settings.LEADS_DOCUMENTS_PER_DEAL
    if locked.documents.count() >= limit:
        raise DealRefused(_("У сделки уже %(n)s документов — это предел. Удалите ненужные.") % {"n": limit})
    title = (title or "").strip() or PurePath(upload.name).stem
    document = DealDocument(
        deal=locked,
        title=title[:200],
        content_type=content_type,
        size=upload.size,
        visible_to_buyer=visible_to_buyer,
        uploaded_by=by,
    )
    document.file.save(PurePath(upload.name).name, upload, save=False)
    try:
        document.save()
    except Exception:
        document.file.delete(save=False)  # no row, so no file left behind
        raise
    DealEvent.objects.create(deal=locked, what=DealEvent.What.DOCUMENT, to_value=document.title[:255], author=by)
    return document


@transaction.atomic
def remove_document(document, *, by=None):
    _locked(document.deal)
    title = document.title
    name = document.file.name
    storage = document.file.storage
    document.delete()
    DealEvent.objects.create(deal_id=document.deal_id, what=DealEvent.What.DOCUMENT, from_value=title[:255], author=by)
    transaction.on_commit(lambda: storage.delete(name))
