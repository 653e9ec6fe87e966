"""Cross-promo chains: each kind advances on purchases, in its window; rewards come once; the member's next steps;
the win-win report's figures and who may open it."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from accounts import roles
from loyalty import services
from loyalty.models import Chain, ChainProgress, ChainStepDone, Coupon, LedgerEntry
from tests.accounts.factories import staff
from tests.loyalty.factories import (
    CouponFactory,
    MemberFactory,
    PartnerFactory,
    buy,
    later,
    make_chain,
    superuser,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def partners(clock):
    return PartnerFactory(), PartnerFactory(), PartnerFactory(), PartnerFactory()


def done_steps(member, chain):
    return list(
        ChainStepDone.objects.filter(member=member, step__chain=chain)
        .order_by("done_at", "pk")
        .values_list("step__partner", "round")
    )


def test_a_simple_chain_gives_a_personal_coupon_at_b_usable_once(partners, member):
    a, b, *_ = partners
    template = CouponFactory(code="B-TEMPLATE", value=Decimal(15), partner=b, is_active=False)
    chain = make_chain(Chain.Kind.SIMPLE, [a, b], rewards=[template])
    buy(a, member, "1000")
    coupon = Coupon.objects.get(member=member)
    assert (coupon.partner, coupon.value, coupon.total_limit, coupon.is_active) == (b, Decimal(15), 1, True)
    purchase = buy(b, member, "2000", coupon_code=coupon.code)
    assert purchase.discount == Decimal(300)
    assert ChainProgress.objects.get(member=member, chain=chain).completed_at is not None
    buy(a, member, "1000")
    assert Coupon.objects.filter(member=member).count() == 1  # done: no second reward
    assert services.next_steps(member) == []


def test_a_purchase_at_b_first_does_not_count(partners, member):
    a, b, *_ = partners
    chain = make_chain(Chain.Kind.SIMPLE, [a, b], rewards=[None, 100])
    buy(b, member, "1000")
    assert done_steps(member, chain) == []
    buy(a, member, "1000")
    buy(b, member, "1000")
    assert done_steps(member, chain) == [(a.pk, 0), (b.pk, 0)]
    assert LedgerEntry.objects.filter(member=member, kind=LedgerEntry.Kind.CHAIN).get().amount == Decimal(100)


def test_a_step_needs_its_minimum_amount(partners, member):
    a, b, *_ = partners
    chain = make_chain(Chain.Kind.SIMPLE, [a, b])
    step = chain.steps.get(partner=a)
    step.min_amount = Decimal(5000)
    step.save()
    buy(a, member, "4999")
    assert done_steps(member, chain) == []
    buy(a, member, "5000")
    assert done_steps(member, chain) == [(a.pk, 0)]


def test_a_sequential_chain_must_be_finished_within_its_window(clock, partners, member):
    a, b, c, _ = partners
    chain = make_chain(Chain.Kind.SEQUENTIAL, [a, b, c], window_days=10, rewards=[None, None, 500])
    buy(a, member, "1000")
    clock.shift(later(5))
    buy(b, member, "1000")
    [step] = services.next_steps(member)
    assert ([s.partner for s in step.steps], step.done, step.total) == ([c], 2, 3)
    clock.shift(later(6))  # 11 days after A: too late
    buy(c, member, "1000")
    assert not LedgerEntry.objects.filter(member=member, kind=LedgerEntry.Kind.CHAIN).exists()
    assert ChainProgress.objects.get(member=member, chain=chain).position == 0
    buy(a, member, "1000")  # starts again
    buy(b, member, "1000")
    buy(c, member, "1000")
    assert LedgerEntry.objects.filter(member=member, kind=LedgerEntry.Kind.CHAIN).get().amount == Decimal(500)
    assert [round for _partner, round in done_steps(member, chain)] == [0, 0, 1, 1, 1]


def test_a_cyclic_chain_starts_again_and_rewards_each_lap_once(clock, partners, member):
    a, b, *_ = partners
    chain = make_chain(Chain.Kind.CYCLIC, [a, b], window_days=30, rewards=[None, 50])
    for _lap in range(2):
        buy(a, member, "1000")
        buy(b, member, "1000")
        buy(b, member, "1000")  # B again before A: nothing
    assert done_steps(member, chain) == [(a.pk, 0), (b.pk, 0), (a.pk, 1), (b.pk, 1)]
    assert LedgerEntry.objects.filter(member=member, kind=LedgerEntry.Kind.CHAIN).count() == 2
    [step] = services.next_steps(member)
    assert [s.partner for s in step.steps] == [a]


def test_a_fan_out_opens_any_one_of_the_branches(partners, member):
    a, b, c, d = partners
    chain = make_chain(Chain.Kind.FAN_OUT, [a, b, c, d], rewards=[None, 10, 20, 30])
    buy(a, member, "1000")
    [step] = services.next_steps(member)
    assert [s.partner for s in step.steps] == [b, c, d]
    buy(c, member, "1000")
    buy(b, member, "1000")  # the chain is done: another branch brings nothing
    assert done_steps(member, chain) == [(a.pk, 0), (c.pk, 0)]
    assert LedgerEntry.objects.filter(member=member, kind=LedgerEntry.Kind.CHAIN).get().amount == Decimal(20)


def test_a_refund_takes_the_chain_points_back(partners, member):
    a, b, *_ = partners
    make_chain(Chain.Kind.SIMPLE, [a, b], rewards=[100])
    purchase = buy(a, member, "1000")
    services.refund_purchase(purchase)
    member.refresh_from_db()
    assert member.points_pending == Decimal(0)


def test_the_win_win_figures(clock, partners):
    a, b, *_ = partners
    chain = make_chain(Chain.Kind.SIMPLE, [a, b])
    first, second, stranger = MemberFactory(), MemberFactory(), MemberFactory()
    buy(b, first, "700")  # before A: not from A's customers
    for partner, amount in ((a, "1000"), (b, "2000"), (b, "500"), (a, "300")):  # back at A after B: 300
        clock.shift(later(1))
        buy(partner, first, amount)
    buy(a, second, "1000")  # did not move
    buy(b, stranger, "9000")  # never at A
    [link] = services.chain_analytics(chain)
    assert (link.source.partner, link.target.partner) == (a, b)
    assert (link.moved, link.target_revenue, link.source_revenue) == (1, Decimal(2500), Decimal(300))


def test_the_report_is_the_superusers_and_the_chains_partners_owners(partners):
    a, b, c, _ = partners
    chain = make_chain(Chain.Kind.SIMPLE, [a, b])
    url = reverse("loyalty_chain_report", args=[chain.pk])
    client = Client()
    client.force_login(superuser())
    assert client.get(url).status_code == 200
    client.force_login(staff(roles.BUSINESS_OWNER, business=a))
    assert client.get(url).status_code == 200
    client.force_login(staff(roles.BUSINESS_OWNER, business=c))
    assert client.get(url).status_code == 404
