"""The dashboards' stored figures (loyalty.services.rollups: CustomerSpan, PeriodFigures) against a straightforward
count in Python over the same purchases: by day, week and month, for the club, one partner and several, after
purchases recorded late, imported, credited to a member who joined later and refunded (in part and whole), read
before and after each change. On PostgreSQL too (CI), where the date truncation in the club's time zone, the upsert
and the window functions are PostgreSQL's own; the last tests run only there."""

import random
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from loyalty import services
from loyalty.models import CustomerSpan, LedgerEntry, MemberScore, PeriodFigures, Purchase
from loyalty.services import analytics, rollups
from loyalty.services.imports import record_purchases
from tests.accounts.factories import UserFactory
from tests.loyalty.factories import START, MemberFactory, PartnerFactory, buy, category, set_rules

pytestmark = pytest.mark.django_db
MSK = timezone.get_fixed_timezone(180)
RANGE = (date(2026, 12, 1), date(2027, 3, 10))


def local(moment):
    return timezone.localtime(moment).date()


def bucket(day, period):
    if period == "month":
        return day.replace(day=1)
    if period == "week":
        return day - timedelta(days=day.weekday())
    return day


def expected(scope, start, end, period):
    """The overview counted the plain way: every purchase read into Python."""
    rows = defaultdict(lambda: {"members": set(), "purchases": 0, "revenue": Decimal(0), "spent": Decimal(0)})
    firsts, seen = {}, set()
    counted = Purchase.objects.filter(member__isnull=False, refunded_at__isnull=True)
    if scope is not None:
        counted = counted.filter(partner__in=scope)
    for purchase in counted.order_by("purchased_at", "pk"):
        firsts.setdefault(purchase.member_id, local(purchase.purchased_at))
        day = local(purchase.purchased_at)
        if not start <= day <= end:
            continue
        row = rows[bucket(day, period)]
        row["members"].add(purchase.member_id)
        row["purchases"] += 1
        row["revenue"] += purchase.amount - purchase.refunded_amount
        row["spent"] += purchase.points_spent
        seen.add(purchase.member_id)
    new = defaultdict(int)
    for day in firsts.values():
        if start <= day <= end:
            new[bucket(day, period)] += 1
    earned = defaultdict(Decimal)
    for line in LedgerEntry.objects.filter(kind__in=["earn", "bonus"], purchase__isnull=False).select_related(
        "purchase"
    ):
        day = local(line.created_at)
        if start <= day <= end and (scope is None or line.purchase.partner_id in scope):
            earned[bucket(day, period)] += line.amount
            rows[bucket(day, period)]  # a period with points earned and no purchase is shown too
    table = [
        (key, len(row["members"]), new[key], row["purchases"], row["revenue"], row["spent"], earned[key])
        for key, row in sorted(rows.items())
    ]
    return table, len(seen)


def actual(scope, start, end, period):
    figures = analytics.overview(scope, start, end, period)
    table = [
        (r.period, r.customers, r.new, r.purchases, r.revenue, r.points_spent, r.points_earned) for r in figures.rows
    ]
    assert figures.total.purchases == sum(row[3] for row in table)
    assert figures.total.new == sum(row[2] for row in table)
    return table, figures.total.customers


@pytest.fixture
def history(clock):
    """Three partners, 14 members and 80 purchases from December to March at random hours, some of them
    within an hour of local midnight (where a UTC truncation would put them in another day or month)."""
    set_rules(insider_rate=Decimal(5))
    partners = [
        PartnerFactory(title="Skinerica", category=category("kosmetologiya")),
        PartnerFactory(title="Лисичкино", category=category("gastromarket")),
        PartnerFactory(title="Миндаль", category=category("salon-krasoty")),
    ]
    members = [MemberFactory() for _ in range(14)]
    rng = random.Random(14)  # noqa: S311 (test data)
    for number in range(80):
        day = datetime(2026, 12, 1, tzinfo=MSK) + timedelta(days=rng.randrange(98))
        hour = rng.choice([0, 1, 12, 18, 23])
        purchased_at = day.replace(hour=hour, minute=rng.choice([5, 45]))
        buy(rng.choice(partners), rng.choice(members[: 4 + number % 10]), str(rng.randrange(300, 5000)),
            purchased_at=purchased_at)  # fmt: skip
    return {"partners": partners, "members": members, "rng": rng}


def check_all(partners):
    for scope in (None, [partners[0].pk], [partners[0].pk, partners[2].pk]):
        for period in ("month", "week", "day"):
            for start, end in (RANGE, (date(2026, 12, 17), date(2027, 2, 3))):
                assert actual(scope, start, end, period) == expected(scope, start, end, period), (scope, period)


def test_overview_matches_a_plain_count_before_and_after_late_changes(history, clock):
    partners, members, rng = history["partners"], history["members"], history["rng"]
    check_all(partners)
    assert PeriodFigures.objects.filter(period="month").exists()  # the finished periods are stored now
    check_all(partners)  # and read back the same

    # a purchase recorded late, in a stored month and week: their rows are forgotten, the figures move
    buy(partners[0], members[13], "777", purchased_at=datetime(2026, 12, 20, 23, 30, tzinfo=MSK))
    # an import of old documents, a waiting purchase whose buyer joins later, refunds in part and whole
    record_purchases(partners[1], [
        {"external_id": f"file-{n}", "purchased_at": datetime(2027, 1, 3 + n, 0, 30, tzinfo=MSK),
         "amount": Decimal(1000 + n), "phone": members[n].phone, "category": partners[1].category}
        for n in range(5)
    ], source="import")  # fmt: skip
    buy(partners[2], "+79995550101", "2500", purchased_at=datetime(2026, 12, 2, 10, tzinfo=MSK))
    services.join(UserFactory(), "+79995550101", consent=True)
    counted = list(Purchase.objects.filter(member__isnull=False).order_by("pk"))
    services.refund_purchase(counted[3], amount=Decimal(100))
    for purchase in rng.sample(counted, 6):
        services.refund_purchase(purchase)
    check_all(partners)


def test_spans_kept_on_write_equal_spans_rebuilt(history):
    kept = set(CustomerSpan.objects.values_list("scope", "member", "first_at", "first_purchase_id", "last_at"))
    rollups.rebuild()
    assert not PeriodFigures.objects.exists()
    rebuilt = set(CustomerSpan.objects.values_list("scope", "member", "first_at", "first_purchase_id", "last_at"))
    assert kept == rebuilt
    assert len(rebuilt) == Purchase.objects.values("member").distinct().count() + len(
        set(Purchase.objects.values_list("partner", "member"))
    )


def test_sources_from_spans_equal_sources_ranked(history):
    partner = history["partners"][0]
    inviter = history["members"][0]
    friend = services.join(UserFactory(), "+79995550202", consent=True, invited_by=inviter)
    buy(partner, friend, "1500")
    from_spans = analytics.sources([partner.pk], *RANGE)
    ranked = analytics.sources([partner.pk, partner.pk], *RANGE)  # two ids: the ranked query, not the spans
    assert from_spans == ranked
    assert from_spans["referral"] == 1
    assert sum(from_spans.values()) == len(
        {m for m, in Purchase.objects.filter(partner=partner, member__isnull=False).values_list("member")}
        - set(Purchase.objects.filter(partner=partner, purchased_at__lt=datetime(2026, 12, 1, tzinfo=MSK))
              .values_list("member", flat=True))
    )  # fmt: skip


def test_the_cashiers_purchase_forgets_nothing(history):
    partner, member = history["partners"][0], history["members"][0]
    analytics.overview(None, *RANGE, "month")
    stored = PeriodFigures.objects.count()
    buy(partner, member, "1000")  # made now: in a period that is not stored
    assert PeriodFigures.objects.count() == stored
    buy(partner, member, "1000", purchased_at=datetime(2027, 1, 10, 12, tzinfo=MSK))
    assert PeriodFigures.objects.count() < stored


pg_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own SQL")


@pg_only
def test_month_and_day_truncation_in_the_clubs_time_zone_on_postgresql(clock):
    """21:30 UTC on 31 January is 00:30 on 1 February in Moscow: the purchase belongs to February, by day and month,
    live and stored."""
    partner, member = PartnerFactory(), MemberFactory()
    buy(partner, member, "1000", purchased_at=datetime(2027, 1, 31, 21, 30, tzinfo=UTC))
    buy(partner, member, "2000", purchased_at=datetime(2027, 1, 31, 20, 30, tzinfo=UTC))
    for _ in range(2):  # computed, then read back from PeriodFigures
        months = analytics.overview(None, date(2027, 1, 1), date(2027, 2, 28), "month")
        assert [(r.period, r.purchases, r.revenue, r.new) for r in months.rows] == [
            (date(2027, 1, 1), 1, Decimal("2000"), 1), (date(2027, 2, 1), 1, Decimal("1000"), 0),
        ]  # fmt: skip
        days = analytics.overview([partner.pk], date(2027, 1, 31), date(2027, 2, 1), "day")
        assert [r.period for r in days.rows] == [date(2027, 1, 31), date(2027, 2, 1)]
    assert PeriodFigures.objects.filter(period="month", start=date(2027, 1, 1)).count() == 1


@pg_only
def test_rfm_quintiles_on_postgresql_equal_a_plain_ranking(history):
    """NTILE(5) over the grouped purchases: the same quintiles as ranking the members in Python."""
    analytics.refresh(at=START, months=2)
    rows = {}
    for purchase in Purchase.objects.filter(member__isnull=False, refunded_at__isnull=True):
        last, n, money = rows.get(purchase.member_id, (None, 0, Decimal(0)))
        rows[purchase.member_id] = (max(filter(None, [last, purchase.purchased_at])), n + 1,
                                    money + purchase.amount - purchase.refunded_amount)  # fmt: skip

    def quintiles(index):
        ordered = sorted(rows, key=lambda member: (rows[member][index], member))
        size, extra = divmod(len(ordered), 5)
        tiles, position = {}, 0
        for tile in range(1, 6):
            count = size + (tile <= extra)
            for member in ordered[position : position + count]:
                tiles[member] = tile
            position += count
        return tiles

    r, f, m = quintiles(0), quintiles(1), quintiles(2)
    stored = {s.member_id: (s.recency_score, s.frequency_score, s.monetary_score)
              for s in MemberScore.objects.filter(partner__isnull=True)}  # fmt: skip
    assert stored == {member: (r[member], f[member], m[member]) for member in rows}


@pg_only
def test_each_overview_is_a_few_queries_on_postgresql(history, django_assert_max_num_queries):
    partner = [history["partners"][1].pk]
    # the first time: stored periods (none yet), the live ones, points earned, the finished ones stored, new,
    # customers (two counts) and SET LOCAL jit = off; the test's transaction adds a savepoint and its release
    with django_assert_max_num_queries(10):
        analytics.overview(None, *RANGE, "week")
    with django_assert_max_num_queries(10):
        analytics.overview(partner, *RANGE, "day")
    # then the finished periods are read back: nothing to store
    with django_assert_max_num_queries(9):
        analytics.overview(None, *RANGE, "week")
    with django_assert_max_num_queries(9):
        analytics.overview(partner, *RANGE, "day")
