"""What the dashboards read instead of a million purchases (loyalty.services.analytics), kept where purchases are
written (loyalty.services.purchases, loyalty.services.imports), in the same transaction:

- `CustomerSpan`: each member's first and last counted purchase per partner and in the whole club. A new purchase
  moves them with one upsert (`add_purchases`); a purchase refunded whole rebuilds the member's rows from their
  purchases (`rebuild_spans`), since the first or last one may have gone.
- `PeriodFigures`: the overview's finished periods, stored by the dashboard that first computed them. A purchase
  recorded, credited to its member or refunded in a period that ended a day or more ago forgets that period's
  rows (`forget_periods`); a cashier's purchase, made now, forgets nothing.

`rebuild()` (the nightly job, and after bulk SQL loads such as the bench's) recomputes every span and drops the
stored periods. A counted purchase is one with a member, not refunded whole (analytics.purchases_in)."""

from datetime import timedelta

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from loyalty.models import CustomerSpan, PeriodFigures, Purchase
from loyalty.models.analytics import CLUB

SETTLED = timedelta(days=1)  # a period is stored once it ended this long ago (see analytics.overview)

UPSERT_SQL = """
INSERT INTO loyalty_customerspan (scope, member_id, first_at, first_purchase_id, last_at) VALUES {values}
ON CONFLICT (scope, member_id) DO UPDATE SET
  first_at = CASE WHEN excluded.first_at < loyalty_customerspan.first_at THEN excluded.first_at
                  ELSE loyalty_customerspan.first_at END,
  first_purchase_id = CASE
      WHEN excluded.first_at < loyalty_customerspan.first_at
        OR (excluded.first_at = loyalty_customerspan.first_at
            AND excluded.first_purchase_id < loyalty_customerspan.first_purchase_id)
      THEN excluded.first_purchase_id ELSE loyalty_customerspan.first_purchase_id END,
  last_at = CASE WHEN excluded.last_at > loyalty_customerspan.last_at THEN excluded.last_at
                 ELSE loyalty_customerspan.last_at END
"""

REBUILD_SQL = """
INSERT INTO loyalty_customerspan (scope, member_id, first_at, first_purchase_id, last_at)
SELECT scope, member_id, purchased_at, id, last_at FROM (
    SELECT partner_id AS scope, member_id, purchased_at, id,
           ROW_NUMBER() OVER (PARTITION BY partner_id, member_id ORDER BY purchased_at, id) AS n,
           MAX(purchased_at) OVER (PARTITION BY partner_id, member_id) AS last_at
    FROM loyalty_purchase WHERE member_id IS NOT NULL AND refunded_at IS NULL {members}
) AS per_partner WHERE n = 1
UNION ALL
SELECT 0, member_id, purchased_at, id, last_at FROM (
    SELECT member_id, purchased_at, id,
           ROW_NUMBER() OVER (PARTITION BY member_id ORDER BY purchased_at, id) AS n,
           MAX(purchased_at) OVER (PARTITION BY member_id) AS last_at
    FROM loyalty_purchase WHERE member_id IS NOT NULL AND refunded_at IS NULL {members}
) AS club WHERE n = 1
"""


def db_moment(value):
    return Purchase._meta.get_field("purchased_at").get_db_prep_value(value, connection)


def add_purchases(purchases):
    """Counted purchases just written (with their member and key): move their members' spans, one statement."""
    spans = {}
    for purchase in purchases:
        if purchase.member_id is None or purchase.refunded_at is not None:
            continue
        key = (purchase.purchased_at, purchase.pk)
        for scope in (purchase.partner_id, CLUB):
            first, last = spans.get((scope, purchase.member_id), (key, purchase.purchased_at))
            spans[(scope, purchase.member_id)] = (min(first, key), max(last, purchase.purchased_at))
    if not spans:
        return
    params = []
    for (scope, member_id), ((first_at, first_id), last_at) in spans.items():
        params += [scope, member_id, db_moment(first_at), first_id, db_moment(last_at)]
    values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(spans))
    with connection.cursor() as cursor:
        cursor.execute(UPSERT_SQL.format(values=values), params)


def rebuild_spans(member_ids=None):
    """Recompute the spans of these members (all of them with None) from their purchases."""
    rows = CustomerSpan.objects.all()
    members, params = "", []
    if member_ids is not None:
        member_ids = list(member_ids)
        if not member_ids:
            return
        rows = rows.filter(member__in=member_ids)
        members = f"AND member_id IN ({', '.join(['%s'] * len(member_ids))})"
        params = member_ids * 2
    rows.delete()
    with connection.cursor() as cursor:
        cursor.execute(REBUILD_SQL.format(members=members), params)


def week_start(day):
    return day - timedelta(days=day.weekday())


def period_starts(moment):
    """The day, week and month (local dates of their first day) a moment falls in."""
    day = timezone.localdate(moment)
    return {"day": day, "week": week_start(day), "month": day.replace(day=1)}


def forget_periods(partner_ids_and_moments, at):
    """Drop the stored figures of the periods these purchases fall in (their partner's and the club's), for those
    made a day or more before `at` (a period is stored only once it ended that long ago). One statement, or none."""
    starts = {}
    for partner_id, moment in partner_ids_and_moments:
        if moment < at - SETTLED:
            for period, start in period_starts(moment).items():
                starts.setdefault(partner_id, {}).setdefault(period, set()).add(start)
    if not starts:
        return
    condition = Q()
    for partner_id, periods in starts.items():
        of_periods = Q()
        for period, days in periods.items():
            of_periods |= Q(period=period, start__in=sorted(days))
        condition |= Q(scope__in=[partner_id, CLUB]) & of_periods
    PeriodFigures.objects.filter(condition).delete()


def rebuild():
    """Every span from the purchases; the stored periods dropped (recomputed as dashboards ask for them)."""
    PeriodFigures.objects.all().delete()
    rebuild_spans()


__all__ = ["add_purchases", "forget_periods", "period_starts", "rebuild", "rebuild_spans"]
