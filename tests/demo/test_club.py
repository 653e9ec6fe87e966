"""The club's demo: every tier has members, balances are the ledger's sums, chains and offers are walked and taken
through the services, and seeding again changes nothing."""

import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Sum
from django.urls import reverse
from django.utils.html import escape

from catalog.models import Tier
from demo import club
from loyalty import services
from loyalty.models import (
    Chain,
    ChainProgress,
    ChainStepDone,
    ClubPartner,
    Coupon,
    EventFeedback,
    EventPayment,
    EventProposal,
    EventRegistration,
    LedgerEntry,
    Member,
    Offer,
    OfferEvent,
    Purchase,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def club_demo():
    out = io.StringIO()
    call_command("seed_demo_club", stdout=out)
    return out.getvalue()


def test_every_tier_has_members_and_the_launch_partners_are_in_the_club():
    assert set(Member.objects.values_list("tier", flat=True)) == set(Tier.values)
    assert Member.objects.get(user__email=club.MEMBER_EMAIL).tier == Tier.ELITE
    assert ClubPartner.objects.filter(business__slug="millenium", is_medical=True).exists()
    assert ClubPartner.objects.count() == len(club.PARTNERS)
    assert Purchase.objects.filter(member__isnull=True).count() == len(club.WAITING)
    assert 120 <= Purchase.objects.count() <= 200
    demo_codes = [coupon[0] for coupon in club.COUPONS]
    assert Coupon.objects.filter(code__in=demo_codes, times_used__gt=0).count() == len(club.COUPON_USES)


def test_balances_equal_the_ledger_sums():
    for member in Member.objects.all():
        sums = {
            pending: total or 0
            for pending, total in LedgerEntry.objects.filter(member=member)
            .values_list("pending")
            .annotate(total=Sum("amount"))
        }
        assert member.points_available == sums.get(False, 0)
        assert member.points_pending == sums.get(True, 0)
    assert Member.objects.filter(points_pending__gt=0).exists()
    assert Member.objects.filter(points_available__gt=0).exists()


def test_seeding_the_club_again_records_nothing_and_logins_are_printed(settings, club_demo):
    assert club.MEMBER_EMAIL in club_demo and "password (both)" in club_demo
    models = (Purchase, LedgerEntry, Member, Coupon, Chain, ChainStepDone, ChainProgress, Offer, OfferEvent)
    models += (EventRegistration, EventPayment, EventFeedback, EventProposal)
    before = [model.objects.count() for model in models]
    assert club.seed() == (0, "")
    assert [model.objects.count() for model in models] == before
    settings.DEBUG = True
    out = io.StringIO()
    call_command("demo_logins", password="Fresh-demo-pass-42", stdout=out)
    assert club.MEMBER_EMAIL in out.getvalue() and club.CASHIER_EMAIL in out.getvalue()


def test_the_launch_partners_connectors_are_there_disabled_with_a_note(client):
    from loyalty.models import Connector

    rows = Connector.objects.select_related("partner")
    assert {(row.partner.slug, row.kind) for row in rows} == {
        ("mindal", "yclients"),
        ("lisichkino", "iiko"),
        ("lisichkino", "1c"),
        ("stim-tsentr", "amocrm"),
        ("skinerica", "1c"),
        ("skinerica", "bitrix24"),
        ("millenium", "renovatio"),
    }
    assert not rows.filter(enabled=True).exists()
    assert all(row.note == club.CONNECTOR_NOTE and row.credentials == {} for row in rows)
    assert club.seed() == (0, "") and Connector.objects.count() == len(club.CONNECTORS)  # not twice
    admin = get_user_model().objects.create_superuser(email="connectors-admin@example.com", password="pw")
    client.force_login(admin)
    page = client.get(reverse(Connector.snippet_viewset.get_url_name("list")))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Миллениум" in text and "МИС Renovatio" in text and "Демо: подключение не настроено" in text


def member(email):
    return Member.objects.get(user__email=email)


def test_chains_of_each_kind_walked_by_members_through_their_purchases():
    chains = {chain.kind: chain for chain in Chain.objects.all()}
    assert set(chains) == {Chain.Kind.SIMPLE, Chain.Kind.SEQUENTIAL, Chain.Kind.FAN_OUT}
    assert [step.partner.slug for step in chains[Chain.Kind.FAN_OUT].steps.order_by("sort_order")] == [
        "stim-tsentr", "skinerica", "mindal", "millenium",
    ]  # fmt: skip
    finished = {
        (progress.member.user.email, progress.chain.kind)
        for progress in ChainProgress.objects.filter(completed_at__isnull=False).select_related("member__user", "chain")
    }
    assert finished == {
        ("club2@demo.example.com", Chain.Kind.SIMPLE),
        ("club5@demo.example.com", Chain.Kind.SEQUENTIAL),
        ("club5@demo.example.com", Chain.Kind.SIMPLE),  # the offer's purchase at «Миндаль» finished it
        ("club3@demo.example.com", Chain.Kind.FAN_OUT),
    }
    # Every step done by a purchase the club recorded, and a chain's coupon used at the next partner.
    assert all(done.purchase.member_id == done.member_id for done in ChainStepDone.objects.select_related("purchase"))
    used = Coupon.objects.filter(code__startswith="CHAIN-MINDAL-", times_used=1).get()
    assert used.member == member("club2@demo.example.com")
    assert not Coupon.objects.get(code="CHAIN-MINDAL").is_active  # the template itself is not a coupon to use
    simple = {link.target.partner.slug: link.moved for link in services.chain_analytics(chains[Chain.Kind.SIMPLE])}
    assert simple == {"mindal": 2}


def test_the_demo_member_is_half_way_through_two_chains_and_may_start_the_third():
    steps = {step.chain.kind: step for step in services.next_steps(member(club.MEMBER_EMAIL))}
    assert set(steps) == {Chain.Kind.SIMPLE, Chain.Kind.SEQUENTIAL, Chain.Kind.FAN_OUT}
    assert (steps[Chain.Kind.SIMPLE].done, [s.partner.slug for s in steps[Chain.Kind.SIMPLE].steps]) == (1, ["mindal"])
    sequential = steps[Chain.Kind.SEQUENTIAL]
    assert (sequential.done, sequential.total, sequential.deadline is not None) == (1, 3, True)
    assert steps[Chain.Kind.FAN_OUT].done == 0


def test_offers_approved_through_the_workflow_taken_and_redeemed():
    offers = Offer.objects.order_by("pk")
    assert offers.count() == len(club.OFFERS) and all(offer.live for offer in offers)
    for offer in offers:
        state = offer.workflow_states.get()
        assert state.status == "approved" and state.task_states.get().status == "approved"
    tasting = Offer.objects.get(title="Дегустационный сет −15 %")
    figures = services.offer_analytics(tasting)
    assert (figures.taken, figures.redeemed, figures.revenue) == (2, 1, Decimal("3060.00"))
    hair = services.offer_analytics(Offer.objects.get(title="1 000 ₽ на уход для волос"))
    assert (hair.redeemed, hair.spent) == (1, Decimal(1000))
    maria = member(club.MEMBER_EMAIL)
    assert {offer.title for offer in services.offers_for(maria)} == {offer.title for offer in offers}
    insider = member("club6@demo.example.com")
    assert [offer.title for offer in services.offers_for(insider)] == ["Дегустационный сет −15 %"]


def test_the_demo_members_home_shows_her_offers_and_chains(client):
    client.force_login(get_user_model().objects.get(email=club.MEMBER_EMAIL))
    page = client.get("/club/", HTTP_HOST="svoykrug.localhost")
    assert page.status_code == 200
    text = page.content.decode()
    for title in [offer[1] for offer in club.OFFERS] + [chain[0] for chain in club.CHAINS]:
        assert escape(title) in text
    assert "Сейчас предложений для вас нет" not in text and "Пока нет цепочек" not in text


def test_members_signed_up_for_events_paid_came_and_rated_and_a_proposal_is_open_for_votes():
    Status = EventRegistration.Status
    registrations = EventRegistration.objects.all()
    assert registrations.filter(status=Status.REGISTERED, event__price=0).exists()
    paid = registrations.filter(status=Status.REGISTERED, event__price__gt=0)
    assert paid.exists() and EventPayment.objects.filter(status=EventPayment.Status.PAID).count() == paid.count()
    assert registrations.filter(checked_in_at__isnull=False).exists()
    assert EventFeedback.objects.filter(rating__gte=3).exists()
    voting, pending = EventProposal.objects.order_by("pk")
    assert (voting.status, pending.status) == (EventProposal.Status.VOTING, EventProposal.Status.PENDING)
    assert voting.votes.count() >= 10
