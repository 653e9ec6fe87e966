"""On PostgreSQL, with threads that commit: one member's simultaneous answers to a question count once, and
simultaneous spends from the event fund never take it below zero."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from catalog.models import Tier
from catalog.models.partners import now as club_now
from loyalty.models import EventFundLine, EventProposal, LedgerEntry, Member, ProposalVote, Purchase
from loyalty.services import ClubError, fund, record_purchase, voting
from tests.bookings.conftest import run_concurrently
from tests.catalog.factories import EventIndexPageFactory, EventPageFactory
from tests.loyalty.factories import MemberFactory, PartnerFactory, delete_club_site, superuser
from tests.loyalty.factories import partners_index as club_partners

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]
ATTEMPTS = 20
RACE_HOST = "club-vote-race.localhost"
PHONES = "+7926777"


@pytest.fixture
def committed(committed_rows):
    """A partner, an event, a VIP author and a voter that the threads' connections see; deleted afterwards."""

    def build():
        partner = PartnerFactory(parent=club_partners(RACE_HOST))
        event = EventPageFactory(parent=EventIndexPageFactory(parent=partner.get_parent().get_parent()))
        author = MemberFactory(phone=f"{PHONES}0001", tier=Tier.VIP)
        voter = MemberFactory(phone=f"{PHONES}0002", tier=Tier.ELITE)
        return partner, event, author, voter, superuser()

    [rows] = run_concurrently([build])
    assert not isinstance(rows, Exception), rows

    def clean():
        members = Member.objects.filter(phone__startswith=PHONES)
        ProposalVote.objects.filter(member__in=members).delete()
        EventProposal.objects.filter(member__in=members).delete()  # its dates go with it
        EventFundLine.objects.filter(purchase__partner=rows[0]).delete()
        EventFundLine.objects.filter(kind=EventFundLine.Kind.SPEND, event=rows[1]).delete()
        LedgerEntry.objects.filter(member__in=members).delete()
        Purchase.objects.filter(partner=rows[0]).delete()
        users = list(members.values_list("user", flat=True))
        members.delete()
        get_user_model().objects.filter(pk__in=users).delete()
        get_user_model().objects.filter(email="club-admin@example.com").delete()
        delete_club_site(RACE_HOST)

    committed_rows(clean)
    return rows


def test_one_members_simultaneous_votes_count_once(committed):
    partner, _event, author, voter, admin = committed

    def open_vote():
        proposal = voting.propose(
            author, title="Гонка", format="party", venue=partner, description="—", budget=Decimal(0),
            dates=[club_now() + timedelta(days=10), club_now() + timedelta(days=11)],
        )  # fmt: skip
        return voting.approve(proposal, by=admin)

    [proposal] = run_concurrently([open_vote])
    assert not isinstance(proposal, Exception), proposal
    dates = list(proposal.dates.all())

    def answer(index):
        if index % 2:
            return lambda: voting.vote(voter, proposal, date=dates[index % 4 // 2])
        return lambda: voting.vote(voter, proposal, support=index % 4 == 0)

    results = run_concurrently([answer(index) for index in range(ATTEMPTS)])
    assert all(isinstance(result, ProposalVote) for result in results), results
    votes = ProposalVote.objects.filter(proposal=proposal, member=voter)
    assert sorted(votes.values_list("question", flat=True)) == ["date", "support"]
    outcome = voting.results(proposal)
    assert outcome.weight_for + outcome.weight_against == 3  # one Elite answer, weighing 3
    assert sum(weight for _date, weight, _voters in outcome.dates) == 3


def test_simultaneous_spends_never_take_the_fund_below_zero(committed):
    partner, event, author, _voter, admin = committed
    before = fund.balance()
    [purchase] = run_concurrently([lambda: record_purchase(partner, "fund-race", "50000", author, source="cashier")])
    assert not isinstance(purchase, Exception), purchase
    assert fund.balance() == before + 1000
    spend = ((before + 1000) / 4).quantize(Decimal("0.01"), rounding="ROUND_DOWN")  # four spends fit; twenty try

    results = run_concurrently([lambda: fund.spend(event, spend, by=admin) for _ in range(ATTEMPTS)])
    spent = [result for result in results if isinstance(result, EventFundLine)]
    refused = [result for result in results if not isinstance(result, EventFundLine)]
    assert len(spent) == 4
    assert all(isinstance(error, ClubError) and error.code == "fund_short" for error in refused), refused
    assert 0 <= fund.balance() < spend
