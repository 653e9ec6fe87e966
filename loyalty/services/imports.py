"""Importing a partner's purchases from a CSV or XLSX file: columns external_id, date, amount, phone, category.

`start_import` checks the file (size, type, header) and stores it as an ImportJob; `run_import` (a Celery task,
loyalty.tasks) reads it in batches and records each batch in one transaction with `record_purchases`: the same
rules as `record_purchase` (unique per partner and document, points at the tier rate, pending for the return
window, waiting purchases by phone), but with about nine statements per batch of 1 000 rows instead of some per
row (on PostgreSQL the rows go by COPY and the balances in one UPDATE), so a file of 100 000 rows takes under a
minute (bench/club_import.py). Bad rows are refused with their row number and reason; the rest are recorded."""

import csv
import functools
import io
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.models import BusinessCategory, Tier
from catalog.models.partners import now as club_now
from core.phones import to_e164
from loyalty.models import ClubPartner, ClubRules, EventFundLine, ImportJob, LedgerEntry, Member, Purchase
from loyalty.services import fund, rollups
from loyalty.services.ledger import ClubError
from loyalty.services.purchases import earn, record_purchase
from loyalty.services.tiers import counted_purchases, recompute_tier, tier_for

COLUMNS = ("external_id", "date", "amount", "phone", "category")
BATCH = 1000
MAX_ERRORS_KEPT = 200
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%d.%m.%Y %H:%M", "%Y-%m-%d %H:%M:%S")


def max_bytes():
    return settings.CLUB_IMPORT_MAX_BYTES


def max_rows():
    return settings.CLUB_IMPORT_MAX_ROWS


def start_import(partner, uploaded, *, by) -> ImportJob:
    """Check the uploaded file and queue it; ClubError (nothing stored) if it is too big, not CSV/XLSX, or lacks
    the columns."""
    name = uploaded.name or ""
    if uploaded.size > max_bytes():
        raise ClubError(
            _("Файл больше %(mb)s МБ: разделите его на части.") % {"mb": max_bytes() // (1024 * 1024)},
            code="file_too_big",
        )
    if not name.lower().endswith((".csv", ".xlsx")):
        raise ClubError(_("Загрузите файл CSV или XLSX."), code="file_type")
    content = uploaded.read()
    header, rows = read_rows(name, content)
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise ClubError(
            _("В файле нет столбцов: %(columns)s. Нужны: %(needed)s.")
            % {"columns": ", ".join(missing), "needed": ", ".join(COLUMNS)},
            code="file_columns",
        )
    total = sum(1 for _row in rows)
    if total > max_rows():
        raise ClubError(
            _("В файле больше %(rows)s строк: разделите его на части.") % {"rows": max_rows()}, code="file_too_long"
        )
    return ImportJob.objects.create(
        partner=partner, created_by=by, file_name=name[:255], content=content, total_rows=total
    )


def read_rows(name, content):
    """(header, an iterator of row dicts) of a CSV (UTF-8, comma or semicolon) or XLSX file; ClubError if unreadable."""
    try:
        if name.lower().endswith(".xlsx"):
            return xlsx_rows(content)
        return csv_rows(content)
    except (ValueError, KeyError, OSError, csv.Error, UnicodeDecodeError) as error:
        raise ClubError(_("Не удалось прочитать файл: %(error)s") % {"error": error}, code="file_unreadable") from None


def csv_rows(content):
    text = content.decode("utf-8-sig")
    dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = [cell.strip().lower() for cell in next(reader, [])]
    return header, (dict(zip(header, row, strict=False)) for row in reader if any(cell.strip() for cell in row))


def xlsx_rows(content):
    from zipfile import BadZipFile

    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except BadZipFile as error:
        raise ValueError(error) from None
    sheet = book.worksheets[0]
    cells = sheet.iter_rows(values_only=True)
    header = [str(cell or "").strip().lower() for cell in next(cells, ())]
    return header, (
        dict(zip(header, row, strict=False)) for row in cells if any(cell not in (None, "") for cell in row)
    )


def parse_row(row, categories, default_category, at):
    """The row's fields for a purchase, or ValidationError with the reason."""
    external_id = str(row.get("external_id") or "").strip()
    if not external_id:
        raise ValidationError(_("нет номера документа (external_id)"))
    if len(external_id) > 100:
        raise ValidationError(_("номер документа длиннее 100 символов"))
    purchased_at = parse_date(row.get("date"))
    if purchased_at > at:
        raise ValidationError(_("дата покупки в будущем"))
    try:
        amount = Decimal(str(row.get("amount") or "").replace(" ", "").replace(",", ".")).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ValidationError(_("сумма не число")) from None
    if amount <= 0 or amount >= Decimal("1e10"):
        raise ValidationError(_("сумма должна быть больше нуля"))
    phone = cached_e164(str(row.get("phone") or ""))
    category = str(row.get("category") or "").strip().lower()
    if category and category not in categories:
        raise ValidationError(_("неизвестная категория «%(category)s»") % {"category": category})
    return {
        "external_id": external_id,
        "purchased_at": purchased_at,
        "amount": amount,
        "phone": phone,
        "category": categories[category] if category else default_category,
    }


@functools.lru_cache(maxsize=10_000)
def cached_e164(raw):
    """to_e164 remembered: a file repeats its customers' phones, and parsing one costs about 0.1 ms."""
    return to_e164(raw)


def parse_date(value):
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time(12))
    else:
        text = str(value or "").strip()
        for pattern in DATE_FORMATS:
            try:
                moment = datetime.strptime(text, pattern)
                break
            except ValueError:
                continue
        else:
            raise ValidationError(_("дата не распознана (нужно ГГГГ-ММ-ДД или ДД.ММ.ГГГГ)"))
        if len(text) <= 10:
            moment = datetime.combine(moment.date(), time(12))  # a day without a time: its middle
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def run_import(job_id) -> ImportJob:
    """Read the job's file and record its rows batch by batch, counting as it goes; then forget the file."""
    job = ImportJob.objects.select_related("partner").get(pk=job_id)
    if job.status != ImportJob.Status.QUEUED:
        return job
    job.status = ImportJob.Status.RUNNING
    job.save(update_fields=["status"])
    partner = job.partner
    categories = {}
    for category in BusinessCategory.objects.all():
        categories[category.slug.lower()] = category
        categories[category.name.lower()] = category
    try:
        _header, rows = read_rows(job.file_name, bytes(job.content))
        batch, errors = [], []
        for number, row in enumerate(rows, 2):  # row 1 is the header
            try:
                batch.append((number, parse_row(row, categories, partner.category, club_now())))
            except ValidationError as error:
                errors.append({"row": number, "reason": " ".join(error.messages)})
            if len(batch) + len(errors) >= BATCH:
                flush(job, batch, errors)
                batch, errors = [], []
        flush(job, batch, errors)
    except ClubError as error:
        job.error = error.messages[0][:255]
        job.status = ImportJob.Status.FAILED
    else:
        job.status = ImportJob.Status.DONE
    job.content = b""
    job.finished_at = club_now()
    job.save(update_fields=["status", "error", "content", "finished_at"])
    return job


def flush(job, batch, errors):
    counts = record_purchases(job.partner, [fields for _number, fields in batch], source=Purchase.Source.IMPORT)
    for name, value in counts.items():
        setattr(job, name, getattr(job, name) + value)
    job.refused += len(errors)
    job.errors = (job.errors + errors)[:MAX_ERRORS_KEPT]
    job.processed += len(batch) + len(errors)
    job.save(update_fields=[*counts, "refused", "errors", "processed"])


def record_purchases(partner, rows, *, source) -> dict:
    """Record many purchases at `partner` at once (dicts with external_id, purchased_at, amount, phone, category),
    in one transaction; returns counts: created, matched (to a member), waiting (for one), skipped (recorded
    before, or repeated in `rows`). The rules are record_purchase's, except that a member's tier is recounted
    once per call, after all her purchases in it (so they all earn at her tier before the call)."""
    counts = {"created": 0, "matched": 0, "waiting": 0, "skipped": 0}
    if not rows:
        return counts
    at = club_now()
    try:
        with transaction.atomic():
            seen = set(
                Purchase.objects.filter(partner=partner, external_id__in=[row["external_id"] for row in rows])
                .values_list("external_id", flat=True)
            )  # fmt: skip
            fresh = []
            for row in rows:
                if row["external_id"] in seen:
                    counts["skipped"] += 1
                    continue
                seen.add(row["external_id"])
                fresh.append(row)
            locked = (
                Member.objects.select_for_update(of=("self",))
                .filter(phone__in={row["phone"] for row in fresh})
                .order_by("pk")
            )
            members = {member.phone: member for member in locked}
            rules, partner_settings = ClubRules.current(), ClubPartner.of(partner)
            purchases = [
                Purchase(partner=partner, member=members.get(row["phone"]), source=source, **row) for row in fresh
            ]
            lines = [
                earn(purchase.member, purchase, rules, at, partner_settings, save=False)
                for purchase in purchases
                if purchase.member is not None
            ]
            insert(Purchase, purchases)
            lines = [line for line in lines if line is not None]
            for line in lines:
                line.purchase = line.purchase  # the purchase has its key now
            insert(LedgerEntry, lines)
            shares = [fund.contribution_line(purchase, rules, at) for purchase in purchases]
            insert(EventFundLine, [line for line in shares if line is not None])
            save_balances([purchase.member for purchase in purchases if purchase.member is not None])
            recount_tiers(members.values(), rules, at)
            rollups.add_purchases(purchases)
            rollups.forget_periods([(partner.pk, purchase.purchased_at) for purchase in purchases], at)
    except IntegrityError:  # another import or the cashier recorded some of these a moment ago: one by one
        counts = {"created": 0, "matched": 0, "waiting": 0, "skipped": 0}
        for row in rows:
            fields = {name: value for name, value in row.items() if name != "phone"}
            purchase, created = record_purchase(partner, member_or_phone=row["phone"], source=source, **fields)
            counts["created" if created else "skipped"] += 1
            if created:
                counts["matched" if purchase.member_id else "waiting"] += 1
        return counts
    counts["created"] = len(purchases)
    counts["matched"] = sum(purchase.member is not None for purchase in purchases)
    counts["waiting"] = counts["created"] - counts["matched"]
    return counts


def insert(model, objects):
    """bulk_create, faster on PostgreSQL: the keys are taken from the table's sequence in one query and the rows
    sent with COPY (Django's INSERT quotes every value into the statement's text, which costs more than the
    database's work for a batch of 1 000 rows). The objects get their keys, as with bulk_create."""
    if not objects:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objects, batch_size=500)
        return
    meta = model._meta
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    text = {field.attname for field in fields if field.get_internal_type() in ("CharField", "TextField")}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(objects)],
        )
        for obj, (pk,) in zip(objects, cursor.fetchall(), strict=True):
            obj.pk = pk
        columns = ", ".join(connection.ops.quote_name(field.column) for field in [meta.pk, *fields])
        statement = f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN"
        with connection.wrap_database_errors, cursor.cursor.copy(statement) as copy:
            for obj in objects:
                row = [obj.pk]
                for field in fields:
                    value = field.pre_save(obj, True)  # True: adding (auto_now_add fields take the time)
                    row.append(str(value) if value is not None and field.attname in text else value)
                copy.write_row(row)
    for obj in objects:
        obj._state.adding, obj._state.db = False, connection.alias


def save_balances(members):
    """Write the members' two balances in one statement (PostgreSQL: an UPDATE from arrays, three parameters
    whatever the number of members; elsewhere Django's bulk_update, a CASE per field)."""
    members = list({member.pk: member for member in members}.values())
    if not members:
        return
    if connection.vendor != "postgresql":
        Member.objects.bulk_update(members, ["points_available", "points_pending"], batch_size=500)
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE loyalty_member AS m SET points_available = v.available, points_pending = v.pending "
            "FROM unnest(%s::bigint[], %s::numeric[], %s::numeric[]) AS v(pk, available, pending) WHERE m.id = v.pk",
            [
                [member.pk for member in members],
                [member.points_available for member in members],
                [member.points_pending for member in members],
            ],
        )


def recount_tiers(members, rules, at):
    """recompute_tier for the members (locked) whose tier may move: one query finds them, as the nightly does."""
    stats = {
        row["member"]: (row["turnover"], row["categories"])
        for row in counted_purchases(rules, at)
        .filter(member__in=[member.pk for member in members])
        .values("member")
        .annotate(turnover=Sum(F("amount") - F("discount")), categories=Count("category", distinct=True))
    }
    for member in members:
        if member.tier == Tier.INNER_CIRCLE:
            continue
        if tier_for(*stats.get(member.pk, (0, 0)), rules) != member.tier or member.downgrade_at is not None:
            recompute_tier(member, rules, at)


SUMMARY_LABELS = {
    "created": gettext_lazy("новых покупок"),
    "matched": gettext_lazy("найдены участницы"),
    "waiting": gettext_lazy("ждут участницу"),
    "skipped": gettext_lazy("повторы"),
    "refused": gettext_lazy("отклонено"),
}
