"""Joining the club: consent (152-ФЗ) with its time, a phone in E.164, purchases waiting under that phone credited."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from catalog.models import Tier
from loyalty import services
from loyalty.models import Member
from tests.accounts.factories import UserFactory
from tests.loyalty.factories import START, MemberFactory, buy, later

pytestmark = pytest.mark.django_db


def test_joining_stores_the_consent_and_the_phone(clock):
    user = UserFactory()
    member = services.join(user, "8 916 123-45-67", consent=True)
    assert (member.phone, member.consent_at, member.tier) == ("+79161234567", START, Tier.INSIDER)
    assert services.join(user, "8 916 123-45-67", consent=True) == member  # joining again: the same membership


def test_joining_without_consent_or_with_a_taken_phone_is_refused(clock):
    with pytest.raises(ValidationError) as refused:
        services.join(UserFactory(), "+79161234567", consent=False)
    assert refused.value.messages == [
        "Чтобы вступить в клуб, нужно согласие на передачу данных о покупках партнёрам клуба."
    ]
    MemberFactory(phone="+79161234567")
    with pytest.raises(ValidationError) as refused:
        services.join(UserFactory(), "+7 916 123 45 67", consent=True)
    assert refused.value.code == "phone_taken"
    assert Member.objects.count() == 1


def test_purchases_waiting_by_phone_are_credited_when_the_person_joins(clock, partner):
    waiting = buy(partner, "8 (916) 765-43-21", "4000")
    refunded = buy(partner, "+79167654321", "1000")
    services.refund_purchase(refunded)
    assert waiting.member is None and waiting.phone == "+79167654321"
    clock.shift(later(20))  # past the return window: the points are available at once
    member = services.join(UserFactory(), "+7 916 765 43 21", consent=True)
    waiting.refresh_from_db()
    refunded.refresh_from_db()
    assert (waiting.member, refunded.member) == (member, None)
    member.refresh_from_db()
    assert (member.points_available, member.points_pending) == (Decimal(200), Decimal(0))
    assert services.credit_waiting_purchases(member) == 0
    assert services.verify_balances() == []


def test_the_members_data_is_exported_and_erased_on_request(clock, partner):
    from accounts.cabinet.personal_data import erase_personal_data, export_personal_data

    member = services.join(UserFactory(), "+79161112233", consent=True)
    purchase = buy(partner, member, "1000")
    exported = export_personal_data(member.user)["club"]
    assert (exported["phone"], exported["points_pending"]) == ("+79161112233", "50.00")
    assert exported["purchases"][0]["amount"] == "1000.00"
    erase_personal_data(member.user)
    member.refresh_from_db()
    purchase.refresh_from_db()
    assert (member.phone, member.consent_at, purchase.phone) == (f"erased-{member.pk}", None, "")
    assert buy(partner, "+79161112233", "500").member is None  # the old phone reaches nobody now
