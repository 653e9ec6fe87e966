"""The club's nightly jobs (loyalty/tasks.py runs them on the beat schedule). Each member is handled in a
transaction of their own, under the lock on their row, so a job never holds more than one member at a time."""

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import Min, Q, Sum
from django.db.models.functions import Coalesce

from catalog.models.partners import now as club_now
from loyalty import notify
from loyalty.models import BalanceDiscrepancy, ClubRules, LedgerEntry, Member
from loyalty.services.ledger import ZERO, expire_due, lock_member, release_due, save_balance

logger = logging.getLogger(__name__)


def members_with(lines):
    return lines.order_by().values_list("member_id", flat=True).distinct()


def release_pending(at=None) -> int:
    """Pending points whose return window has passed become available. Returns how many lots moved."""
    at = at or club_now()
    released = 0
    due = LedgerEntry.objects.filter(pending=True, remaining__gt=0, available_at__lte=at)
    for member_id in members_with(due):
        with transaction.atomic():
            member = lock_member(member_id)
            released += release_due(member, at)
            save_balance(member)
    return released


def expire_points(at=None) -> int:
    """Available points past their expiry are written off, the oldest first. Returns how many lots expired."""
    at = at or club_now()
    expired = 0
    due = LedgerEntry.objects.filter(pending=False, remaining__gt=0, expires_at__lte=at)
    for member_id in members_with(due):
        with transaction.atomic():
            member = lock_member(member_id)
            expired += expire_due(member, at)
            save_balance(member)
    return expired


def send_expiry_reminders(at=None) -> int:
    """One message per member whose points expire within the rules' reminder time; each lot is reminded of once.
    Returns how many members were told."""
    at = at or club_now()
    horizon = at + timedelta(days=ClubRules.current().expiry_reminder_days)
    due = LedgerEntry.objects.filter(
        pending=False, remaining__gt=0, reminded_at__isnull=True, expires_at__gt=at, expires_at__lte=horizon
    )
    told = 0
    for member_id in members_with(due):
        with transaction.atomic():
            member = lock_member(member_id)
            lots = due.filter(member=member)
            summary = lots.aggregate(points=Sum("remaining"), first=Min("expires_at"))
            if not summary["points"]:
                continue
            notify.points_expiring(member, summary["points"], summary["first"])
            lots.update(reminded_at=at)
            told += 1
    return told


def verify_balances(at=None) -> list[BalanceDiscrepancy]:
    """Recount every member's balance from the ledger; each difference is recorded (a BalanceDiscrepancy, the log,
    a message to the superusers). Changes no balance: a person looks into it."""
    at = at or club_now()
    members = Member.objects.annotate(
        ledger_available=Coalesce(Sum("ledger__amount", filter=Q(ledger__pending=False)), ZERO),
        ledger_pending=Coalesce(Sum("ledger__amount", filter=Q(ledger__pending=True)), ZERO),
    ).values_list("pk", "points_available", "points_pending", "ledger_available", "ledger_pending")
    found = []
    for pk, available, pending, ledger_available, ledger_pending in members.iterator():
        # Compared in Python: SQLite sums decimals as floats
        ledger_available, ledger_pending = (round(value, 2) for value in (ledger_available, ledger_pending))
        if available == ledger_available and pending == ledger_pending:
            continue
        found.append(
            BalanceDiscrepancy(
                member_id=pk,
                stored_available=available,
                ledger_available=ledger_available,
                stored_pending=pending,
                ledger_pending=ledger_pending,
                found_at=at,
            )
        )
        logger.error(
            "Club member %s: balance %s/%s, ledger says %s/%s (available/pending)",
            pk, available, pending, ledger_available, ledger_pending,
        )  # fmt: skip
    if found:
        with transaction.atomic():
            found = BalanceDiscrepancy.objects.bulk_create(found)
            notify.balance_mismatch(len(found))
    return found


__all__ = ["expire_points", "release_pending", "send_expiry_reminders", "verify_balances"]
