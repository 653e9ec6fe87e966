"""Member-built events: the event constructor (VIP and up), moderation with the outbox, weighted voting changeable
until the close, and the winner as a draft event page on its best-voted date."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from catalog.models import EventPage, Tier
from loyalty.models import EventProposal, ProposalVote
from loyalty.services import ClubError, voting
from notifications.models import Notification
from tests.catalog.factories import EventIndexPageFactory
from tests.loyalty.factories import START, MemberFactory, partners_index, set_rules, superuser

pytestmark = pytest.mark.django_db
Status = EventProposal.Status


@pytest.fixture
def events_index(clock):
    return EventIndexPageFactory(parent=partners_index().get_parent())


def propose(member, venue, *, days=(10, 12), budget="15000", title="Дегустация сыров"):
    return voting.propose(
        member, title=title, format=EventProposal.Format.TASTING, venue=venue, description="Сыры и вино.",
        budget=Decimal(budget), dates=[START + timedelta(days=day) for day in days],
    )  # fmt: skip


def open_vote(member, venue, **options):
    return voting.approve(propose(member, venue, **options), by=superuser())


def test_vip_proposes_with_dates_and_insider_is_refused(partner, clock):
    vip = MemberFactory(tier=Tier.VIP)
    proposal = propose(vip, partner, days=(12, 10, 14))
    assert proposal.status == Status.PENDING
    assert [option.starts_at for option in proposal.dates.all()] == [START + timedelta(days=d) for d in (10, 12, 14)]
    for tier in (Tier.ELITE, Tier.INNER_CIRCLE):
        assert propose(MemberFactory(tier=tier), partner).status == Status.PENDING
    with pytest.raises(ClubError) as refused:
        propose(MemberFactory(tier=Tier.INSIDER), partner)
    assert refused.value.code == "tier_too_low"
    assert "VIP" in refused.value.messages[0]


@pytest.mark.parametrize(
    ("days", "code"), [((10,), "dates_count"), ((1, 2, 3, 4, 5), "dates_count"), ((-1, 2), "dates_past")]
)
def test_two_to_four_future_dates(partner, clock, days, code):
    with pytest.raises(ClubError) as refused:
        propose(MemberFactory(tier=Tier.VIP), partner, days=days)
    assert refused.value.code == code
    assert not EventProposal.objects.exists()


def test_approval_opens_the_vote_and_tells_the_author(partner, clock):
    author = MemberFactory(tier=Tier.ELITE)
    proposal = open_vote(author, partner)
    assert proposal.status == Status.VOTING
    assert proposal.voting_closes_at == START + timedelta(days=7)  # the rules' voting days
    message = Notification.objects.get(recipient=author.user, kind="club.proposal_approved", channel="email")
    assert "Дегустация сыров" in message.subject
    with pytest.raises(ClubError):
        voting.approve(proposal, by=superuser())  # once


def test_rejection_needs_a_reason_and_sends_it(partner, clock):
    author = MemberFactory(tier=Tier.VIP)
    proposal = propose(author, partner)
    with pytest.raises(ClubError):
        voting.reject(proposal, by=superuser(), reason="  ")
    voting.reject(proposal, by=superuser(), reason="Площадка закрыта на ремонт")
    proposal.refresh_from_db()
    assert (proposal.status, proposal.reject_reason) == (Status.REJECTED, "Площадка закрыта на ремонт")
    message = Notification.objects.get(recipient=author.user, kind="club.proposal_rejected", channel="email")
    assert "Площадка закрыта на ремонт" in message.body
    with pytest.raises(ClubError):
        voting.vote(author, proposal, support=True)  # never opened


def test_only_the_superuser_moderates(partner, clock):
    proposal = propose(MemberFactory(tier=Tier.VIP), partner)
    with pytest.raises(PermissionDenied):
        voting.approve(proposal, by=MemberFactory().user)


def test_votes_weigh_by_tier_and_change_in_place(partner, clock):
    proposal = open_vote(MemberFactory(tier=Tier.VIP), partner)
    voters = {tier: MemberFactory(tier=tier) for tier in Tier.values}
    for tier, member in voters.items():
        voting.vote(member, proposal, support=tier != Tier.VIP)
    results = voting.results(proposal)
    assert (results.weight_for, results.weight_against) == (1 + 3 + 5, 2)
    assert (results.voters_for, results.voters_against) == (3, 1)
    voting.vote(voters[Tier.INNER_CIRCLE], proposal, support=False)  # changed her mind: still one answer
    results = voting.results(proposal)
    assert (results.weight_for, results.weight_against) == (4, 7)
    assert ProposalVote.objects.filter(proposal=proposal, question="support").count() == 4


def test_the_weights_are_the_rules_and_edits_are_kept_in_history(partner, clock):
    rules = set_rules(vip_vote_weight=4)
    rules.save_revision(user=superuser())
    proposal = open_vote(MemberFactory(tier=Tier.VIP), partner)
    vote = voting.vote(MemberFactory(tier=Tier.VIP), proposal, support=True)
    assert vote.weight == 4
    assert rules.revisions.count() == 1


def test_date_votes_pick_the_winner_and_it_becomes_a_draft_event(partner, events_index, clock):
    author = MemberFactory(tier=Tier.VIP)
    proposal = open_vote(author, partner, days=(10, 12, 14))
    _first, second, third = proposal.dates.all()
    elite, insider_a, insider_b = MemberFactory(tier=Tier.ELITE), MemberFactory(), MemberFactory()
    voting.vote(elite, proposal, support=True)
    voting.vote(elite, proposal, date=second)  # 3
    voting.vote(insider_a, proposal, date=third)
    voting.vote(insider_b, proposal, date=third)  # 2
    voting.vote(insider_a, proposal, support=False)
    clock.shift(timedelta(days=7))
    with pytest.raises(ClubError) as late:
        voting.vote(insider_b, proposal, support=False)
    assert late.value.code == "voting_closed"
    assert voting.close_due() == 1
    proposal.refresh_from_db()
    assert proposal.status == Status.WON
    assert proposal.winning_date == second
    event = EventPage.objects.get(pk=proposal.event_id)
    assert not event.live and event.has_unpublished_changes
    assert event.get_parent().specific == events_index
    assert (event.title, event.start, event.organiser_id) == ("Дегустация сыров", second.starts_at, partner.pk)
    assert event.latest_revision is not None
    assert Notification.objects.filter(recipient=author.user, kind="club.proposal_closed").exists()
    assert voting.close_due() == 0  # closed once


def test_more_weight_against_loses_and_makes_no_page(partner, events_index, clock):
    proposal = open_vote(MemberFactory(tier=Tier.VIP), partner)
    voting.vote(MemberFactory(tier=Tier.INSIDER), proposal, support=True)
    voting.vote(MemberFactory(tier=Tier.VIP), proposal, support=False)
    voting.close_voting(proposal, at=START + timedelta(days=8))
    proposal.refresh_from_db()
    assert (proposal.status, proposal.event_id) == (Status.LOST, None)
    assert not EventPage.objects.child_of(events_index).exists()


def test_a_date_of_another_proposal_is_refused(partner, clock):
    one, other = open_vote(MemberFactory(tier=Tier.VIP), partner), open_vote(MemberFactory(tier=Tier.VIP), partner)
    with pytest.raises(ClubError) as refused:
        voting.vote(MemberFactory(), one, date=other.dates.first())
    assert refused.value.code == "unknown_date"


def test_the_beat_task_closes_due_votes(partner, events_index, clock):
    from loyalty.tasks import close_proposal_votes

    proposal = open_vote(MemberFactory(tier=Tier.VIP), partner)
    voting.vote(MemberFactory(), proposal, support=True)  # nobody chose a date: the earliest
    assert close_proposal_votes() == 0
    clock.shift(timedelta(days=7, minutes=1))
    assert close_proposal_votes() == 1
    proposal.refresh_from_db()
    assert (proposal.status, proposal.winning_date) == (Status.WON, proposal.dates.first())


def test_proposals_and_votes_are_in_the_members_data_export(partner, clock):
    from accounts.cabinet.personal_data import export_personal_data

    author = MemberFactory(tier=Tier.VIP)
    proposal = open_vote(author, partner)
    voting.vote(author, proposal, date=proposal.dates.last())
    exported = export_personal_data(author.user)["club"]
    assert exported["event_proposals"][0]["title"] == "Дегустация сыров"
    assert datetime.fromisoformat(exported["votes"][0]["date"]) == START + timedelta(days=12)
