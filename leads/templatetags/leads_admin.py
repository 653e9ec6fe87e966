"""Labels for the stored codes in a lead's history (stage and lost-reason values kept in Interaction.data)."""

from django import template

from leads.models import LeadStage, LostReason

register = template.Library()


@register.filter
def stage_label(value):
    return LeadStage(value).label if value in LeadStage.values else value


@register.filter
def lost_reason_label(value):
    return LostReason(value).label if value in LostReason.values else value
