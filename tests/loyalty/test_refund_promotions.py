"""A purchase refunded whole no longer counts for its promotions: the chain steps it did are undone with their
rewards, the invitation's reward goes back and waits for the next purchase, the offer's figures forget it."""

from decimal import Decimal

import pytest

from loyalty import services
from loyalty.models import Chain, ChainProgress, ChainStepDone, Coupon, LedgerEntry, Member, Referral
from tests.accounts.factories import UserFactory
from tests.loyalty.factories import CouponFactory, PartnerFactory, buy, make_chain, make_offer, set_rules

pytestmark = pytest.mark.django_db
Kind = LedgerEntry.Kind


@pytest.fixture
def partners(clock):
    return PartnerFactory(), PartnerFactory(), PartnerFactory()


def pending(member):
    return Member.objects.get(pk=member.pk).points_pending


def progress(member, chain):
    return ChainProgress.objects.get(member=member, chain=chain)


def test_a_refund_undoes_the_chain_step_and_its_reward(partners, member):
    a, b, c = partners
    chain = make_chain(Chain.Kind.SEQUENTIAL, [a, b, c], window_days=30, rewards=[100, 200, 300])
    buy(a, member, "1000")
    second = buy(b, member, "1000")
    assert progress(member, chain).position == 2
    assert pending(member) == Decimal(400)  # 50 + 50 earned, 100 + 200 for the steps
    services.refund_purchase(second)
    assert progress(member, chain).position == 1  # B is the next step again
    assert list(ChainStepDone.objects.filter(member=member).values_list("step__partner", flat=True)) == [a.pk]
    assert pending(member) == Decimal(150)
    buy(b, member, "1000")  # done again: rewarded again, on the purchase that holds
    assert progress(member, chain).position == 2
    assert pending(member) == Decimal(400)
    assert services.verify_balances() == []


def test_a_refund_reopens_a_finished_chain_and_withdraws_its_unused_coupon(partners, member):
    a, b, _ = partners
    template = CouponFactory(code="B-GIFT", value=Decimal(15), partner=b, is_active=False)
    chain = make_chain(Chain.Kind.SIMPLE, [a, b], rewards=[template])
    first = buy(a, member, "1000")
    buy(b, member, "1000")
    assert progress(member, chain).completed_at is not None
    gift = Coupon.objects.get(member=member)
    services.refund_purchase(first)
    state = progress(member, chain)
    assert (state.position, state.completed_at, state.started_at) == (0, None, None)
    gift.refresh_from_db()
    assert gift.is_active is False
    [step] = services.next_steps(member)
    assert [s.partner for s in step.steps] == [a]


def test_a_cyclic_lap_finished_by_the_refunded_purchase_is_open_again(partners, member):
    a, b, _ = partners
    chain = make_chain(Chain.Kind.CYCLIC, [a, b], window_days=30)
    buy(a, member, "1000")
    last = buy(b, member, "1000")
    assert (progress(member, chain).round, progress(member, chain).position) == (1, 0)
    services.refund_purchase(last)
    state = progress(member, chain)
    assert (state.round, state.position) == (0, 1)
    assert state.started_at is not None
    buy(b, member, "1000")
    assert (progress(member, chain).round, progress(member, chain).position) == (1, 0)


def test_a_partial_refund_leaves_the_promotions(partners, member):
    a, b, _ = partners
    chain = make_chain(Chain.Kind.SIMPLE, [a, b], rewards=[100])
    purchase = buy(a, member, "1000")
    services.refund_purchase(purchase, amount="500")
    assert progress(member, chain).position == 1
    assert pending(member) == Decimal(125)  # half the 50 earned back, the step's 100 kept


def test_a_refunded_first_purchase_takes_the_invitation_reward_back_and_the_next_one_earns_it(partners, member):
    a, *_ = partners
    set_rules(referral_inviter_points=Decimal(500), referral_invitee_points=Decimal(200))
    friend = services.join(UserFactory(), "+79990000001", consent=True, invited_by=member)
    first = buy(a, friend, "1000")
    assert pending(member) == Decimal(500)
    services.refund_purchase(first)
    referral = Referral.objects.get()
    assert (referral.outcome, referral.refunded_at is not None) == (Referral.Outcome.REFUNDED, True)
    assert (pending(member), pending(friend)) == (Decimal(0), Decimal(0))
    second = buy(a, friend, "2000")
    referral.refresh_from_db()
    assert (referral.outcome, referral.purchase, referral.refunded_at) == (Referral.Outcome.REWARDED, second, None)
    assert pending(member) == Decimal(500)
    assert pending(friend) == Decimal(300)  # 100 earned + 200 for joining by invitation
    buy(a, friend, "1000")
    assert member.ledger.filter(kind=Kind.REFERRAL, reverses__isnull=True).count() == 2  # one taken back
    assert services.verify_balances() == []


def test_a_refused_invitation_stays_refused_after_a_refund(partners):
    a, *_ = partners
    inviter = services.join(UserFactory(), "+79990000009", consent=True, ip="10.0.0.7")
    friend = services.join(UserFactory(), "+79990000002", consent=True, invited_by=inviter, ip="10.0.0.7")
    services.refund_purchase(buy(a, friend, "1000"))
    buy(a, friend, "1000")
    assert Referral.objects.get().outcome == Referral.Outcome.SAME_IP


def test_the_offer_figures_and_budget_forget_a_refunded_redemption(partners, member):
    a, *_ = partners
    offer = make_offer(a, value=Decimal(10), budget=Decimal(300))
    coupon = services.offer_taken(offer, member)
    purchase = buy(a, member, "3000", coupon_code=coupon.code)
    assert services.offers_for(member) == []  # the budget is spent
    services.refund_purchase(purchase)
    figures = services.offer_analytics(offer)
    assert (figures.taken, figures.redeemed, figures.revenue, figures.spent) == (1, 0, Decimal(0), Decimal(0))
    coupon.refresh_from_db()
    assert coupon.times_used == 0  # the use given back: the member may use it again
    again = buy(a, member, "2000", coupon_code=coupon.code)
    assert again.discount == Decimal(200)
    figures = services.offer_analytics(offer)
    assert (figures.redeemed, figures.revenue) == (1, Decimal(1800))
