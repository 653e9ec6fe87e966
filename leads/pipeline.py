"""The sales pipeline: the only place a lead's stage changes, and the one way to write its history.

new → in work → meeting scheduled → deal → won; any open stage → lost (with a reason);
a lost lead may be reopened into work. Every change is an Interaction (who, when, from, to)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leads import scoring
from leads.models import CLOSED_DEAL_STAGES, CONTACT_KINDS, Interaction, InteractionKind, Lead, LeadStage, LostReason

ALLOWED_MOVES = {
    LeadStage.NEW: {LeadStage.IN_WORK, LeadStage.MEETING, LeadStage.LOST},
    LeadStage.IN_WORK: {LeadStage.MEETING, LeadStage.DEAL, LeadStage.LOST},
    LeadStage.MEETING: {LeadStage.IN_WORK, LeadStage.DEAL, LeadStage.LOST},
    LeadStage.DEAL: {LeadStage.WON, LeadStage.LOST},
    LeadStage.WON: set(),
    LeadStage.LOST: {LeadStage.IN_WORK},
}


class StageChangeRefused(Exception):
    def __init__(self, message):
        self.message = message
        super().__init__(str(message))


def can_move(lead, stage):
    return stage in ALLOWED_MOVES[LeadStage(lead.stage)]


def log_interaction(lead, kind, *, by=None, text="", data=None):
    """Append one line to the lead's history; the first call or message also stamps first contact.

    Every line rescores the lead (leads.scoring)."""
    interaction = Interaction.objects.create(lead=lead, kind=kind, author=by, text=text, data=data or {})
    if kind in CONTACT_KINDS and by is not None and lead.first_contact_at is None:
        lead.first_contact_at = interaction.created_at
        Lead.objects.filter(pk=lead.pk, first_contact_at__isnull=True).update(first_contact_at=interaction.created_at)
    scoring.rescore(lead)
    return interaction


@transaction.atomic
def move_to_stage(lead, stage, *, by=None, lost_reason="", comment=""):
    """Move the lead to `stage` and write the history line, or raise StageChangeRefused.

    The row is re-read under a lock, so two managers moving the same lead cannot both pass the check.
    A lead with an open deal leaves the «deal» stage only with it: leads/deals.py closes or cancels the deal
    first, then moves the lead."""
    locked = Lead.objects.select_for_update().get(pk=lead.pk)
    stage = LeadStage(stage)
    if locked.stage == LeadStage.DEAL and locked.deals.exclude(stage__in=CLOSED_DEAL_STAGES).exists():
        raise StageChangeRefused(_("По заявке открыта сделка: закройте или отмените её на странице сделки."))
    if not can_move(locked, stage):
        raise StageChangeRefused(
            _("Нельзя перевести заявку из этапа «%(from)s» в «%(to)s».")
            % {"from": LeadStage(locked.stage).label, "to": stage.label}
        )
    if stage == LeadStage.LOST and lost_reason not in LostReason.values:
        raise StageChangeRefused(_("Укажите причину отказа."))
    previous = locked.stage
    locked.stage = stage
    locked.lost_reason = lost_reason if stage == LeadStage.LOST else ""
    locked.closed_at = timezone.now() if stage in (LeadStage.WON, LeadStage.LOST) else None
    locked.save(update_fields=["stage", "lost_reason", "closed_at", "updated_at"])
    log_interaction(
        locked,
        InteractionKind.STAGE,
        by=by,
        text=comment,
        data={"from": previous, "to": stage.value, **({"lost_reason": lost_reason} if lost_reason else {})},
    )
    for field in ("stage", "lost_reason", "closed_at", "updated_at", "score", "score_reasons"):
        setattr(lead, field, getattr(locked, field))
    return lead
