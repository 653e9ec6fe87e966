"""The event fund (module 15): 2 % of each purchase flows in with the purchase, refunds take the same share back,
events spend from it, never more than it holds."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from loyalty.models import EventFundLine
from loyalty.services import ClubError, fund, refund_purchase
from loyalty.services.imports import record_purchases
from tests.catalog.factories import EventIndexPageFactory, EventPageFactory
from tests.loyalty.factories import START, buy, partners_index, set_rules, superuser

pytestmark = pytest.mark.django_db
Kind = EventFundLine.Kind


@pytest.fixture
def event(clock):
    return EventPageFactory(parent=EventIndexPageFactory(parent=partners_index().get_parent()), title="Сырный вечер")


def test_each_purchase_brings_two_percent_in_its_own_transaction(partner, member):
    purchase = buy(partner, member, "10000")
    line = purchase.fund_lines.get()
    assert (line.kind, line.amount, line.rate, line.period) == (
        Kind.CONTRIBUTION,
        Decimal("200.00"),
        2,
        START.date().replace(day=1),
    )
    buy(partner, "+79995550000", "500")  # a purchase waiting for its member counts for the club too
    assert fund.balance() == Decimal("210.00")


def test_the_rate_is_a_club_rule(partner, member):
    set_rules(event_fund_rate=Decimal("3.5"))
    assert buy(partner, member, "1000").fund_lines.get().amount == Decimal("35.00")


def test_refunds_take_back_their_share(partner, member, clock):
    purchase = buy(partner, member, "999")  # 19.98
    clock.shift(timedelta(days=1))
    refund_purchase(purchase, amount="333")
    refund_purchase(purchase, amount="333")
    refund_purchase(purchase)
    reversals = purchase.fund_lines.filter(kind=Kind.REVERSAL)
    assert [line.amount for line in reversals.order_by("pk")] == [Decimal("-6.66"), Decimal("-6.66"), Decimal("-6.66")]
    assert all(line.refund_id for line in reversals)
    assert fund.balance() == 0


def test_spends_per_event_never_more_than_the_balance(partner, member, event):
    buy(partner, member, "50000")  # 1000 in the fund
    with pytest.raises(ClubError) as short:
        fund.spend(event, "1000.01", by=superuser())
    assert short.value.code == "fund_short"
    line = fund.spend(event, "600", by=superuser(), note="Аренда зала")
    assert (line.kind, line.amount, line.event_id, line.event_title) == (
        Kind.SPEND,
        Decimal(-600),
        event.pk,
        "Сырный вечер",
    )
    assert fund.balance() == Decimal(400)
    assert fund.by_event() == [{"event": event.pk, "event_title": "Сырный вечер", "spent": Decimal(600)}]
    [month] = fund.by_period()
    assert (month["contributions"], month["spent"], month["net"]) == (Decimal(1000), Decimal(-600), Decimal(400))
    with pytest.raises(PermissionDenied):
        fund.spend(event, "1", by=member.user)


def test_a_refund_after_the_fund_was_spent_takes_only_what_is_left(partner, member, event, clock):
    purchase = buy(partner, member, "10000")  # 200
    fund.spend(event, "150", by=superuser())
    refund_purchase(purchase)
    reversal = purchase.fund_lines.get(kind=Kind.REVERSAL)
    assert reversal.amount == Decimal(-50)
    assert "150" in reversal.note
    assert fund.balance() == 0


def test_imported_purchases_bring_their_share(partner, member):
    rows = [
        {"external_id": f"imp-{n}", "purchased_at": START - timedelta(days=40), "amount": Decimal(1000),
         "phone": member.phone, "category": partner.category}
        for n in range(3)
    ]  # fmt: skip
    assert record_purchases(partner, rows, source="import")["created"] == 3
    lines = EventFundLine.objects.filter(purchase__partner=partner)
    assert [line.amount for line in lines] == [Decimal(20)] * 3
    assert {line.period for line in lines} == {(START - timedelta(days=40)).date().replace(day=1)}
