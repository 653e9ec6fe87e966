"""Figures for managers: what happened to publications in a period, by platform and state (from the events, so
a publication that failed and then went out counts in both), and the monitoring page's current counts."""

from datetime import datetime, time, timedelta

from django.db.models import Count
from django.utils import timezone

from publishing.models import PlatformAccount, Publication, PublicationEvent

State = Publication.State
REPORT_STATES = (State.QUEUED, State.PUBLISHED, State.FAILED, State.UNKNOWN, State.WITHDRAWN)


def current_counts():
    """[(account, {state: count}, total)] for every account, in one query."""
    counts = {}
    for row in Publication.objects.values("account_id", "state").annotate(n=Count("pk")).order_by():
        counts.setdefault(row["account_id"], {})[row["state"]] = row["n"]
    return [
        (
            account,
            [counts.get(account.pk, {}).get(state, 0) for state in State.values],
            sum(counts.get(account.pk, {}).values()),
        )
        for account in PlatformAccount.objects.order_by("platform")
    ]


def period_bounds(date_from, date_to):
    tz = timezone.get_current_timezone()
    return datetime.combine(date_from, time.min, tz), datetime.combine(date_to + timedelta(days=1), time.min, tz)


def period_report(date_from, date_to):
    """Rows (platform label, counts per REPORT_STATES, attempts) and the totals row: how many publications reached
    each state in the period, and how many sends were made."""
    start, end = period_bounds(date_from, date_to)
    events = PublicationEvent.objects.filter(at__gte=start, at__lt=end)
    reached = {}
    for row in (
        events.filter(to_state__in=REPORT_STATES)
        .values("publication__account__platform", "to_state")
        .annotate(n=Count("publication", distinct=True))
        .order_by()
    ):
        reached[(row["publication__account__platform"], row["to_state"])] = row["n"]
    attempts = dict(
        events.filter(to_state=State.PUBLISHING)
        .values_list("publication__account__platform")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rows = []
    for platform, label in PlatformAccount.Platform.choices:
        rows.append((label, [reached.get((platform, state), 0) for state in REPORT_STATES], attempts.get(platform, 0)))
    totals = ([sum(row[1][i] for row in rows) for i in range(len(REPORT_STATES))], sum(row[2] for row in rows))
    return rows, totals
