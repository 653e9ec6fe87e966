"""Member-built events on the club site (the constructor, the votes with their weights) and in the admin (moderation,
results, the event fund's balance, months and spends per event)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from catalog.models import Tier
from loyalty.admin import proposals as admin_views
from loyalty.models import EventFundLine, EventProposal, ProposalVote
from loyalty.services import voting
from tests.catalog.factories import EventIndexPageFactory, EventPageFactory
from tests.loyalty.factories import HOST, START, MemberFactory, buy, partners_index, superuser

pytestmark = pytest.mark.django_db
Status = EventProposal.Status


@pytest.fixture
def club(client, partner):
    client.defaults["HTTP_HOST"] = HOST
    return client


def proposal_data(partner, **changes):
    data = {
        "title": "Сырный вечер", "format": "tasting", "venue": partner.pk, "budget": "12000",
        "description": "Дегустация у партнёра.", "date_1": "2027-03-20T19:00", "date_2": "2027-03-22T19:00",
        "date_3": "", "date_4": "",
    }  # fmt: skip
    return {**data, **changes}


def make_proposal(partner, tier=Tier.VIP):
    return voting.propose(
        MemberFactory(tier=tier), title="Сырный вечер", format="tasting", venue=partner, description="Сыры.",
        budget=Decimal(5000), dates=[START + timedelta(days=10), START + timedelta(days=12)],
    )  # fmt: skip


def test_a_vip_member_proposes_an_event(club, partner):
    member = MemberFactory(tier=Tier.VIP)
    club.force_login(member.user)
    page = club.get("/club/proposals/new/")
    assert page.status_code == 200 and partner.title in page.text
    response = club.post("/club/proposals/new/", proposal_data(partner))
    assert response.status_code == 302 and response["Location"] == "/club/proposals/"
    proposal = EventProposal.objects.get(member=member)
    assert (proposal.status, proposal.budget, proposal.dates.count()) == (Status.PENDING, Decimal(12000), 2)
    assert "Сырный вечер" in club.get("/club/proposals/").text  # under «my proposals»


def test_one_date_is_not_enough(club, partner):
    club.force_login(MemberFactory(tier=Tier.ELITE).user)
    response = club.post("/club/proposals/new/", proposal_data(partner, date_2=""))
    assert response.status_code == 400
    assert not EventProposal.objects.exists()


def test_an_insider_is_told_clearly(club, partner):
    club.force_login(MemberFactory(tier=Tier.INSIDER).user)
    page = club.get("/club/proposals/new/")
    assert page.status_code == 403
    assert "VIP, Elite и Inner Circle" in page.text
    assert club.post("/club/proposals/new/", proposal_data(partner)).status_code == 403
    assert not EventProposal.objects.exists()
    with translation.override("en"):
        page = club.get("/en/club/proposals/new/")
    assert "VIP, Elite and Inner Circle" in page.text


def test_members_vote_and_see_the_weights(club, partner):
    proposal = voting.approve(make_proposal(partner), by=superuser())
    elite = MemberFactory(tier=Tier.ELITE)
    club.force_login(elite.user)
    page = club.get("/club/proposals/")
    assert "Сырный вечер" in page.text and "×3" in page.text
    club.post(f"/club/proposals/{proposal.pk}/vote/", {"support": "yes"})
    date = proposal.dates.last()
    club.post(f"/club/proposals/{proposal.pk}/vote/", {"date": date.pk})
    club.post(f"/club/proposals/{proposal.pk}/vote/", {"support": "no"})  # changed
    answers = {vote.question: vote for vote in ProposalVote.objects.filter(member=elite)}
    assert answers["support"].support is False and answers["support"].weight == 3
    assert answers["date"].date == date
    results = voting.results(proposal)
    assert (results.weight_for, results.weight_against) == (0, 3)
    assert "Против: <strong>3</strong>" in club.get("/club/proposals/").text


def test_the_votes_page_makes_the_same_queries_for_one_open_vote_and_for_four(club, partner):
    member = MemberFactory(tier=Tier.ELITE)
    club.force_login(member.user)

    def queries_with(count):
        while EventProposal.objects.filter(status=Status.VOTING).count() < count:
            proposal = voting.approve(make_proposal(partner), by=superuser())
            voting.vote(MemberFactory(tier=Tier.VIP), proposal, support=True)
            voting.vote(member, proposal, date=proposal.dates.first())
        club.get("/club/proposals/")  # caches warmed (content types, the club's rules)
        with CaptureQueriesContext(connection) as captured:
            page = club.get("/club/proposals/")
        assert page.text.count("Сырный вечер") >= count
        return len(captured)

    assert queries_with(1) == queries_with(4)


def test_superuser_moderates_in_the_admin(client, partner):
    proposal = make_proposal(partner)
    client.force_login(superuser())
    url = reverse(admin_views.URL_NAME, args=[proposal.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reject": "1", "reason": ""})
    assert response.status_code == 200  # the reason is needed
    client.post(url, {"reject": "1", "reason": "Нет площадки в эти даты"})
    proposal.refresh_from_db()
    assert (proposal.status, proposal.reject_reason) == (Status.REJECTED, "Нет площадки в эти даты")
    other = make_proposal(partner)
    client.post(reverse(admin_views.URL_NAME, args=[other.pk]), {"approve": "1"})
    other.refresh_from_db()
    assert other.status == Status.VOTING
    listing = client.get(reverse(EventProposal.snippet_viewset.get_url_name("list")))
    assert listing.status_code == 200 and "Сырный вечер" in listing.text


def test_only_the_superuser_sees_moderation_and_the_fund(client, partner):
    proposal = make_proposal(partner)
    client.force_login(MemberFactory().user)
    assert client.get(reverse(admin_views.URL_NAME, args=[proposal.pk])).status_code in (302, 403)
    assert client.get(reverse(admin_views.FUND_URL_NAME)).status_code in (302, 403)


def test_the_fund_in_the_admin(client, partner, member):
    event = EventPageFactory(parent=EventIndexPageFactory(parent=partners_index().get_parent()), title="Сырный вечер")
    buy(partner, member, "100000")  # 2 000 in the fund
    client.force_login(superuser())
    url = reverse(admin_views.FUND_URL_NAME)
    response = client.post(url, {"event": event.pk, "amount": "2500", "note": ""})
    assert response.status_code == 200 and not EventFundLine.objects.filter(kind="spend").exists()
    client.post(url, {"event": event.pk, "amount": "1500", "note": "Аренда"})
    page = client.get(url)
    assert "Сырный вечер" in page.text and "1500" in page.text.replace("\xa0", "").replace(" ", "")
    assert page.context["periods"][0]["net"] == Decimal(500)


def test_closed_votes_show_their_outcome(club, partner, clock):
    proposal = voting.approve(make_proposal(partner), by=superuser())
    voting.vote(MemberFactory(tier=Tier.VIP), proposal, support=False)
    voting.close_voting(proposal, at=START + timedelta(days=8))
    club.force_login(MemberFactory().user)
    page = club.get("/club/proposals/").text
    assert "Итоги голосований" in page and "не набрало голосов" in page
    assert f"/club/proposals/{proposal.pk}/vote/" not in page  # no buttons once closed
