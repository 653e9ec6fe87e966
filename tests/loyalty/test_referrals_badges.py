"""Invitations: a signed code; the reward on the invitee's first purchase, once, abuse refused. Badges: each
awarded once, for a new category, a first chain done, five partners, an invitee who bought."""

from decimal import Decimal

import pytest

from loyalty import services
from loyalty.models import Badge, Chain, LedgerEntry, Member, MemberBadge, Referral
from loyalty.services.referrals import refusal
from tests.accounts.factories import UserFactory
from tests.loyalty.factories import MemberFactory, PartnerFactory, buy, category, make_chain, set_rules

pytestmark = pytest.mark.django_db

REFERRAL = LedgerEntry.Kind.REFERRAL


def invited(inviter, phone="+79990000001", ip=None):
    code = services.invite_code(inviter)
    return services.join(UserFactory(), phone, consent=True, invited_by=services.inviter_from_code(code), ip=ip)


def test_the_invite_code_is_signed(member):
    code = services.invite_code(member)
    assert services.inviter_from_code(code) == member
    assert services.invite_link(member, "https://club.example/join/").startswith("https://club.example/join/?invite=")
    assert services.inviter_from_code(f"{member.pk + 1}:{code.split(':')[1]}") is None
    assert services.inviter_from_code("nonsense") is None


def test_the_reward_comes_with_the_first_purchase_once(clock, partner, member):
    set_rules(referral_inviter_points=Decimal(500), referral_invitee_points=Decimal(200))
    friend = invited(member)
    buy(partner, friend, "1000")
    buy(partner, friend, "1000")
    referral = Referral.objects.get()
    assert (referral.inviter, referral.invitee, referral.outcome) == (member, friend, Referral.Outcome.REWARDED)
    assert [line.amount for line in member.ledger.filter(kind=REFERRAL)] == [Decimal(500)]
    assert [line.amount for line in friend.ledger.filter(kind=REFERRAL)] == [Decimal(200)]
    member.refresh_from_db()
    assert member.points_pending == Decimal(500)


def test_inviting_oneself_earns_nothing(clock, partner, member):
    assert services.join(member.user, member.phone, consent=True, invited_by=member) == member
    Member.objects.filter(pk=member.pk).update(invited_by=member)  # however it came about
    buy(partner, Member.objects.get(pk=member.pk), "1000")
    assert Referral.objects.get().outcome == Referral.Outcome.SELF_INVITE
    assert not LedgerEntry.objects.filter(kind=REFERRAL).exists()


def test_the_same_address_or_phone_earns_nothing(clock, partner):
    inviter = services.join(UserFactory(), "+79990000009", consent=True, ip="10.0.0.7")
    friend = invited(inviter, ip="10.0.0.7")
    buy(partner, friend, "1000")
    assert Referral.objects.get().outcome == Referral.Outcome.SAME_IP
    assert not LedgerEntry.objects.filter(kind=REFERRAL).exists()
    twin = Member(pk=-1, user_id=-1, phone=inviter.phone)
    assert refusal(inviter, twin, friend.purchases.get()) == Referral.Outcome.SAME_PHONE


def badges(member):
    return [award.badge.code for award in services.member_badges(member)]


def test_badges_are_awarded_once(clock, member):
    beauty = [PartnerFactory() for _ in range(4)]
    food = PartnerFactory(category=category("gastromarket"))
    buy(beauty[0], member, "1000")
    assert badges(member) == []
    buy(food, member, "1000")
    buy(food, member, "1000")
    assert badges(member) == [Badge.Code.NEW_CATEGORY]
    for partner in beauty[1:]:
        buy(partner, member, "1000")
    assert badges(member) == [Badge.Code.NEW_CATEGORY, Badge.Code.FIVE_PARTNERS]
    make_chain(Chain.Kind.SIMPLE, beauty[:2])
    buy(beauty[0], member, "1000")
    buy(beauty[1], member, "1000")
    buy(beauty[1], member, "1000")
    assert badges(member) == [Badge.Code.NEW_CATEGORY, Badge.Code.FIVE_PARTNERS, Badge.Code.FIRST_CHAIN]
    assert MemberBadge.objects.filter(member=member).count() == 3


def test_an_invitee_who_bought_earns_the_inviter_a_badge(clock, partner):
    inviter = MemberFactory()
    buy(partner, invited(inviter), "1000")
    assert badges(inviter) == [Badge.Code.REFERRAL]


def test_a_badge_switched_off_is_neither_awarded_nor_shown(clock, member):
    Badge.objects.filter(code=Badge.Code.NEW_CATEGORY).update(is_active=False)
    buy(PartnerFactory(), member, "1000")
    buy(PartnerFactory(category=category("gastromarket")), member, "1000")
    assert badges(member) == []
