"""The points ledger's primitives. Every function here runs inside the caller's transaction, with the member's
row locked by `lock_member`: the balance fields move in the same transaction as the line that explains them,
and one member's writes never interleave (so the balance never goes below zero, whatever runs at once)."""

from datetime import timedelta
from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from core.money import format_rubles
from loyalty.models import LedgerEntry, Member

ZERO = Decimal(0)
CENT = Decimal("0.01")


class ClubError(ValidationError):
    """A request the club refuses, with a message for the person who asked (nothing was changed)."""


def points(value) -> Decimal:
    """Points are kept to the kopeck (1 point = 1 ruble), rounded down in the club's favour."""
    return Decimal(value).quantize(CENT, rounding=ROUND_DOWN)


def lock_member(member_or_id) -> Member:
    """The member's row, locked until the transaction ends, with its current balance."""
    pk = getattr(member_or_id, "pk", member_or_id)
    # of=self: the account's row stays unlocked (a login updating it must not wait for a cashier)
    return Member.objects.select_for_update(of=("self",)).select_related("user").get(pk=pk)


def save_balance(member):
    member.save(update_fields=["points_available", "points_pending"])


def credit(member, kind, amount, *, at, available_at=None, lifetime_days=None, **fields) -> LedgerEntry:
    """A credit line (a lot): pending until `available_at` if that is still ahead, then spendable."""
    line = credit_line(member, kind, amount, at=at, available_at=available_at, lifetime_days=lifetime_days, **fields)
    line.save(force_insert=True)
    return line


def credit_line(member, kind, amount, *, at, available_at=None, lifetime_days=None, **fields) -> LedgerEntry:
    """`credit`'s line, unsaved (for a bulk insert by the caller), with the member's balance already moved."""
    available_at = available_at or at
    pending = available_at > at
    line = LedgerEntry(
        member=member,
        kind=kind,
        amount=amount,
        remaining=amount,
        pending=pending,
        available_at=available_at,
        expires_at=available_at + timedelta(days=lifetime_days) if lifetime_days else None,
        released_at=None if pending else at,
        created_at=at,
        **fields,
    )
    if pending:
        member.points_pending += amount
    else:
        member.points_available += amount
    return line


def available_lots(member):
    """The member's spendable lots, the ones that expire first (then the oldest) first."""
    return member.ledger.filter(pending=False, remaining__gt=0).order_by(
        F("expires_at").asc(nulls_last=True), "created_at", "pk"
    )


def take_oldest(member, amount):
    """Use `amount` of the member's available lots, oldest first (the caller writes the debit line)."""
    left = amount
    for lot in available_lots(member):
        used = min(lot.remaining, left)
        lot.remaining -= used
        lot.save(update_fields=["remaining"])
        left -= used
        if not left:
            return
    raise AssertionError(f"member {member.pk}: lots hold less than the available balance")  # verify_balances finds it


def debit(member, kind, amount, *, at, **fields) -> LedgerEntry:
    """Take `amount` from the available balance, oldest points first; refuses to go below zero."""
    if amount > member.points_available:
        raise ClubError(
            _("Недостаточно баллов: доступно %(available)s.") % {"available": format_rubles(member.points_available)},
            code="not_enough_points",
        )
    take_oldest(member, amount)
    member.points_available -= amount
    return LedgerEntry.objects.create(member=member, kind=kind, amount=-amount, created_at=at, **fields)


def expire_due(member, at) -> int:
    """Expire what is left of the member's lots whose time has come (one line per lot); returns how many."""
    lots = list(member.ledger.filter(pending=False, remaining__gt=0, expires_at__lte=at).order_by("expires_at", "pk"))
    for lot in lots:
        LedgerEntry.objects.create(
            member=member, kind=LedgerEntry.Kind.EXPIRE, amount=-lot.remaining, reverses=lot, created_at=at
        )
        member.points_available -= lot.remaining
        lot.remaining = ZERO
        lot.save(update_fields=["remaining"])
    return len(lots)


def release_due(member, at) -> int:
    """Pending lots whose return window has passed become available; returns how many."""
    lots = list(member.ledger.filter(pending=True, remaining__gt=0, available_at__lte=at))
    for lot in lots:
        lot.pending = False
        lot.released_at = at
        lot.save(update_fields=["pending", "released_at"])
        member.points_pending -= lot.remaining
        member.points_available += lot.remaining
        if lot.remaining != lot.amount:  # partly reversed by a partial refund: the reversal is released with it
            lot.reversals.filter(pending=True).update(pending=False)
    return len(lots)


def take_back(member, lot, at, amount=None):
    """Take back `amount` (all of it by default) of a lot the refund reverses: while pending, from the lot itself;
    once available, what is left of the lot and then other points, never below zero."""
    amount = lot.amount if amount is None else amount
    if lot.pending:
        amount = min(amount, lot.remaining)
        if not amount:
            return
        LedgerEntry.objects.create(
            member=member, kind=LedgerEntry.Kind.REVERSAL, amount=-amount, pending=True, purchase=lot.purchase,
            reverses=lot, created_at=at,
        )  # fmt: skip
        member.points_pending -= amount
        lot.remaining -= amount
        lot.save(update_fields=["remaining"])
        return
    expire_due(member, at)
    lot.refresh_from_db(fields=["remaining"])  # expire_due may have just expired it
    wanted = min(amount, member.points_available)
    own = min(lot.remaining, wanted)
    lot.remaining -= own
    lot.save(update_fields=["remaining"])
    if wanted > own:
        take_oldest(member, wanted - own)
    member.points_available -= wanted
    note = ""
    if wanted < amount:
        note = str(_("Списано не всё: не хватило баллов, %(missing)s не возвращено.")) % {
            "missing": format_rubles(amount - wanted, sign=False)
        }
    LedgerEntry.objects.create(
        member=member, kind=LedgerEntry.Kind.REVERSAL, amount=-wanted, purchase=lot.purchase, reverses=lot, note=note,
        created_at=at,
    )  # fmt: skip
