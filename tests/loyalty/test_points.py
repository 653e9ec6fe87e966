"""Points: earned pending, available after the return window, spent oldest first, never below zero, reversed on a
refund, expired with a reminder, checked nightly against the ledger."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from loyalty import services
from loyalty.models import BalanceDiscrepancy, ClubPartner, LedgerEntry, Member, Purchase
from notifications.models import Notification
from tests.loyalty.factories import buy, give_points, later, medical_partner, set_rules, superuser

pytestmark = pytest.mark.django_db
Kind = LedgerEntry.Kind


def balance(member):
    member = Member.objects.get(pk=member.pk)
    return member.points_available, member.points_pending


def assert_matches_ledger():
    assert services.verify_balances() == []


def test_points_are_pending_for_the_return_window_then_available(clock, partner, member):
    purchase = buy(partner, member, "10000")
    assert balance(member) == (Decimal(0), Decimal("500.00"))  # Insider: 5 %
    [line] = purchase.ledger.all()
    assert (line.kind, line.pending, line.amount) == (Kind.EARN, True, Decimal("500.00"))
    assert line.available_at == purchase.purchased_at + later(14)

    clock.shift(later(13))
    assert services.release_pending() == 0
    clock.shift(later(1))
    assert services.release_pending() == 1
    assert balance(member) == (Decimal("500.00"), Decimal(0))
    assert services.release_pending() == 0  # nothing twice
    assert_matches_ledger()


def test_a_partner_with_no_return_window_gives_points_at_once(clock, partner, member):
    ClubPartner.objects.create(business=partner, return_window_days=0)
    buy(partner, member, "1999.99")
    assert balance(member) == (Decimal("99.99"), Decimal(0))  # rounded down to the kopeck


def test_spending_takes_the_oldest_points_first(clock, partner, member):
    old = give_points(member, 100)
    clock.shift(later(10))
    new = give_points(member, 100)
    buy(partner, member, "1000", spend_points=150)
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.remaining, new.remaining) == (Decimal(0), Decimal(50))
    assert balance(member)[0] == Decimal(50)
    assert_matches_ledger()


def test_spending_more_than_available_is_refused_and_changes_nothing(clock, partner, member):
    give_points(member, 100)
    with pytest.raises(ValidationError) as refused:
        buy(partner, member, "1000", external_id="too-much", spend_points=150)
    assert refused.value.code == "not_enough_points"
    assert "Недостаточно баллов: доступно 100\u00a0₽." in refused.value.messages
    assert not Purchase.objects.filter(external_id="too-much").exists()
    assert balance(member) == (Decimal(100), Decimal(0))


def test_points_pay_at_most_the_rules_share_of_a_purchase(clock, partner, member):
    set_rules(max_points_share=Decimal(30))
    give_points(member, 1000)
    with pytest.raises(ValidationError) as refused:
        buy(partner, member, "1000", spend_points=301)
    assert refused.value.code == "points_share"
    purchase = buy(partner, member, "1000", spend_points=300)
    assert purchase.paid == Decimal(700)
    assert purchase.ledger.get(kind=Kind.EARN).amount == Decimal("35.00")  # earned on what was paid in money


def test_recording_the_same_document_again_changes_nothing(clock, partner, member):
    first, created = services.record_purchase(partner, "A-1", "5000", member, source="connector")
    again, created_again = services.record_purchase(partner, "A-1", "9000", member, source="connector", spend_points=0)
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk and again.amount == Decimal(5000)
    assert LedgerEntry.objects.filter(member=member).count() == 1
    assert balance(member) == (Decimal(0), Decimal(250))


def test_a_refund_takes_back_what_the_purchase_earned_and_returns_what_it_spent(clock, partner, member):
    give_points(member, 200)
    purchase = buy(partner, member, "2000", spend_points=200)
    assert balance(member) == (Decimal(0), Decimal("90.00"))
    services.refund_purchase(purchase)
    assert balance(member) == (Decimal(200), Decimal(0))
    reversals = purchase.ledger.filter(kind=Kind.REVERSAL).order_by("amount")
    assert [(line.amount, line.pending) for line in reversals] == [(Decimal(-90), True), (Decimal(200), False)]
    services.refund_purchase(purchase)  # again: nothing more
    assert purchase.ledger.count() == 4
    clock.shift(later(30))
    assert services.release_pending() == 0  # the reversed points never become available
    assert_matches_ledger()


def test_a_refund_after_the_points_were_spent_takes_back_no_more_than_the_balance(clock, partner, member):
    ClubPartner.objects.create(business=partner, return_window_days=0)
    purchase = buy(partner, member, "10000")  # 500 available at once
    buy(partner, member, "1000", spend_points=450)  # 50 left, and 27.50 earned on the 550 paid
    services.refund_purchase(purchase)
    assert balance(member)[0] == Decimal(0)
    reversal = purchase.ledger.get(kind=Kind.REVERSAL)
    assert reversal.amount == Decimal("-77.50")
    assert "не хватило баллов" in reversal.note
    assert_matches_ledger()


def test_points_expire_oldest_first_after_a_reminder(clock, partner, member):
    set_rules(points_lifetime_days=100, expiry_reminder_days=10)
    first = give_points(member, 100)
    clock.shift(later(50))
    give_points(member, 40)
    clock.shift(later(40))  # day 90: the first lot expires in 10 days
    assert services.send_expiry_reminders() == 1
    reminder = Notification.objects.get(recipient=member.user, kind="club.points_expiring", channel="email")
    assert "100 баллов" in reminder.subject
    assert services.send_expiry_reminders() == 0  # each lot is reminded of once
    clock.shift(later(10))
    assert services.expire_points() == 1
    first.refresh_from_db()
    assert first.remaining == 0
    assert member.ledger.get(kind=Kind.EXPIRE).amount == Decimal(-100)
    assert balance(member)[0] == Decimal(40)
    assert_matches_ledger()


def test_a_medical_partner_keeps_no_description_of_the_service(clock, member):
    partner = medical_partner()
    purchase = buy(partner, member, "7000", description="Лечение кариеса 2.6")
    assert purchase.description == ""
    assert purchase.category.slug == "stomatologiya"


def test_bad_input_is_refused_with_a_message(clock, partner, member):
    for amount in ("0", "-5", "abc"):
        with pytest.raises(ValidationError) as refused:
            buy(partner, member, amount)
        assert refused.value.messages == ["Сумма покупки должна быть больше нуля."]
    with pytest.raises(ValidationError) as refused:
        services.record_purchase(partner, " ", "100", member, source="cashier")
    assert refused.value.code == "external_id_required"
    with pytest.raises(ValidationError) as refused:
        buy(partner, "+7 999", "100")
    assert refused.value.code == "invalid_phone"
    with pytest.raises(ValidationError) as refused:
        buy(partner, "+7 916 555-00-00", "100", spend_points=10)
    assert refused.value.code == "not_a_member"
    assert not Purchase.objects.filter(partner=partner).exists()


def test_the_nightly_check_finds_a_tampered_balance(clock, partner, member):
    buy(partner, member, "10000")
    superuser()
    assert services.verify_balances() == []
    Member.objects.filter(pk=member.pk).update(points_available=Decimal(1000))
    [found] = services.verify_balances()
    assert (found.member, found.stored_available, found.ledger_available) == (member, Decimal(1000), Decimal(0))
    assert (found.stored_pending, found.ledger_pending) == (Decimal(500), Decimal(500))
    assert BalanceDiscrepancy.objects.count() == 1
    assert Notification.objects.filter(kind="club.balance_mismatch", recipient__is_superuser=True).exists()


def test_adjustments_are_the_superusers_and_never_go_below_zero(clock, member):
    from django.core.exceptions import PermissionDenied

    give_points(member, 50)
    with pytest.raises(ValidationError) as refused:
        services.adjust(member, -60, note="Ошибка кассы", by=superuser())
    assert refused.value.code == "not_enough_points"
    with pytest.raises(PermissionDenied):
        services.adjust(member, 10, note="Подарок", by=member.user)
    services.adjust(member, -50, note="Ошибка кассы", by=superuser())
    assert balance(member)[0] == Decimal(0)
    assert_matches_ledger()
