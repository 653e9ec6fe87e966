"""Cashback: which rule wins, the amount to the kopeck, recalculation while open, the statuses and the buyer's
notification when it is ready."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from leads import cashback
from leads.cashback import CashbackRefused, cashback_amount, recalculate_open_deals, set_cashback_status
from leads.deals import change_price, move_deal, open_deal
from leads.models import CashbackStatus, DealEvent, DealStage, LeadStage
from notifications.models import Notification
from tests.factories import DeveloperFactory, SiteFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 15)


@pytest.fixture
def manager(make_manager):
    return make_manager("m1@example.com")


@pytest.fixture
def buyer():
    return get_user_model().objects.create_user(email="buyer@example.com", password="pw", first_name="Ирина")


def deal_for(make_lead, manager, apartment, buyer=None, **kwargs):
    lead = make_lead(manager=manager, stage=LeadStage.IN_WORK, user=buyer)
    return open_deal(lead, by=manager, apartment=apartment, today=TODAY, **kwargs)


def test_amount_is_percent_of_price_rounded_half_up_to_kopecks_and_capped():
    assert cashback_amount(Decimal("1000001"), Decimal("1.5")) == Decimal("15000.02")  # 15000.015
    assert cashback_amount(Decimal("333333"), Decimal("0.33")) == Decimal("1100.00")  # 1099.9989
    assert cashback_amount(Decimal("10000000"), Decimal("2"), cap=Decimal("150000")) == Decimal("150000")
    assert cashback_amount(Decimal("1000000"), Decimal("2"), cap=Decimal("150000")) == Decimal("20000.00")
    assert isinstance(cashback_amount(100, 1), Decimal)


def test_complex_beats_developer_beats_the_default_rule(make_lead, manager, apartment, make_rule):
    complex_page, developer = apartment.complex, apartment.complex.developer
    make_rule(1, name="по умолчанию")
    make_rule(2, name="застройщик", developer=developer)
    deal = deal_for(make_lead, manager, apartment, price=Decimal("10000000"))
    assert (deal.cashback_rule.name, deal.cashback_amount) == ("застройщик", Decimal("200000.00"))
    assert deal.cashback_status == CashbackStatus.ACCRUED

    make_rule(3, name="комплекс", complex=complex_page)
    make_rule(5, name="другой застройщик", developer=DeveloperFactory())
    assert recalculate_open_deals(deal.lead.site_id) == 1
    deal.refresh_from_db()
    assert (deal.cashback_rule.name, deal.cashback_percent, deal.cashback_amount) == (
        "комплекс",
        Decimal("3.00"),
        Decimal("300000.00"),
    )


def test_only_active_rules_valid_on_the_deal_day_count_and_the_latest_start_wins(
    make_lead, manager, apartment, make_rule
):
    developer = apartment.complex.developer
    make_rule(4, name="истекло", developer=developer, valid_until=TODAY - timedelta(days=1))
    make_rule(6, name="ещё не началось", developer=developer, valid_from=TODAY + timedelta(days=1))
    make_rule(7, name="выключено", developer=developer, is_active=False)
    make_rule(2, name="старое", developer=developer, valid_from=date(2026, 1, 1))
    make_rule(2.5, name="весна", developer=developer, valid_from=date(2026, 3, 1), valid_until=TODAY)
    deal = deal_for(make_lead, manager, apartment, price=Decimal("8000000"))
    assert deal.cashback_rule.name == "весна"
    assert deal.cashback_amount == Decimal("200000.00")


def test_no_rule_means_no_cashback_until_one_appears_for_that_site(make_lead, manager, apartment, make_rule):
    other_site = SiteFactory()
    make_rule(9, site=other_site)
    deal = deal_for(make_lead, manager, apartment, price=Decimal("5000000"))
    assert (deal.cashback_status, deal.cashback_amount, deal.cashback_rule) == (CashbackStatus.NONE, 0, None)
    make_rule(1)
    recalculate_open_deals(deal.lead.site_id)
    deal.refresh_from_db()
    assert (deal.cashback_status, deal.cashback_amount) == (CashbackStatus.ACCRUED, Decimal("50000.00"))


def test_the_amount_follows_the_price_while_open_and_is_fixed_once_ready(make_lead, manager, apartment, make_rule):
    make_rule(1, cap=Decimal("90000"))
    deal = deal_for(make_lead, manager, apartment, price=Decimal("5000000"))
    deal = change_price(deal, Decimal("4000000"), by=manager, comment="скидка")
    assert deal.cashback_amount == Decimal("40000.00")
    deal = change_price(deal, Decimal("12000000"), by=manager)
    assert deal.cashback_amount == Decimal("90000.00")  # the cap
    lines = list(deal.events.filter(what=DealEvent.What.CASHBACK).values_list("from_value", "to_value"))
    assert lines[-2:] == [("50\xa0000,00 ₽", "40\xa0000,00 ₽"), ("40\xa0000,00 ₽", "90\xa0000,00 ₽")]

    for stage in (DealStage.CONTRACT, DealStage.PAYMENT, DealStage.REGISTRATION, DealStage.CLOSED):
        move_deal(deal, stage, by=manager)
    set_cashback_status(deal, CashbackStatus.READY, by=manager)
    make_rule(10, name="щедрое")
    assert recalculate_open_deals(deal.lead.site_id) == 0
    deal.refresh_from_db()
    assert (deal.cashback_amount, deal.cashback_status) == (Decimal("90000.00"), CashbackStatus.READY)


def test_ready_needs_a_closed_deal_and_notifies_the_buyer(make_lead, manager, apartment, make_rule, buyer):
    make_rule(1.5)
    deal = deal_for(make_lead, manager, apartment, buyer=buyer, price=Decimal("7000000"))
    with pytest.raises(CashbackRefused, match="только по закрытой сделке"):
        set_cashback_status(deal, CashbackStatus.READY, by=manager)
    for stage in (DealStage.CONTRACT, DealStage.PAYMENT, DealStage.REGISTRATION, DealStage.CLOSED):
        move_deal(deal, stage, by=manager)
    assert not Notification.objects.filter(kind="cashback.ready").exists()

    set_cashback_status(deal, CashbackStatus.READY, by=manager)
    sent = Notification.objects.get(kind="cashback.ready", recipient=buyer, channel="email")
    assert "105 000,00 ₽" in sent.subject.replace("\xa0", " ")
    assert deal.object_title in sent.body
    assert sent.link.endswith("/account/cashback/")
    history = deal.events.filter(what=DealEvent.What.CASHBACK).last()
    assert (history.from_value, history.to_value, history.author) == ("Начислен", "Готов к выплате", manager)

    set_cashback_status(deal, CashbackStatus.PAID, by=manager)
    assert Notification.objects.filter(kind="cashback.paid", recipient=buyer).exists()
    with pytest.raises(CashbackRefused, match="Нельзя перевести кэшбек"):
        set_cashback_status(deal, CashbackStatus.CANCELLED, by=manager, comment="передумали")


def test_a_buyer_without_an_account_is_told_by_the_email_of_the_lead(make_lead, manager, apartment, make_rule):
    make_rule(1)
    lead = make_lead(manager=manager, stage=LeadStage.MEETING, email="guest@example.com")
    deal = open_deal(lead, by=manager, apartment=apartment, price=Decimal("1000000"), today=TODAY)
    for stage in (DealStage.CONTRACT, DealStage.PAYMENT, DealStage.REGISTRATION, DealStage.CLOSED):
        move_deal(deal, stage, by=manager)
    set_cashback_status(deal, CashbackStatus.READY, by=manager)
    assert Notification.objects.filter(kind="cashback.ready", address="guest@example.com", recipient=None).exists()


def test_refused_moves_change_nothing(make_lead, manager, apartment, make_rule):
    deal = deal_for(make_lead, manager, apartment, price=Decimal("3000000"))
    with pytest.raises(CashbackRefused, match="Нельзя перевести кэшбек"):  # nothing accrued: no rule
        set_cashback_status(deal, CashbackStatus.READY, by=manager)
    make_rule(1)
    cashback.recalculate_open_deals(deal.lead.site_id)
    with pytest.raises(CashbackRefused, match="причину отмены"):
        set_cashback_status(deal, CashbackStatus.CANCELLED, by=manager, comment="  ")
    with pytest.raises(CashbackRefused, match="Нельзя перевести кэшбек"):
        set_cashback_status(deal, CashbackStatus.PAID, by=manager)
    deal.refresh_from_db()
    assert deal.cashback_status == CashbackStatus.ACCRUED
    set_cashback_status(deal, CashbackStatus.CANCELLED, by=manager, comment="покупатель отказался от кэшбека")
    deal.refresh_from_db()
    assert deal.cashback_status == CashbackStatus.CANCELLED
    assert not Notification.objects.filter(kind__startswith="cashback.").exists()


def test_a_rule_cannot_name_both_a_complex_and_a_developer_or_end_before_it_starts(apartment, site):
    from django.core.exceptions import ValidationError

    from leads.models import CashbackRule

    rule = CashbackRule(
        site=site,
        name="x",
        percent=Decimal("150"),
        complex=apartment.complex,
        developer=apartment.complex.developer,
        cap=Decimal("0"),
        valid_from=TODAY,
        valid_until=TODAY - timedelta(days=1),
    )
    with pytest.raises(ValidationError) as error:
        rule.full_clean()
    assert set(error.value.message_dict) >= {"developer", "percent", "cap", "valid_until"}
