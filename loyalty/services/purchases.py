"""Joining the club, recording and refunding purchases, waiting purchases, manual adjustments."""

from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from catalog.models.partners import now as club_now
from core.money import format_rubles
from core.phones import to_e164
from loyalty.models import ClubPartner, ClubRules, LedgerEntry, Member, Purchase
from loyalty.services import badges, chains, coupons, fund, offers, referrals, rollups
from loyalty.services.ledger import (
    ZERO,
    ClubError,
    credit,
    credit_line,
    debit,
    expire_due,
    lock_member,
    points,
    save_balance,
    take_back,
)
from loyalty.services.tiers import recompute_tier

Kind = LedgerEntry.Kind


def join(user, phone, consent, *, invited_by=None, ip=None, at=None) -> Member:
    """Make `user` a member (or return their membership). Needs the consent to share purchase data with partners
    (152-ФЗ), stored with its time. Purchases already waiting under this phone are credited at once.
    `invited_by`: the member whose invite brought them (services.inviter_from_code); `ip`: the joining request's
    address, kept so an invitation from the same address earns nothing."""
    if not consent:
        raise ClubError(
            _("Чтобы вступить в клуб, нужно согласие на передачу данных о покупках партнёрам клуба."),
            code="consent_required",
        )
    phone = to_e164(phone)
    at = at or club_now()
    with transaction.atomic():
        member = Member.objects.select_for_update().filter(user=user).first()
        if member is not None:
            return member
        if Member.objects.filter(phone=phone).exists():
            raise ClubError(_("Этот номер телефона уже есть в клубе."), code="phone_taken")
        try:
            with transaction.atomic():
                member = Member.objects.create(
                    user=user, phone=phone, consent_at=at, joined_at=at, tier_since=at, invited_by=invited_by,
                    join_ip=ip or None,
                )  # fmt: skip
        except IntegrityError:  # the same phone joined a moment ago
            raise ClubError(_("Этот номер телефона уже есть в клубе."), code="phone_taken") from None
        credit_waiting_purchases(member, at=at)
    return member


def available_from(purchase, partner_settings, rules, at):
    """When the purchase's points may be spent: after the return window (an old imported purchase's at once)."""
    return max(purchase.purchased_at + timedelta(days=partner_settings.return_window(rules)), at)


def earn(member, purchase, rules, at, partner_settings=None, *, save=True):
    """Points for the purchase at the member's tier rate, pending until the partner's return window passes.
    Returns the ledger line (unsaved with `save=False`, for a bulk insert), or None when it earns nothing."""
    amount = points(purchase.paid * rules.rate(member.tier))
    purchase.credited_at = at
    if amount <= 0:
        return None
    line = credit_line(
        member, Kind.EARN, amount, at=at, purchase=purchase,
        available_at=available_from(purchase, partner_settings or ClubPartner.of(purchase.partner), rules, at),
        lifetime_days=rules.points_lifetime_days,
    )  # fmt: skip
    if save:
        line.save(force_insert=True)
    return line


def promotions(member, purchase, rules, at, available_at):
    """What the purchase does beyond its own points: an offer's coupon redeemed, steps of cross-promo chains, the
    invitation's reward on a first purchase, badges."""
    offers.redeemed(member, purchase, at)
    chains.advance(member, purchase, at=at, available_at=available_at, lifetime_days=rules.points_lifetime_days)
    referral = referrals.on_first_purchase(member, purchase, rules, at=at, available_at=available_at)
    badges.after_purchase(member, purchase, at, referral)


def to_amount(value, field):
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError, TypeError):
        amount = None
    if amount is None or amount < 0 or (field == "amount" and amount == 0):
        messages = {
            "amount": _("Сумма покупки должна быть больше нуля."),
            "spend_points": _("Число баллов не может быть отрицательным."),
        }
        raise ClubError(messages[field], code=f"invalid_{field}")
    return amount


class DocumentTaken(Exception):
    """The purchase's (partner, document) was inserted by another transaction meanwhile: its transaction (or
    savepoint) is rolled back whole, and record_purchase returns the purchase recorded first. (A savepoint around
    the insert alone cost two more round trips on every accrual.)"""


def record_purchase(
    partner,
    external_id,
    amount,
    member_or_phone,
    *,
    source,
    category=None,
    spend_points=0,
    coupon_code=None,
    description="",
    purchased_at=None,
) -> tuple[Purchase, bool]:
    """Record a purchase at `partner` (a catalog.BusinessPage); returns (purchase, created).

    Idempotent: the same (partner, external_id) again returns the first purchase and changes nothing.
    `member_or_phone`: a Member, or a phone as typed (a purchase by a phone nobody joined with waits for them).
    `spend_points` pays part of it with points (available ones, oldest first; at most the rules' share),
    `coupon_code` applies a coupon within its limits. Points are earned on what was paid in money, at the
    member's tier rate, pending until the partner's return window passes; the tier is then recounted.
    Refusals raise ClubError with a message for the cashier, and nothing is written."""
    external_id = str(external_id or "").strip()
    if not external_id:
        raise ClubError(_("Укажите номер чека или документа."), code="external_id_required")
    amount = to_amount(amount, "amount")
    spend_points = to_amount(spend_points or 0, "spend_points")
    at = club_now()
    purchased_at = purchased_at or at
    if purchased_at > at + timedelta(minutes=5):
        raise ClubError(_("Дата покупки не может быть в будущем."), code="purchase_in_future")
    member, phone = (member_or_phone, member_or_phone.phone) if isinstance(member_or_phone, Member) else (None, None)
    if member is None:
        phone = to_e164(str(member_or_phone or ""))
        member = Member.objects.filter(phone=phone).first()
    partner_settings = ClubPartner.of(partner)
    try:
        with transaction.atomic():
            if member is not None:
                member = lock_member(member)
            existing = Purchase.objects.filter(partner=partner, external_id=external_id).first()
            if existing is not None:
                return existing, False
            if member is None and (spend_points or coupon_code):
                raise ClubError(
                    _("Списать баллы или применить купон может только участница клуба."), code="not_a_member"
                )
            rules = ClubRules.current()
            purchase = Purchase(
                partner=partner,
                external_id=external_id,
                member=member,
                phone=phone,
                amount=amount,
                category_id=category.pk if category else partner.category_id,
                description="" if partner_settings.is_medical else description[:255],
                source=source,
                purchased_at=purchased_at,
            )
            coupon, bonus = None, ZERO
            if coupon_code:
                coupon = coupons.find_coupon(coupon_code, lock=True)
                coupons.check_coupon(coupon, member, partner, coupons.today(at))
                purchase.discount, bonus = coupons.coupon_effect(coupon, amount)
            if spend_points:
                limit = points(purchase.turnover * rules.max_points_share / 100)
                if spend_points > limit:
                    raise ClubError(
                        _("Баллами можно оплатить не больше %(limit)s этой покупки.") % {"limit": format_rubles(limit)},
                        code="points_share",
                    )
                purchase.points_spent = spend_points
            purchase.credited_at = at if member is not None else None  # earn() below, in this transaction
            try:
                purchase.save()
            except IntegrityError:
                raise DocumentTaken from None
            fund.contribute(purchase, rules, at)
            if coupon is None:  # no redemption row: offers.redeemed need not look for one
                Purchase.coupon_redemption.related.set_cached_value(purchase, None)
            if member is not None:
                if spend_points:
                    expire_due(member, at)
                    debit(member, Kind.SPEND, spend_points, at=at, purchase=purchase)
                if coupon is not None:
                    coupons.redeem(coupon, member, purchase, bonus, at)
                    if bonus:
                        credit(
                            member, Kind.BONUS, bonus, at=at, purchase=purchase,
                            available_at=available_from(purchase, partner_settings, rules, at),
                            lifetime_days=rules.points_lifetime_days,
                        )  # fmt: skip
                line = earn(member, purchase, rules, at, partner_settings)
                purchase.earned_points = line.amount if line is not None else ZERO  # for the cashier's message
                promotions(member, purchase, rules, at, available_from(purchase, partner_settings, rules, at))
                save_balance(member)
                recompute_tier(member, rules, at)
                rollups.add_purchases([purchase])
                rollups.forget_periods([(purchase.partner_id, purchase.purchased_at)], at)
    except DocumentTaken:  # the same document recorded a moment ago (a purchase nobody's lock covered)
        return Purchase.objects.get(partner=partner, external_id=external_id), False
    return purchase, True


def credit_waiting_purchases(member, *, at=None) -> int:
    """Purchases recorded under the member's phone before they joined: theirs now, with points. Returns how many."""
    at = at or club_now()
    with transaction.atomic():
        member = lock_member(member)
        waiting = list(
            Purchase.objects.select_for_update()
            .select_related("partner")
            .filter(member__isnull=True, phone=member.phone, refunded_at__isnull=True)
            .order_by("purchased_at", "pk")
        )
        if not waiting:
            return 0
        rules = ClubRules.current()
        for purchase in waiting:
            purchase.member = member
            earn(member, purchase, rules, at)
            purchase.save(update_fields=["member", "credited_at"])
            if purchase.refunded_amount:  # refunded in part while it waited
                reverse_share(member, purchase, ZERO, purchase.refunded_amount, rules, at)
        save_balance(member)
        recompute_tier(member, rules, at)
        rollups.add_purchases(waiting)
        rollups.forget_periods([(purchase.partner_id, purchase.purchased_at) for purchase in waiting], at)
    return len(waiting)


def refund_purchase(purchase, *, amount=None, external_id="", at=None) -> Purchase:
    """The partner took the purchase back, whole (`amount` None: what is left of it) or a part of it (`amount`
    rubles of the purchase's amount, the same base as Purchase.amount, before the coupon and the points).

    A part reverses the same share of everything the purchase moved, as the partner gives back the same share of
    the money and of the points: that share of the points it earned (and of a coupon's bonus points) is taken back
    (as far as the balance allows; the rest is written off and noted on the line), the same share of the points
    spent on it comes back as new points, and the same share of its turnover stops counting for the tier. Shares
    are counted on the refunds' running total (rounded down each time), so several parts add up exactly to the
    whole. What only the whole purchase brought — the chain steps it did, the invitation's reward, the coupon's
    use and the offer's redemption — is undone only when the last ruble goes back (see `undo_promotions`).

    Refunds add up to the purchase's amount at most: more than is left is refused (ClubError) and changes nothing,
    and so is a refund of a purchase already returned whole when an amount is given. Without an amount, refunding
    a purchase already returned whole changes nothing. `external_id`: the refund's number in the partner's system
    (connectors, files): the same number again for the same purchase changes nothing. A purchase still waiting for
    its member keeps the refunds, and they are applied when its points are credited. The tier is recounted."""
    at = at or club_now()
    external_id = str(external_id or "").strip()[:100]
    if amount is not None:
        amount = to_refund_amount(amount)
    with transaction.atomic():
        purchase = Purchase.objects.select_for_update().get(pk=purchase.pk)
        if external_id and purchase.refunds.filter(external_id=external_id).exists():
            return purchase
        left = purchase.refundable
        if amount is None:
            if not left:
                return purchase
            amount = left
        if amount > left:
            raise ClubError(
                _("Нельзя вернуть %(amount)s: по этой покупке осталось вернуть %(left)s.")
                % {"amount": format_rubles(amount, sign=False), "left": format_rubles(left, sign=False)},
                code="refund_too_much",
            )
        before = purchase.refunded_amount
        refund = purchase.refunds.create(external_id=external_id, amount=amount, created_at=at)
        purchase.refunded_amount = before + amount
        purchase.refunded_turnover = share(purchase.turnover, purchase, purchase.refunded_amount)
        whole = purchase.refunded_amount == purchase.amount
        if whole:
            purchase.refunded_at = at
        purchase.save(update_fields=["refunded_amount", "refunded_turnover", "refunded_at"])
        fund.reverse_refund(purchase, refund, before, purchase.refunded_amount, at)
        if purchase.member_id is not None:  # the dashboards' figures: revenue, and the first purchase when whole
            if whole:
                rollups.rebuild_spans([purchase.member_id])
            rollups.forget_periods([(purchase.partner_id, purchase.purchased_at)], at)
        if purchase.member_id is None or purchase.credited_at is None:
            return purchase
        member = lock_member(purchase.member_id)
        rules = ClubRules.current()
        reverse_share(member, purchase, before, purchase.refunded_amount, rules, at)
        if whole:
            undo_promotions(member, purchase, at)
        save_balance(member)
        recompute_tier(member, rules, at)
    return purchase


def to_refund_amount(value):
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError, TypeError):
        amount = None
    if amount is None or amount <= 0:
        raise ClubError(_("Сумма возврата должна быть больше нуля."), code="invalid_refund_amount")
    return amount


def share(value, purchase, refunded):
    """The part of `value` that `refunded` rubles of the purchase's amount stand for (all of it for the whole)."""
    if refunded >= purchase.amount:
        return value
    return points(value * refunded / purchase.amount)


def reverse_share(member, purchase, before, after, rules, at):
    """Reverse what the refunds from `before` to `after` rubles stand for (member and purchase locked)."""
    lines = list(purchase.ledger.filter(member=member, reverses__isnull=True))
    for spend in (line for line in lines if line.kind == Kind.SPEND):
        back = share(-spend.amount, purchase, after) - share(-spend.amount, purchase, before)
        if back > 0:
            credit(
                member, Kind.REVERSAL, back, at=at, purchase=purchase, reverses=spend,
                lifetime_days=rules.points_lifetime_days,
            )  # fmt: skip
    for lot in (line for line in lines if line.kind in (Kind.EARN, Kind.BONUS)):
        due = share(lot.amount, purchase, after) - share(lot.amount, purchase, before)
        if due > 0:
            take_back(member, lot, at, due)
    if after >= purchase.amount:
        for lot in (line for line in lines if line.kind == Kind.CHAIN):
            take_back(member, lot, at)


def undo_promotions(member, purchase, at):
    """A purchase refunded whole no longer counts for what it did beyond its own points (members locked): the
    chain steps it did are undone (their points are taken back by `reverse_share`), the invitation's reward it
    brought is taken back and the invitation waits for the next purchase, its coupon use is given back and the
    offer's redemption no longer counts. Badges stay: they mark a moment, not a balance."""
    chains.undo(member, purchase, at)
    referrals.undo(member, purchase, at)
    coupons.give_back(purchase, at)
    offers.unredeemed(purchase, at)


def adjust(member, amount, *, note, by, at=None) -> LedgerEntry:
    """The superuser corrects a balance by hand: a positive amount is credited (available at once, expiring like
    other points), a negative one debited (never below zero). `note` says why."""
    if not (by.is_active and by.is_superuser):
        raise PermissionDenied
    if not (note or "").strip():
        raise ClubError(_("Напишите, почему меняется баланс."), code="note_required")
    amount = Decimal(str(amount)).quantize(Decimal("0.01"))
    if not amount:
        raise ClubError(_("Укажите ненулевое число баллов."), code="zero_adjustment")
    at = at or club_now()
    with transaction.atomic():
        member = lock_member(member)
        if amount > 0:
            line = credit(
                member, Kind.ADJUSTMENT, amount, at=at, note=note, created_by=by,
                lifetime_days=ClubRules.current().points_lifetime_days,
            )  # fmt: skip
        else:
            expire_due(member, at)
            line = debit(member, Kind.ADJUSTMENT, -amount, at=at, note=note, created_by=by)
        save_balance(member)
    return line


__all__ = ["credit_waiting_purchases", "join", "record_purchase", "refund_purchase"]
