"""Partners' offers: the workflow (a business owner submits, only the superuser approves, then it is live), the
audience, taking an offer once, the budget, and the figures (shown, taken, redeemed, revenue)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from accounts import roles
from catalog.models import Tier
from loyalty import services
from loyalty.models import Coupon, Offer
from tests.accounts.factories import staff
from tests.loyalty.factories import START, MemberFactory, PartnerFactory, buy, category, make_offer, superuser

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(Offer.snippet_viewset.get_url_name(name), args=args)


def form(partner, **changes):
    return {
        "partner": partner.pk,
        "title": "Минус 15% на ужин",
        "terms": "По будням",
        "kind": "percent",
        "value": "15",
        "coupon_days": "14",
        "audience_tiers": [Tier.INSIDER, Tier.VIP],
        "starts_on": START.date().isoformat(),
        "ends_on": (START.date() + timedelta(days=30)).isoformat(),
        **changes,
    }


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_an_owner_submits_only_the_superuser_approves_then_it_is_live(clock, partner):
    owner = logged_in(staff(roles.BUSINESS_OWNER, business=partner))
    response = owner.post(url("add"), {**form(partner), "action-submit": "1"})
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    offer = Offer.objects.get()
    assert not offer.live
    state = offer.current_workflow_state
    assert state is not None and state.status == "in_progress"
    task_state = state.current_task_state
    approve = url("workflow_action", offer.pk, "approve", task_state.pk)
    owner.post(approve, {"comment": ""})
    offer.refresh_from_db()
    assert not offer.live
    assert services.offers_for(MemberFactory()) == []
    logged_in(superuser()).post(approve, {"comment": ""})
    offer.refresh_from_db()
    assert offer.live
    assert services.offers_for(MemberFactory()) == [offer]


def test_an_owner_cannot_offer_at_another_partner(clock, partner):
    owner = logged_in(staff(roles.BUSINESS_OWNER, business=partner))
    response = owner.post(url("add"), {**form(PartnerFactory()), "action-submit": "1"})
    assert response.status_code == 200 and "partner" in response.context["form"].errors
    assert not Offer.objects.exists()


def test_the_audience_tiers_categories_and_lapsed_members(clock, partner):
    food = PartnerFactory(category=category("gastromarket"))
    vip, insider, eater = MemberFactory(tier=Tier.VIP), MemberFactory(), MemberFactory()
    buy(food, eater, "1000")
    for_vip = make_offer(partner, audience_tiers=[Tier.VIP])
    for_eaters = make_offer(partner)
    for_eaters.audience_categories.set([category("gastromarket")])
    for_eaters.save()  # a parental many-to-many is written with its offer
    for_lapsed = make_offer(partner, lapsed_days=30)
    assert services.offers_for(vip) == [for_vip, for_lapsed]
    assert services.offers_for(insider) == [for_lapsed]
    assert services.offers_for(eater) == [for_eaters]
    clock.shift(timedelta(days=31))
    assert services.offers_for(eater) == [for_eaters, for_lapsed]


def test_drafts_and_offers_out_of_their_dates_do_not_count(clock, partner, member):
    make_offer(partner, live=False)
    later = make_offer(partner, starts_on=START.date() + timedelta(days=1))
    assert services.offers_for(member) == []
    with pytest.raises(services.ClubError) as error:
        services.offer_taken(later, member)
    assert error.value.code == "offer_not_running"


def test_taken_once_redeemed_on_purchase_and_the_figures(clock, partner, member):
    offer = make_offer(partner, value=Decimal(10))
    services.offer_shown(offer, member)
    services.offer_shown(offer, member)
    coupon = services.offer_taken(offer, member)
    assert services.offer_taken(offer, member) == coupon
    assert (coupon.member, coupon.partner, coupon.total_limit) == (member, partner, 1)
    buy(partner, member, "3000", coupon_code=coupon.code)
    figures = services.offer_analytics(offer)
    assert (figures.shown, figures.taken, figures.redeemed) == (2, 1, 1)
    assert (figures.revenue, figures.spent) == (Decimal(2700), Decimal(300))


def test_a_spent_budget_stops_the_offer(clock, partner):
    offer = make_offer(partner, kind=Coupon.Kind.FIXED, value=Decimal(500), budget=Decimal(500))
    first, second = MemberFactory(), MemberFactory()
    buy(partner, first, "2000", coupon_code=services.offer_taken(offer, first).code)
    assert services.offers_for(second) == []
    with pytest.raises(services.ClubError) as error:
        services.offer_taken(offer, second)
    assert error.value.code == "offer_budget"
