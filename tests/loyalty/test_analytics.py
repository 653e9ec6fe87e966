"""Business analytics (seed 002 modules 7, 10.4): exact figures on small hand-built data, the same number of queries
at more data, the owner's scope, the medical partner shown by category only, RFM, the churn model and the club's
metrics."""

import csv
import io
from datetime import date, datetime, timedelta
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from loyalty import services
from loyalty.models import ChurnModel, ClubMonth, MemberScore, Purchase, Segment
from loyalty.services import analytics, churn
from tests.accounts.factories import UserFactory, staff
from tests.loyalty.factories import (
    START,
    MemberFactory,
    PartnerFactory,
    buy,
    category,
    give_points,
    medical_partner,
    set_rules,
    superuser,
)

pytestmark = pytest.mark.django_db
MSK = timezone.get_fixed_timezone(180)


def at(month, day, hour=12):
    return datetime(2027, month, day, hour, 0, tzinfo=MSK)


@pytest.fixture
def club(clock):
    """Partner A (the owner's), B and a medical partner M; three members over January–March 2027."""
    set_rules(insider_rate=Decimal(5))
    own = PartnerFactory(title="Skinerica", category=category("kosmetologiya"))
    other = PartnerFactory(title="Лисичкино", category=category("gastromarket"))
    clinic = medical_partner(title="Стим Центр")
    clock.move_to(at(1, 15))
    m1, m2 = MemberFactory(), MemberFactory()
    buy(own, m1, "1000")
    buy(own, m2, "2000")
    clock.move_to(at(2, 10))
    buy(own, m1, "500")
    buy(other, m1, "700")
    buy(clinic, m2, "300", description="Имплант")
    clock.move_to(at(3, 5))
    m3 = services.join(UserFactory(), "+79990001111", consent=True, invited_by=m1)
    buy(own, m3, "1500")
    give_points(m1, 100)
    clock.move_to(at(3, 8))
    buy(own, m1, "1000", spend_points=100)
    clock.move_to(START)
    return {"own": own, "other": other, "clinic": clinic, "m1": m1, "m2": m2, "m3": m3}


def test_overview_by_month_for_a_partner(club):
    figures = analytics.overview([club["own"].pk], date(2027, 1, 1), date(2027, 3, 31), "month")
    table = [(r.period, r.customers, r.new, r.returning, r.purchases, r.revenue, r.average_check, r.points_earned,
              r.points_spent) for r in figures.rows]  # fmt: skip
    assert table == [
        (date(2027, 1, 1), 2, 2, 0, 2, Decimal("3000"), Decimal("1500.00"), Decimal("150"), Decimal("0")),
        (date(2027, 2, 1), 1, 0, 1, 1, Decimal("500"), Decimal("500.00"), Decimal("25"), Decimal("0")),
        (date(2027, 3, 1), 2, 1, 1, 2, Decimal("2500"), Decimal("1250.00"), Decimal("120"), Decimal("100")),
    ]
    total = figures.total
    assert (total.customers, total.new, total.purchases, total.revenue, total.average_check) == (
        3, 3, 5, Decimal("6000"), Decimal("1200.00"),
    )  # fmt: skip
    assert (total.points_earned, total.points_spent) == (Decimal("295"), Decimal("100"))


def test_overview_of_the_whole_club_and_by_day(club):
    figures = analytics.overview(None, date(2027, 1, 1), date(2027, 3, 31), "month")
    assert [(r.customers, r.new, r.purchases, r.revenue) for r in figures.rows] == [
        (2, 2, 2, Decimal("3000")), (2, 0, 3, Decimal("1500")), (2, 1, 2, Decimal("2500")),
    ]  # fmt: skip
    days = analytics.overview([club["own"].pk], date(2027, 3, 1), date(2027, 3, 31), "day")
    assert [(r.period, r.purchases) for r in days.rows] == [(date(2027, 3, 5), 1), (date(2027, 3, 8), 1)]


def test_a_refunded_purchase_no_longer_counts(club):
    services.refund_purchase(Purchase.objects.get(partner=club["own"], amount=2000))
    figures = analytics.overview([club["own"].pk], date(2027, 1, 1), date(2027, 1, 31), "month")
    assert (figures.total.customers, figures.total.purchases, figures.total.revenue) == (1, 1, Decimal("1000"))


def test_sources_and_where_customers_go_next(club):
    assert analytics.sources([club["own"].pk], date(2027, 1, 1), date(2027, 3, 31)) == {
        "own": 2, "referral": 1, "chain": 0, "offer": 0,
    }  # fmt: skip
    following = analytics.next_partners([club["own"].pk], date(2027, 1, 1), date(2027, 3, 31))
    assert [(row.partner_id, row.partner, row.category, row.customers, row.purchases, row.revenue)
            for row in following] == [
        (club["other"].pk, "Лисичкино", "Гастромаркет", 1, 1, Decimal("700")),
        (None, "", "Стоматология", 1, 1, Decimal("300")),  # the clinic: its category, not its name
    ]  # fmt: skip


def test_segment_of_names_the_segments():
    assert analytics.segment_of(5, 5, 5) == Segment.CHAMPIONS
    assert analytics.segment_of(3, 4, 2) == Segment.LOYAL
    assert analytics.segment_of(5, 1, 1) == Segment.NEWCOMERS
    assert analytics.segment_of(4, 3, 3) == Segment.PROMISING
    assert analytics.segment_of(3, 2, 2) == Segment.NEED_ATTENTION
    assert analytics.segment_of(1, 5, 5) == Segment.AT_RISK
    assert analytics.segment_of(2, 1, 1) == Segment.SLEEPING
    assert analytics.segment_of(1, 1, 1) == Segment.LOST


def test_refresh_scores_rfm_per_partner_and_club_wide(club):
    analytics.refresh(at=START, months=3)
    own = {s.member_id: (s.frequency, s.monetary, s.recency_score, s.frequency_score, s.monetary_score, s.segment)
           for s in MemberScore.objects.filter(partner=club["own"])}  # fmt: skip
    assert own == {
        club["m1"].pk: (3, Decimal("2500"), 3, 3, 3, Segment.NEED_ATTENTION),
        club["m2"].pk: (1, Decimal("2000"), 1, 1, 2, Segment.LOST),
        club["m3"].pk: (1, Decimal("1500"), 2, 2, 1, Segment.SLEEPING),
    }
    assert analytics.segments(club["own"].pk)[Segment.NEED_ATTENTION] == 1
    assert MemberScore.objects.filter(partner__isnull=True).count() == 3
    assert MemberScore.objects.filter(partner=club["clinic"]).count() == 1


def test_club_months(club):
    analytics.refresh(at=START, months=3)
    january, february, march = ClubMonth.objects.order_by("month")
    assert (january.new_members, january.north_star) == (2, 100.0)  # both bought in two categories within 60 days
    assert (february.active_members, february.revenue, february.retention) == (2, Decimal("1500"), 100.0)
    assert (february.cross_purchase, february.ecosystem_share, february.churn_rate) == (50.0, 66.67, 0.0)
    assert february.ltv == Decimal("2250.00")  # 4500 by the end of February over two members
    assert (march.new_members, march.active_members) == (1, 2)


def test_logistic_regression_and_auc():
    assert churn.auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]) == 0.75
    assert churn.auc([0.5, 0.5], [0, 1]) == 0.5
    xs = [[-2.0], [-1.0], [-0.5], [0.5], [1.0], [2.0], [0.2], [-0.2]]
    ys = [0, 0, 0, 1, 1, 1, 0, 1]
    weights = churn.fit_logistic(xs, ys)
    assert weights[1] > 1  # the feature pushes towards 1


def test_churn_model_learns_from_the_clubs_history(clock):
    """Twenty members who kept buying and twenty who stopped after their first months: recency separates them."""
    partner = PartnerFactory(category=category("kosmetologiya"))
    rows = []
    for index in range(40):
        member = MemberFactory(joined_at=at(1, 1) - timedelta(days=400))
        stopped = index % 2 == 0
        last = 200 if stopped else 0
        for k, days_ago in enumerate(range(last + 5 * (index % 3), 400, 30)):
            rows.append(Purchase(
                partner=partner, external_id=f"h-{index}-{k}", member=member, amount=Decimal(1000 + 10 * index),
                category=partner.category, source="import", purchased_at=START - timedelta(days=days_ago),
            ))  # fmt: skip
    Purchase.objects.bulk_create(rows)
    forecast = churn.fit(START)
    assert forecast.model.train_size + forecast.model.test_size == 40
    assert forecast.model.auc == 1.0
    gone = [p for mid, p in forecast.predictions.items() if mid % 2 == MemberFactory._meta.model.objects.first().pk % 2]
    assert gone  # every member scored
    probabilities = sorted(forecast.predictions.values(), reverse=True)
    assert probabilities[0][1] == "recency" and probabilities[0][0] > 0.5


def owner_client(client, partner):
    owner = staff(roles.BUSINESS_OWNER, business=partner)
    client.force_login(owner)
    return owner


def test_the_owners_dashboard_and_downloads(client, club):
    owner_client(client, club["own"])
    query = {"start": "2027-01-01", "end": "2027-03-31", "period": "month"}
    response = client.get(reverse("loyalty_analytics"), query)
    assert response.status_code == 200
    assert response.context["figures"].total.revenue == Decimal("6000")
    assert b"<svg" in response.content and b"<script" not in response.content.split(b"club-tabs")[1].split(b"</main")[0]
    response = client.get(reverse("loyalty_analytics"), {**query, "export": "csv"})
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert lines[1] == ["2027-01-01", "2", "2", "0", "2", "3000,00", "1500,00", "150,00", "0,00"]
    response = client.get(reverse("loyalty_analytics"), {**query, "export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[4]][1:6] == [2, 1, 1, 2, 2500]
    # another partner's figures are out of reach: the filter offers only the owner's partner
    response = client.get(reverse("loyalty_analytics"), {**query, "partner": club["other"].pk})
    assert response.context["figures"].total.revenue == Decimal("6000")
    refused = client.get(reverse("loyalty_analytics_metrics"))  # the superuser's alone
    assert (refused.status_code, refused.url) == (302, "/admin/")


def test_segment_list_download_is_scoped(client, club):
    analytics.refresh(at=START, months=3)
    owner_client(client, club["own"])
    response = client.get(reverse("loyalty_analytics_segment_csv", args=[Segment.NEED_ATTENTION]))
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [line[0] for line in lines[1:]] == [club["m1"].phone]
    assert client.get(reverse("loyalty_analytics_segment_csv", args=["nobody"])).status_code == 404


def test_other_staff_see_no_analytics(client, club):
    client.force_login(staff(roles.EDITOR))
    refused = client.get(reverse("loyalty_analytics"))
    assert (refused.status_code, refused.url) == (302, "/admin/")


PAGES = ["loyalty_analytics", "loyalty_analytics_sources", "loyalty_analytics_segments", "loyalty_analytics_churn"]


def count_queries(client, name, query):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(name), query).status_code == 200
    return len(queries)


def more_purchases(club, n):
    rows = []
    for index in range(n):
        member = MemberFactory(joined_at=at(1, 2))
        for k, partner in enumerate((club["own"], club["other"], club["clinic"])):
            rows.append(Purchase(
                partner=partner, external_id=f"bulk-{index}-{k}", member=member, amount=Decimal(100 + index),
                category=partner.category, source="import", purchased_at=at(1 + index % 3, 1 + index % 27),
            ))  # fmt: skip
    Purchase.objects.bulk_create(rows)


@pytest.mark.parametrize("as_owner", [True, False])
def test_each_page_makes_the_same_number_of_queries_at_more_data(client, club, django_assert_num_queries, as_owner):
    if as_owner:
        owner_client(client, club["own"])
    else:
        client.force_login(superuser())
    query = {"start": "2027-01-01", "end": "2027-03-31", "period": "week", "partner": club["own"].pk}
    analytics.refresh(at=START, months=3)
    pages = PAGES if as_owner else [*PAGES, "loyalty_analytics_metrics"]
    small = {name: count_queries(client, name, query) for name in pages}
    more_purchases(club, 30)
    analytics.refresh(at=START, months=3)
    for name in pages:
        with django_assert_num_queries(small[name]):
            client.get(reverse(name), query)
    assert ChurnModel.objects.exists()


def test_an_rfm_segment_as_an_offers_audience(club):
    from loyalty.services.offers import in_audience
    from tests.loyalty.factories import make_offer

    analytics.refresh(at=START, months=3)
    offer = make_offer(club["own"], audience_segment=Segment.NEED_ATTENTION)
    assert in_audience(offer, club["m1"], START)  # m1 «требуют внимания» among Skinerica's customers
    assert not in_audience(offer, club["m2"], START)  # m2 «потерянные»
    offer.audience_segment = ""
    assert in_audience(offer, club["m2"], START)
