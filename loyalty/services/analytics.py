"""Business analytics of the club (seed 002, modules 7 and 10.4): every figure is an aggregate in the database, never
a Python loop over purchases, so a dashboard page costs the same few queries at a hundred or a million purchases.

- `overview`: customers, new vs returning, purchases, revenue, average check, points earned and spent, by period
- `sources`: how a partner's customers came to it (own, referral, chain, offer) — by their first purchase there
- `next_partners`: where a partner's customers bought afterwards (a medical partner shows only its category)
- `refresh` (nightly, Celery beat): RFM quintiles and segments (NTILE in SQL), the churn model
  (loyalty.services.churn) and the club's monthly metrics (`club_months`), stored for the dashboards to read.

A scope is a list of partner ids, or None for the whole club (the superuser's). Purchases count while not refunded
whole; revenue is what was paid for them less partial refunds (`amount − refunded_amount`)."""

import time as time_module
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce, TruncDay, TruncMonth, TruncWeek
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from loyalty.models import (
    ClubMonth,
    CustomerSpan,
    LedgerEntry,
    Member,
    MemberScore,
    PeriodFigures,
    Purchase,
    Segment,
)
from loyalty.models.analytics import CLUB
from loyalty.services import rollups

ZERO = Decimal(0)
MONEY = DecimalField(max_digits=16, decimal_places=2)
PERIODS = {"day": TruncDay, "week": TruncWeek, "month": TruncMonth}
EARNED = (LedgerEntry.Kind.EARN, LedgerEntry.Kind.BONUS)  # what purchases earned (not invitations, adjustments)


@contextmanager
def without_jit():
    """PostgreSQL's planner prices a correlated EXISTS per row high, and above `jit_above_cost` compiles the query:
    «Откуда и куда» spent 1.1 s of its 1.3 s compiling (at 100 000 members) a query that runs in 0.2 s. The
    dashboards' queries run with JIT off (SET LOCAL: for this transaction only)."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
        yield


def purchases_in(scope):
    """The purchases of the scope that count: with a member, not refunded whole."""
    rows = Purchase.objects.filter(member__isnull=False, refunded_at__isnull=True)
    return rows if scope is None else rows.filter(partner__in=scope)


def bounds(start: date, end: date):
    """[start, end] in days, as aware datetimes [from, to)."""
    tz = timezone.get_current_timezone()
    return datetime.combine(start, time.min, tz), datetime.combine(end + timedelta(days=1), time.min, tz)


def revenue_expr():
    return Coalesce(Sum(F("amount") - F("refunded_amount"), output_field=MONEY), ZERO, output_field=MONEY)


@dataclass
class Row:
    period: date
    customers: int = 0
    new: int = 0
    purchases: int = 0
    revenue: Decimal = ZERO
    points_earned: Decimal = ZERO
    points_spent: Decimal = ZERO

    @property
    def returning(self):
        return self.customers - self.new

    @property
    def average_check(self):
        return (self.revenue / self.purchases).quantize(Decimal("0.01")) if self.purchases else ZERO


@dataclass
class Overview:
    rows: list = field(default_factory=list)
    total: Row = None


def as_date(value):
    return value.date() if isinstance(value, datetime) else value


def bucket_start(day: date, period) -> date:
    if period == "month":
        return day.replace(day=1)
    if period == "week":
        return day - timedelta(days=day.weekday())
    return day


def next_bucket(day: date, period) -> date:
    if period == "month":
        return add_months(day, 1)
    return day + timedelta(days=7 if period == "week" else 1)


def buckets(start: date, end: date, period):
    """The periods of [start, end]: (first day, [from, to) clipped to the dates, whole period inside them)."""
    tz = timezone.get_current_timezone()
    since, until = bounds(start, end)
    day = bucket_start(start, period)
    while day <= end:
        following = next_bucket(day, period)
        lower, upper = datetime.combine(day, time.min, tz), datetime.combine(following, time.min, tz)
        yield day, max(lower, since), min(upper, until), lower >= since and upper <= until
        day = following


def cache_scope(scope):
    """PeriodFigures' and CustomerSpan's key of a scope: 0 for the club, the partner's id; None for several."""
    if scope is None:
        return CLUB
    return scope[0] if len(scope) == 1 else None


@without_jit()
def overview(scope, start: date, end: date, period="month") -> Overview:
    """The overview by day, week or month, from a handful of queries whatever the number of purchases:

    - the stored figures of the finished periods (PeriodFigures, for the club or one partner: periods that ended
      more than a day ago, written the first time they are computed, forgotten when a purchase in them is
      recorded late, credited or refunded: loyalty.services.rollups);
    - the other periods (this month, the partial periods at the range's ends) from the purchases (customers,
      purchases, revenue, points spent) and the ledger (points earned), one query each, and the finished ones
      among them stored (one insert);
    - new customers per period and the total of customers from CustomerSpan (each member's first and last
      purchase in the scope), so nothing counts distinct members over the whole range.

    An owner of several partners (a scope of several) reads the purchases for all of it."""
    trunc = PERIODS[period]
    tz = timezone.get_current_timezone()
    since, until = bounds(start, end)
    key = cache_scope(scope)
    settled = datetime.combine(timezone.localdate(), time.min, tz) - rollups.SETTLED
    plan = list(buckets(start, end, period))
    rows = {day: Row(day) for day, *_ in plan}
    stored = set()
    if key is not None:
        cacheable = [day for day, lower, upper, whole in plan if whole and upper <= settled]
        for figures in PeriodFigures.objects.filter(scope=key, period=period, start__in=cacheable):
            rows[figures.start] = Row(
                figures.start, figures.customers, 0, figures.purchases, figures.revenue, figures.points_earned,
                figures.points_spent,
            )  # fmt: skip
            stored.add(figures.start)
    live = [(day, lower, upper, whole) for day, lower, upper, whole in plan if day not in stored]
    if live:
        ranges = Q()
        for _day, lower, upper, _whole in live:
            ranges |= Q(purchased_at__gte=lower, purchased_at__lt=upper)
        per_period = (
            purchases_in(scope)
            .filter(ranges)
            .annotate(period=trunc("purchased_at", tzinfo=tz))
            .values("period")
            .annotate(
                customers=Count("member", distinct=True),
                purchases=Count("pk"),
                revenue=revenue_expr(),
                points_spent=Coalesce(Sum("points_spent"), ZERO, output_field=MONEY),
            )
            .order_by("period")
        )
        for r in per_period:
            row = rows[as_date(r["period"])]
            row.customers, row.purchases, row.revenue, row.points_spent = (
                r["customers"], r["purchases"], r["revenue"], r["points_spent"],
            )  # fmt: skip
        ranges = Q()
        for _day, lower, upper, _whole in live:
            ranges |= Q(created_at__gte=lower, created_at__lt=upper)
        earned = LedgerEntry.objects.filter(ranges, kind__in=EARNED)
        earned = earned.filter(purchase__isnull=False) if scope is None else earned.filter(purchase__partner__in=scope)
        earned = earned.annotate(period=trunc("created_at", tzinfo=tz)).values("period").annotate(points=Sum("amount"))
        for r in earned:
            rows[as_date(r["period"])].points_earned = r["points"] or ZERO
        if key is not None:
            PeriodFigures.objects.bulk_create(
                [
                    PeriodFigures(
                        scope=key, period=period, start=day, customers=rows[day].customers,
                        purchases=rows[day].purchases, revenue=rows[day].revenue,
                        points_spent=rows[day].points_spent, points_earned=rows[day].points_earned,
                    )
                    for day, lower, upper, whole in live
                    if whole and upper <= settled
                ],
                ignore_conflicts=True,
            )  # fmt: skip
    for r in new_customers(scope, key, since, until, trunc, tz):
        rows[as_date(r["period"])].new = r["new"]
    ordered = [row for day, row in sorted(rows.items()) if row.purchases or row.points_earned or row.new]
    total = Row(
        None, customers_between(scope, key, since, until), sum(r.new for r in ordered),
        sum(r.purchases for r in ordered), sum((r.revenue for r in ordered), ZERO),
        sum((r.points_earned for r in ordered), ZERO), sum((r.points_spent for r in ordered), ZERO),
    )  # fmt: skip
    return Overview(ordered, total)


def new_customers(scope, key, since, until, trunc, tz):
    """Per period, the members whose first purchase in the scope falls in it."""
    if key is not None:
        first = CustomerSpan.objects.filter(scope=key, first_at__gte=since, first_at__lt=until)
        # COUNT(*), not of the key: an index-only scan of (scope, first_at)
        return first.annotate(period=trunc("first_at", tzinfo=tz)).values("period").annotate(new=Count("*"))
    first = (
        CustomerSpan.objects.filter(scope__in=scope, member=OuterRef("pk")).order_by("first_at").values("first_at")[:1]
    )
    return (
        Member.objects.annotate(first=Subquery(first))
        .filter(first__gte=since, first__lt=until)
        .annotate(period=trunc("first", tzinfo=tz))
        .values("period")
        .annotate(new=Count("pk"))
    )


def customers_between(scope, key, since, until):
    """The members with a counted purchase in the scope in [since, until): those whose last one there is in it,
    and those who bought there since, if they also bought in it (one index probe each: when `until` is today,
    hardly anyone)."""
    if key is None:
        return (
            purchases_in(scope)
            .filter(purchased_at__gte=since, purchased_at__lt=until)
            .aggregate(n=Count("member", distinct=True))["n"]
        )
    bought = purchases_in(scope).filter(member=OuterRef("member"), purchased_at__gte=since, purchased_at__lt=until)
    spans = CustomerSpan.objects.filter(scope=key)
    # two counts, both index-only scans of (scope, last_at) INCLUDE member: one condition with the EXISTS in it made
    # PostgreSQL's estimate (a probe per row) high enough to JIT-compile the query, 50 ms more
    inside = spans.filter(last_at__gte=since, last_at__lt=until).count()
    return inside + spans.filter(Exists(bought), last_at__gte=until).count()


SOURCES = ("own", "referral", "chain", "offer")
SOURCES_SQL = """
WITH ranked AS ({firsts})
SELECT CASE
         WHEN EXISTS (SELECT 1 FROM loyalty_referral r WHERE r.purchase_id = f.id) THEN 'referral'
         WHEN EXISTS (SELECT 1 FROM loyalty_offerevent e WHERE e.purchase_id = f.id AND e.kind = 'redeemed')
           THEN 'offer'
         WHEN EXISTS (SELECT 1 FROM loyalty_chainstepdone d JOIN loyalty_chainstep s ON s.id = d.step_id
                      WHERE d.purchase_id = f.id AND s.sort_order > 0) THEN 'chain'
         ELSE 'own'
       END AS came_via, COUNT(*)
FROM ranked f WHERE f.n = 1 AND f.purchased_at >= %s AND f.purchased_at < %s
GROUP BY 1
"""
# each member's first purchase in the scope: from CustomerSpan for the club or one partner, else ranked
FIRSTS_SPANS = (
    "SELECT first_purchase_id AS id, first_at AS purchased_at, 1 AS n FROM loyalty_customerspan WHERE scope = %s"
)
FIRSTS_RANKED = """
    SELECT id, purchased_at, ROW_NUMBER() OVER (PARTITION BY member_id ORDER BY purchased_at, id) AS n
    FROM loyalty_purchase WHERE member_id IS NOT NULL AND refunded_at IS NULL {scope}
"""


@without_jit()
def sources(scope, start: date, end: date) -> dict:
    """How the scope's customers whose first purchase there falls in [start, end] came: an invitation whose reward
    was that purchase, an offer's coupon redeemed on it, a chain's later step done with it, or on their own. One
    query, over CustomerSpan's first purchases (for several partners, over their purchases ranked per member)."""
    since, until = bounds(start, end)
    field = Purchase._meta.get_field("purchased_at")
    key = cache_scope(scope)
    if key is not None:
        firsts, params = FIRSTS_SPANS, [key]
    else:
        firsts = FIRSTS_RANKED.format(scope=f"AND partner_id IN ({', '.join(['%s'] * len(scope))})")
        params = list(scope)
    params += [field.get_db_prep_value(since, connection), field.get_db_prep_value(until, connection)]
    with connection.cursor() as cursor:
        cursor.execute(SOURCES_SQL.format(firsts=firsts), params)
        rows = cursor.fetchall()
    counts = dict.fromkeys(SOURCES, 0)
    for came_via, n in rows:
        counts[came_via] = n
    return counts


@dataclass
class NextPartner:
    partner_id: int | None  # None: a medical partner, shown by its category only
    partner: str
    category: str
    customers: int
    purchases: int
    revenue: Decimal


NEXT_SQL = """
WITH firsts AS ({firsts})
SELECT CASE WHEN cp.is_medical THEN NULL ELSE p.partner_id END AS shown_partner,
       CASE WHEN cp.is_medical THEN '' ELSE page.title END AS shown_title,
       cat.name AS category, COUNT(DISTINCT p.member_id) AS customers, COUNT(*) AS purchases,
       SUM(p.amount - p.refunded_amount) AS revenue
FROM loyalty_purchase p
JOIN firsts f ON f.member_id = p.member_id AND p.purchased_at > f.first_at
JOIN wagtailcore_page page ON page.id = p.partner_id
JOIN catalog_businesscategory cat ON cat.id = p.category_id
LEFT JOIN loyalty_clubpartner cp ON cp.business_id = p.partner_id
WHERE p.refunded_at IS NULL AND p.partner_id NOT IN ({scope}) AND p.purchased_at >= %s AND p.purchased_at < %s
GROUP BY 1, 2, 3
ORDER BY 4 DESC, 6 DESC, 2, 3
LIMIT %s
"""
NEXT_FIRSTS_SPANS = "SELECT member_id, first_at FROM loyalty_customerspan WHERE scope = %s"
NEXT_FIRSTS_GROUPED = """
    SELECT member_id, MIN(purchased_at) AS first_at FROM loyalty_purchase
    WHERE member_id IS NOT NULL AND refunded_at IS NULL AND partner_id IN ({scope})
    GROUP BY member_id
"""


@without_jit()
def next_partners(scope, start: date, end: date, limit=20) -> list:
    """For the scope's customers: which other partners they bought from in [start, end] after their first purchase
    in the scope. A medical partner's rows carry only the category (never the partner or the service). One query:
    each member's first purchase here comes from CustomerSpan (for several partners, grouped once) and is joined (a
    correlated subquery per purchase was seconds at a million purchases)."""
    since, until = bounds(start, end)
    field = Purchase._meta.get_field("purchased_at")
    marks = ", ".join(["%s"] * len(scope))
    key = cache_scope(scope)
    if key is not None:  # each customer's first purchase here from CustomerSpan
        firsts, params = NEXT_FIRSTS_SPANS, [key]
    else:
        firsts, params = NEXT_FIRSTS_GROUPED.format(scope=marks), list(scope)
    params += [*scope, field.get_db_prep_value(since, connection), field.get_db_prep_value(until, connection)]
    with connection.cursor() as cursor:
        cursor.execute(NEXT_SQL.format(firsts=firsts, scope=marks), [*params, limit])
        rows = cursor.fetchall()
    return [
        NextPartner(partner, title or "", category, customers, purchases,
                    Decimal(str(revenue)).quantize(Decimal("0.01")))
        for partner, title, category, customers, purchases, revenue in rows
    ]  # fmt: skip


# RFM -------------------------------------------------------------------------------------------------------------


def segment_of(r, f, m):
    """The plain-Russian segment of RFM quintile scores (5 the best: the most recent, most frequent, biggest)."""
    if r >= 4 and f >= 4 and m >= 4:
        return Segment.CHAMPIONS
    if r >= 3 and f >= 4:
        return Segment.LOYAL
    if r >= 4 and f <= 1:
        return Segment.NEWCOMERS
    if r >= 4:
        return Segment.PROMISING
    if r == 3:
        return Segment.NEED_ATTENTION
    if f >= 3 or m >= 4:
        return Segment.AT_RISK
    if r == 2:
        return Segment.SLEEPING
    return Segment.LOST


RFM_SQL = """
WITH agg AS (
    SELECT member_id, MAX(purchased_at) AS last_at, COUNT(*) AS n, SUM(amount - refunded_amount) AS money
    FROM loyalty_purchase
    WHERE member_id IS NOT NULL AND refunded_at IS NULL AND purchased_at < %s {partner}
    GROUP BY member_id
)
SELECT member_id, last_at, n, money,
       NTILE(5) OVER (ORDER BY last_at, member_id),
       NTILE(5) OVER (ORDER BY n, member_id),
       NTILE(5) OVER (ORDER BY money, member_id)
FROM agg ORDER BY member_id
"""


def rfm_rows(scope, at):
    """Per member of the scope: last purchase, count, sum and their quintiles (NTILE(5) windows over the grouped
    purchases, ties broken by the member's id so the split is stable). One query (a CTE: the ORM would put the
    windows into the GROUP BY)."""
    partner = f"AND partner_id IN ({', '.join(['%s'] * len(scope))})" if scope else ""
    field = Purchase._meta.get_field("purchased_at")
    with connection.cursor() as cursor:
        cursor.execute(RFM_SQL.format(partner=partner), [field.get_db_prep_value(at, connection), *(scope or [])])
        for member_id, last, n, money, r, f, m in cursor:
            if isinstance(last, str):  # SQLite
                last = parse_datetime(last)
            if timezone.is_naive(last):
                last = timezone.make_aware(last, UTC)
            yield member_id, last, n, Decimal(str(money)).quantize(Decimal("0.01")), r, f, m


def score_rows(scope, at, partner_id=None):
    return [
        MemberScore(
            partner_id=partner_id, member_id=member_id, last_purchase_at=last, frequency=n, monetary=money,
            recency_score=r, frequency_score=f, monetary_score=m, segment=segment_of(r, f, m), computed_at=at,
        )
        for member_id, last, n, money, r, f, m in rfm_rows(scope, at)
    ]  # fmt: skip


def segments(partner_id):
    """Members per segment of a partner's customers (None: the club's), from the stored scores. One query."""
    counts = dict.fromkeys(Segment.values, 0)
    rows = MemberScore.objects.filter(partner_id=partner_id).values("segment").annotate(n=Count("pk")).order_by()
    for r in rows:
        counts[r["segment"]] = r["n"]
    return counts


def segment_members(partner_id, segment):
    return (
        MemberScore.objects.filter(partner_id=partner_id, segment=segment)
        .select_related("member__user")
        .order_by("-monetary", "member_id")
    )


def at_risk(partner_id, limit=20):
    """The members most likely to leave among a partner's customers (None: the club's), from the club-wide
    forecast. One query."""
    rows = MemberScore.objects.filter(partner__isnull=True, churn_probability__isnull=False)
    if partner_id is not None:
        rows = rows.filter(member__in=MemberScore.objects.filter(partner_id=partner_id).values("member"))
    return rows.select_related("member__user").order_by("-churn_probability", "member_id")[:limit]


# The club's months ------------------------------------------------------------------------------------------------


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def pct(part, whole):
    return round(100 * part / whole, 2) if whole else None


def club_month(month: date, at: datetime) -> ClubMonth:
    """The club's metrics of one month (the nightly job; a few aggregate queries, none over Python rows):

    - north_star: of the members who joined this month, % with purchases in ≥2 categories within 60 days of joining
    - retention: of the members who bought last month, % who bought this month
    - churn_rate: of the members who bought in the 90 days before the month, % with no purchase in the 90 days
      before its end (or before `at`, for the month under way)
    - cross_purchase: of the members who bought this month, % who bought from ≥2 partners this month
    - ecosystem_share: % of the month's revenue from members whose first club purchase was at another partner
    - ltv: revenue since the club began per member who joined by the month's end"""
    since, until = bounds(month, add_months(month, 1) - timedelta(days=1))
    until = min(until, at)
    previous, _ = bounds(add_months(month, -1), month - timedelta(days=1))
    everything = purchases_in(None)
    this_month = everything.filter(purchased_at__gte=since, purchased_at__lt=until)
    figures = this_month.aggregate(active=Count("member", distinct=True), revenue=revenue_expr())
    per_member = this_month.values("member").annotate(partners=Count("partner", distinct=True))
    cross = per_member.filter(partners__gte=2).count()

    def bought(since_, until_):
        """The member bought in [since_, until_): a correlated EXISTS, an index probe per member (an anti-join when
        negated; NOT IN over a big subquery is not hashed by PostgreSQL beyond work_mem)."""
        return Exists(everything.filter(member=OuterRef("pk"), purchased_at__gte=since_, purchased_at__lt=until_))

    retention = Member.objects.filter(bought(previous, since)).aggregate(
        was=Count("pk"), kept=Count("pk", filter=Q(bought(since, until)))
    )
    was, kept = retention["was"], retention["kept"]
    churn = Member.objects.filter(bought(since - timedelta(days=90), since)).aggregate(
        base=Count("pk"), churned=Count("pk", filter=~Q(bought(until - timedelta(days=90), until)))
    )
    churned, base_count = churn["churned"], churn["base"]
    first_partner = everything.filter(member=OuterRef("member")).order_by("purchased_at", "pk").values("partner")[:1]
    ecosystem = (
        this_month.annotate(first_partner=Subquery(first_partner))
        .exclude(partner=F("first_partner"))
        .aggregate(revenue=revenue_expr())["revenue"]
    )
    cohort = Member.objects.filter(joined_at__gte=since, joined_at__lt=until)
    categories = (
        everything.filter(member=OuterRef("pk"), purchased_at__lt=OuterRef("joined_at") + timedelta(days=60))
        .values("member")
        .annotate(n=Count("category", distinct=True))
        .values("n")
    )
    nsm = cohort.annotate(categories=Coalesce(Subquery(categories), 0)).aggregate(
        joined=Count("pk"), hit=Count("pk", filter=Q(categories__gte=2))
    )
    members_by_end = Member.objects.filter(joined_at__lt=until).count()
    revenue_to_date = everything.filter(purchased_at__lt=until).aggregate(revenue=revenue_expr())["revenue"]
    return ClubMonth(
        month=month,
        active_members=figures["active"],
        new_members=nsm["joined"],
        revenue=figures["revenue"],
        north_star=pct(nsm["hit"], nsm["joined"]),
        retention=pct(kept, was),
        churn_rate=pct(churned, base_count),
        cross_purchase=pct(cross, figures["active"]),
        ecosystem_share=pct(ecosystem, figures["revenue"]),
        ltv=(revenue_to_date / members_by_end).quantize(Decimal("0.01")) if members_by_end else None,
    )


def club_months(at: datetime, months=12) -> list:
    this = month_start(timezone.localdate(at))
    return [club_month(add_months(this, -offset), at) for offset in range(months - 1, -1, -1)]


# The nightly job -------------------------------------------------------------------------------------------------


def refresh(at=None, months=12):
    """Recompute and store the RFM scores (club-wide and per partner), the churn forecast and the club's months."""
    from loyalty.services import churn

    at = at or timezone.now()
    clock = time_module.perf_counter
    started = clock()
    with transaction.atomic():
        rollups.rebuild()  # every member's first and last purchase afresh; the stored periods dropped
    seconds = {"spans": clock() - started}
    partner_ids = list(purchases_in(None).values_list("partner", flat=True).distinct().order_by("partner"))
    scores = score_rows(None, at)
    for partner_id in partner_ids:
        scores += score_rows([partner_id], at, partner_id)
    seconds["rfm"] = clock() - started - seconds["spans"]
    forecast = churn.fit(at)
    seconds["churn"] = clock() - started - seconds["rfm"] - seconds["spans"]
    club_wide = {score.member_id: score for score in scores if score.partner_id is None}
    for member_id, (probability, reason) in forecast.predictions.items():
        if member_id in club_wide:
            club_wide[member_id].churn_probability = probability
            club_wide[member_id].churn_reason = reason
    month_rows = club_months(at, months)
    seconds["months"] = clock() - started - sum(seconds.values())
    today = timezone.localdate(at)
    for scope in [None, *([partner_id] for partner_id in partner_ids)]:  # the dashboards' default view, stored
        overview(scope, (today - timedelta(days=364)).replace(day=1), today, "month")
    seconds["periods"] = clock() - started - sum(seconds.values())
    with transaction.atomic():
        MemberScore.objects.all().delete()
        MemberScore.objects.bulk_create(scores, batch_size=5000)
        forecast.model.save()
        ClubMonth.objects.filter(month__in=[row.month for row in month_rows]).delete()
        ClubMonth.objects.bulk_create(month_rows)
    seconds["total"] = clock() - started
    return {
        "scores": len(scores), "auc": forecast.model.auc, "months": len(month_rows),
        "seconds": {phase: round(value, 1) for phase, value in seconds.items()},
    }  # fmt: skip


__all__ = [
    "PERIODS",
    "SOURCES",
    "NextPartner",
    "Overview",
    "Row",
    "at_risk",
    "club_months",
    "next_partners",
    "overview",
    "refresh",
    "segment_members",
    "segment_of",
    "segments",
    "sources",
]
