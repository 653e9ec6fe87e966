"""Member-built events (seed modules 1.6, 4.3): the event constructor, the superuser's moderation, weighted voting,
and closing the vote (the winner becomes a draft event page for the superuser to finish and publish).

A vote weighs what the member's tier weighs in the rules (ClubRules.vote_weight) when she answers; one answer per
member per question (whether to hold the event; which date), changed in place until the vote closes. Votes and the
closing lock the proposal's row, so an answer is either counted in the result or refused as too late."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from catalog.models import EventIndexPage, EventPage, Tier
from catalog.models.partners import now as club_now
from loyalty import notify
from loyalty.models import ClubRules, EventProposal, ProposalDate, ProposalVote
from loyalty.services.ledger import ClubError

Status = EventProposal.Status
Question = ProposalVote.Question
PROPOSING_TIERS = (Tier.VIP, Tier.ELITE, Tier.INNER_CIRCLE)
MIN_DATES, MAX_DATES = 2, 4
EVENT_HOURS = 3  # the draft's length; the superuser sets the real one

__all__ = ["approve", "can_propose", "close_due", "close_voting", "propose", "reject", "results", "vote"]


def can_propose(member) -> bool:
    return member.tier in PROPOSING_TIERS


def propose(member, *, title, format, venue, description, budget, dates, at=None) -> EventProposal:
    """A member's proposal from the event constructor; it waits for the superuser's moderation. Only VIP, Elite
    and Inner Circle members may propose; 2–4 different future dates."""
    at = at or club_now()
    if not can_propose(member):
        raise ClubError(
            _("Предлагать мероприятия могут участницы со статусом VIP, Elite и Inner Circle."), code="tier_too_low"
        )
    dates = sorted(set(dates))
    if not MIN_DATES <= len(dates) <= MAX_DATES:
        raise ClubError(_("Предложите от двух до четырёх разных дат."), code="dates_count")
    if dates[0] <= at:
        raise ClubError(_("Все даты должны быть в будущем."), code="dates_past")
    if budget is None or budget < 0:
        raise ClubError(_("Бюджет не может быть отрицательным."), code="invalid_budget")
    with transaction.atomic():
        proposal = EventProposal.objects.create(
            member=member, title=title.strip(), format=format, venue=venue, description=description.strip(),
            budget=budget, created_at=at,
        )  # fmt: skip
        ProposalDate.objects.bulk_create([ProposalDate(proposal=proposal, starts_at=moment) for moment in dates])
    return proposal


def check_moderator(user):
    if not (user.is_active and user.is_superuser):
        raise PermissionDenied


def lock(proposal):
    return EventProposal.objects.select_for_update().get(pk=proposal.pk)


def approve(proposal, *, by, closes_at=None, at=None) -> EventProposal:
    """The superuser approves a pending proposal: the vote opens until `closes_at` (by default the rules' voting
    days from now). The author is told through the outbox."""
    check_moderator(by)
    at = at or club_now()
    with transaction.atomic():
        proposal = lock(proposal)
        if proposal.status != Status.PENDING:
            raise ClubError(_("Это предложение уже рассмотрено."), code="already_moderated")
        closes_at = closes_at or at + timedelta(days=ClubRules.current().voting_days)
        if closes_at <= at:
            raise ClubError(_("Голосование должно закончиться в будущем."), code="closes_in_past")
        proposal.status, proposal.voting_closes_at = Status.VOTING, closes_at
        proposal.moderated_by, proposal.moderated_at = by, at
        proposal.save(update_fields=["status", "voting_closes_at", "moderated_by", "moderated_at"])
        notify.proposal_approved(proposal)
    return proposal


def reject(proposal, *, by, reason, at=None) -> EventProposal:
    """The superuser rejects a pending proposal, saying why; the author is told the reason through the outbox."""
    check_moderator(by)
    reason = (reason or "").strip()
    if not reason:
        raise ClubError(_("Напишите участнице, почему предложение отклонено."), code="reason_required")
    at = at or club_now()
    with transaction.atomic():
        proposal = lock(proposal)
        if proposal.status != Status.PENDING:
            raise ClubError(_("Это предложение уже рассмотрено."), code="already_moderated")
        proposal.status, proposal.reject_reason = Status.REJECTED, reason[:500]
        proposal.moderated_by, proposal.moderated_at = by, at
        proposal.save(update_fields=["status", "reject_reason", "moderated_by", "moderated_at"])
        notify.proposal_rejected(proposal)
    return proposal


def vote(member, proposal, *, support=None, date=None, at=None) -> ProposalVote:
    """The member's answer to one of the proposal's questions: `support` (True/False) whether to hold it, or `date`
    (one of its ProposalDate) when. Answering again changes the answer (and its weight, to her tier's now). Refused
    once the vote is closed. The same member answering twice at once still has one answer."""
    if (support is None) == (date is None):
        raise ValueError("answer exactly one question")
    question = Question.SUPPORT if date is None else Question.DATE
    at = at or club_now()
    with transaction.atomic():
        proposal = lock(proposal)
        if proposal.status != Status.VOTING or at >= proposal.voting_closes_at:
            raise ClubError(_("Голосование по этому предложению закрыто."), code="voting_closed")
        if date is not None and date.proposal_id != proposal.pk:
            raise ClubError(_("Такой даты в этом предложении нет."), code="unknown_date")
        weight = ClubRules.current().vote_weight(member.tier)
        answer = {"support": support, "date": date, "weight": weight, "changed_at": at}
        existing = ProposalVote.objects.filter(member=member, proposal=proposal, question=question).first()
        if existing is None:
            try:
                with transaction.atomic():
                    return ProposalVote.objects.create(
                        member=member, proposal=proposal, question=question, created_at=at, **answer
                    )
            except IntegrityError:  # the unique constraint: answered a moment ago
                existing = ProposalVote.objects.get(member=member, proposal=proposal, question=question)
        for name, value in answer.items():
            setattr(existing, name, value)
        existing.save(update_fields=list(answer))
    return existing


@dataclass
class Results:
    """A proposal's weighted results: the weight for and against, how many answered, and each date's weight."""

    weight_for: int = 0
    weight_against: int = 0
    voters_for: int = 0
    voters_against: int = 0
    dates: list = field(default_factory=list)  # [(ProposalDate, weight, voters)], in date order

    @property
    def passes(self):
        return self.weight_for > self.weight_against

    @property
    def best_date(self):
        """The date with the most weight (the earliest of equals), or None when nobody chose one."""
        voted = [row for row in self.dates if row[1] > 0]
        if not voted:
            return None
        return max(voted, key=lambda row: (row[1], -row[0].starts_at.timestamp()))[0]


def results_for(proposals) -> dict:
    """{proposal pk: its Results} in two queries however many proposals: the support question's totals per proposal,
    and every date option's weight."""
    ids = [proposal.pk for proposal in proposals]
    found = {pk: Results() for pk in ids}
    totals = (
        ProposalVote.objects.filter(proposal__in=ids, question=Question.SUPPORT)
        .values("proposal")
        .annotate(
            weight_for=Sum("weight", filter=Q(support=True), default=0),
            weight_against=Sum("weight", filter=Q(support=False), default=0),
            voters_for=Count("pk", filter=Q(support=True)),
            voters_against=Count("pk", filter=Q(support=False)),
        )
    )
    for row in totals:
        pk = row.pop("proposal")
        found[pk] = Results(**row)
    options = (
        ProposalDate.objects.filter(proposal__in=ids)
        .annotate(weight=Sum("votes__weight", default=0), voters=Count("votes"))
        .order_by("starts_at", "pk")
    )
    for option in options:
        found[option.proposal_id].dates.append((option, option.weight, option.voters))
    return found


def results(proposal) -> Results:
    """One proposal's Results (two queries)."""
    return results_for([proposal])[proposal.pk]


def events_index_for(proposal):
    """The club's events index: on the same site as the venue's partner catalog."""
    home = proposal.venue.get_parent().get_parent()
    return EventIndexPage.objects.child_of(home).first() or EventIndexPage.objects.order_by("path").first()


def draft_event(proposal, starts_at):
    """The winning proposal as a draft event page (never published here): the superuser finishes and publishes it."""
    index = events_index_for(proposal)
    if index is None:
        return None
    venue = proposal.venue
    page = EventPage(
        title=proposal.title,
        slug=f"{slugify(proposal.title, allow_unicode=True)[:60]}-{proposal.pk}".lstrip("-"),
        live=False,
        start=starts_at,
        end=starts_at + timedelta(hours=EVENT_HOURS),
        place_name=venue.title[:150],
        address=venue.address,
        city_id=venue.city_id,
        organiser=venue,
        description=proposal.description,
    )
    index.add_child(instance=page)
    page.save_revision(log_action=False)
    return page


def close_voting(proposal, *, at=None) -> EventProposal:
    """Count the vote of a proposal whose time is up: more weight for than against wins, and the winner becomes a
    draft event page on its best-voted date (the earliest date when nobody chose one). The author is told."""
    at = at or club_now()
    with transaction.atomic():
        proposal = lock(proposal)
        if proposal.status != Status.VOTING or at < proposal.voting_closes_at:
            return proposal
        outcome = results(proposal)
        proposal.closed_at = at
        if outcome.passes:
            proposal.status = Status.WON
            proposal.winning_date = outcome.best_date or proposal.dates.first()
            proposal.event = draft_event(proposal, proposal.winning_date.starts_at)
        else:
            proposal.status = Status.LOST
        proposal.save(update_fields=["status", "closed_at", "winning_date", "event"])
        notify.proposal_closed(proposal)
    return proposal


def close_due(at=None) -> int:
    """Close every vote whose deadline has passed (the beat task); returns how many."""
    at = at or club_now()
    due = EventProposal.objects.filter(status=Status.VOTING, voting_closes_at__lte=at).order_by("voting_closes_at")
    count = 0
    for proposal in due:
        close_voting(proposal, at=at)
        count += 1
    return count
