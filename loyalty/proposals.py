"""The member's pages of member-built events: the open votes with their weighted results, her own proposals, the
event constructor, and voting. Thin views over loyalty.services.voting; only on the club's host (loyalty.site)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog.models import BusinessPage, Tier
from catalog.models.partners import now as club_now
from loyalty.forms import ProposalForm
from loyalty.models import ClubRules, EventProposal, ProposalDate, ProposalVote
from loyalty.services import voting
from loyalty.site import club_index, member_view

Status = EventProposal.Status
RECENT_RESULTS = 6


def with_results(proposals, member):
    """Each proposal with its weighted results and the member's own answers: three queries, however many proposals."""
    results = voting.results_for(proposals)
    mine = {}
    for answer in ProposalVote.objects.filter(member=member, proposal__in=[p.pk for p in proposals]):
        mine.setdefault(answer.proposal_id, {})[answer.question] = answer
    rows = []
    for proposal in proposals:
        answers = mine.get(proposal.pk, {})
        support = answers.get(ProposalVote.Question.SUPPORT)
        chosen = answers.get(ProposalVote.Question.DATE)
        rows.append(
            {
                "proposal": proposal,
                "results": results[proposal.pk],
                "my_support": None if support is None else support.support,
                "my_date": chosen.date_id if chosen else None,
            }
        )
    return rows


def proposals_query():
    return EventProposal.objects.select_related("venue", "member__user", "winning_date", "event").prefetch_related(
        Prefetch("dates", queryset=ProposalDate.objects.order_by("starts_at", "pk"))
    )


@member_view
def proposals(request):
    member, at = request.member, club_now()
    rules = ClubRules.current()
    open_votes = list(
        proposals_query().filter(status=Status.VOTING, voting_closes_at__gt=at).order_by("voting_closes_at")
    )
    closed = list(
        proposals_query().filter(status__in=[Status.WON, Status.LOST]).order_by("-closed_at")[:RECENT_RESULTS]
    )
    context = {
        "member": member,
        "weight": rules.vote_weight(member.tier),
        "weights": [(label, rules.vote_weight(tier)) for tier, label in Tier.choices],
        "open_votes": with_results(open_votes, member),
        "closed": with_results(closed, member),
        "mine": list(proposals_query().filter(member=member).order_by("-created_at")),
        "can_propose": voting.can_propose(member),
    }
    return TemplateResponse(request, "loyalty/proposals.html", context)


def venues(request):
    return BusinessPage.objects.live().child_of(club_index(request)).order_by("title")


@member_view
def new_proposal(request):
    member = request.member
    if not voting.can_propose(member):
        return TemplateResponse(request, "loyalty/proposal_new.html", {"member": member, "refused": True}, status=403)
    form = ProposalForm(request.POST or None, venues=venues(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            voting.propose(
                member, title=data["title"], format=data["format"], venue=data["venue"],
                description=data["description"], budget=data["budget"], dates=form.dates(),
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Предложение отправлено: после модерации за него смогут проголосовать."))
            return redirect("loyalty:proposals")
    status = 400 if form.errors else 200
    return TemplateResponse(request, "loyalty/proposal_new.html", {"member": member, "form": form}, status=status)


@member_view
@require_POST
def vote(request, proposal_id):
    proposal = EventProposal.objects.filter(pk=proposal_id).first()
    if proposal is None:
        raise Http404
    answer = {}
    if request.POST.get("support") in ("yes", "no"):
        answer["support"] = request.POST["support"] == "yes"
    elif request.POST.get("date"):
        answer["date"] = ProposalDate.objects.filter(pk=request.POST["date"], proposal=proposal).first()
        if answer["date"] is None:
            raise Http404
    else:
        messages.error(request, _("Выберите ответ."))
        return redirect(reverse("loyalty:proposals") + f"#proposal-{proposal.pk}")
    try:
        voting.vote(request.member, proposal, **answer)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Голос учтён. Его можно изменить, пока голосование открыто."))
    return redirect(reverse("loyalty:proposals") + f"#proposal-{proposal.pk}")
