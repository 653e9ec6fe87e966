"""Cashback: which rule applies to a deal, how much it is, and its statuses (the only writer of them).

Precedence: a rule for the deal's complex beats one for its developer, which beats the site's default rule
(neither complex nor developer). Only active rules valid on the deal's opening day count; among equals the one
that started latest (then the newest) wins. Amount = price × percent / 100, rounded half up to kopecks, then
capped. The amount follows the price and the rules while the deal is open and the cashback is not yet
«готов к выплате»; from then on it is fixed.

Statuses: не начислен ↔ начислен (by calculation) → готов к выплате (deal closed; the buyer is told) →
выплачен; начислен / готов → отменён (also when the deal is cancelled)."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from leads.models import CashbackRule, CashbackStatus, Deal, DealEvent, DealStage
from notifications.services import notify, notify_address

KOPECK = Decimal("0.01")

CASHBACK_MOVES = {
    CashbackStatus.NONE: {CashbackStatus.CANCELLED},
    CashbackStatus.ACCRUED: {CashbackStatus.READY, CashbackStatus.CANCELLED},
    CashbackStatus.READY: {CashbackStatus.PAID, CashbackStatus.CANCELLED},
    CashbackStatus.PAID: set(),
    CashbackStatus.CANCELLED: set(),
}
# While the amount may still change.
RECALCULABLE = (CashbackStatus.NONE, CashbackStatus.ACCRUED)


class CashbackRefused(Exception):
    def __init__(self, message):
        self.message = message
        super().__init__(str(message))


def cashback_amount(price, percent, cap=None) -> Decimal:
    amount = (Decimal(price) * Decimal(percent) / 100).quantize(KOPECK, rounding=ROUND_HALF_UP)
    return min(amount, cap) if cap is not None else amount


def rules_valid_on(site_id, day):
    return CashbackRule.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=day),
        Q(valid_until__isnull=True) | Q(valid_until__gte=day),
        site_id=site_id,
        is_active=True,
    )


def pick_rule(rules, *, complex_id, developer_id):
    """The winning rule among `rules` (already valid and active) for a deal in that complex of that developer."""

    def level(rule):
        if rule.complex_id:
            return 3 if rule.complex_id == complex_id else 0
        if rule.developer_id:
            return 2 if rule.developer_id == developer_id else 0
        return 1

    candidates = [rule for rule in rules if level(rule)]
    if not candidates:
        return None
    return max(candidates, key=lambda rule: (level(rule), rule.valid_from or date.min, rule.pk))


def rule_for(deal, rules=None):
    if rules is None:
        rules = rules_valid_on(deal.lead.site_id, deal.opened_on)
    return pick_rule(rules, complex_id=deal.complex_id, developer_id=deal.developer_id)


def money_label(amount):
    return f"{floatformat(amount, '2g')} ₽"


def recalculate(deal, *, by=None, rules=None):
    """Apply the current rule to an open deal whose cashback may still change; returns True if it changed.

    Call inside a transaction holding the deal's row lock (the services in leads/deals.py do)."""
    if not deal.is_open or deal.cashback_status not in RECALCULABLE:
        return False
    rule = rule_for(deal, rules)
    before = (deal.cashback_rule_id, deal.cashback_percent, deal.cashback_cap, deal.cashback_amount)
    before_status = deal.cashback_status
    if rule is None:
        deal.cashback_rule, deal.cashback_percent, deal.cashback_cap = None, Decimal(0), None
        deal.cashback_amount = Decimal(0)
    else:
        deal.cashback_rule, deal.cashback_percent, deal.cashback_cap = rule, rule.percent, rule.cap
        deal.cashback_amount = cashback_amount(deal.price, rule.percent, rule.cap)
    deal.cashback_status = CashbackStatus.ACCRUED if deal.cashback_amount > 0 else CashbackStatus.NONE
    after = (deal.cashback_rule_id, deal.cashback_percent, deal.cashback_cap, deal.cashback_amount)
    if before == after and before_status == deal.cashback_status:
        return False
    deal.save(
        update_fields=[
            "cashback_rule",
            "cashback_percent",
            "cashback_cap",
            "cashback_amount",
            "cashback_status",
            "updated_at",
        ]
    )
    DealEvent.objects.create(
        deal=deal,
        what=DealEvent.What.CASHBACK,
        from_value=money_label(before[3]),
        to_value=money_label(deal.cashback_amount),
        comment=str(
            _("Правило «%(rule)s», %(percent)s %%") % {"rule": rule.name, "percent": rule.percent}
            if rule
            else _("Ни одно правило кэшбека не подходит")
        ),
        author=by,
    )
    return True


@transaction.atomic
def recalculate_open_deals(site_id, *, by=None):
    """After a rule of the site changed: re-apply the rules to its open deals whose cashback may still change.

    One query for the deals and one per deal's day for the rules; a write only where the amount changed."""
    deals = list(
        Deal.objects.select_for_update(of=("self",))
        .select_related("lead")
        .filter(lead__site_id=site_id, cashback_status__in=RECALCULABLE)
        .exclude(stage__in=(DealStage.CLOSED, DealStage.CANCELLED))
        .order_by("pk")
    )
    rules_by_day = {}
    changed = 0
    for deal in deals:
        if deal.opened_on not in rules_by_day:
            rules_by_day[deal.opened_on] = list(rules_valid_on(site_id, deal.opened_on))
        changed += recalculate(deal, by=by, rules=rules_by_day[deal.opened_on])
    return changed


@transaction.atomic
def set_cashback_status(deal, status, *, by=None, comment=""):
    """Move the cashback to `status` (with a history line), or raise CashbackRefused. «Готов к выплате»
    tells the buyer through the outbox, in this transaction (a rollback sends nothing)."""
    locked = Deal.objects.select_for_update(of=("self",)).select_related("lead", "buyer").get(pk=deal.pk)
    status = CashbackStatus(status)
    current = CashbackStatus(locked.cashback_status)
    if status not in CASHBACK_MOVES[current]:
        raise CashbackRefused(
            _("Нельзя перевести кэшбек из статуса «%(from)s» в «%(to)s».") % {"from": current.label, "to": status.label}
        )
    if status == CashbackStatus.READY:
        if locked.stage != DealStage.CLOSED:
            raise CashbackRefused(_("Кэшбек можно выплатить только по закрытой сделке."))
        if locked.cashback_amount <= 0:
            raise CashbackRefused(_("Сумма кэшбека равна нулю: выплачивать нечего."))
    if status == CashbackStatus.CANCELLED and not comment.strip():
        raise CashbackRefused(_("Укажите причину отмены кэшбека."))
    locked.cashback_status = status
    locked.save(update_fields=["cashback_status", "updated_at"])
    DealEvent.objects.create(
        deal=locked,
        what=DealEvent.What.CASHBACK,
        from_value=current.label,
        to_value=status.label,
        comment=comment,
        author=by,
    )
    if status in (CashbackStatus.READY, CashbackStatus.PAID):
        tell_buyer(locked, "cashback.ready" if status == CashbackStatus.READY else "cashback.paid")
    deal.cashback_status, deal.updated_at = locked.cashback_status, locked.updated_at
    return deal


def cabinet_url(deal):
    with translation.override(settings.LANGUAGE_CODE):
        return deal.lead.site.root_url + reverse("cabinet:cashback")


def tell_buyer(deal, kind):
    """The buyer's account if the deal has one; otherwise the email, else the phone, the lead gave."""
    context = {"title": deal.object_title, "amount": money_label(deal.cashback_amount), "url": cabinet_url(deal)}
    if deal.buyer_id:
        return notify(deal.buyer, kind, context)
    if deal.lead.email:
        return [notify_address("email", deal.lead.email, kind, context)]
    if deal.lead.phone:
        return [notify_address("sms", deal.lead.phone, kind, context)]
    return []
