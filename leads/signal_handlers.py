"""Signal handlers of the leads app, connected from LeadsConfig.ready()."""

from django.db import transaction
from django.db.models.signals import post_save

from leads.models import Lead, LeadScoringSettings


def rescore_open_leads(sender, instance, **kwargs):
    """New scoring rules apply to the open leads at once, not only from their next event."""
    from leads import scoring

    transaction.on_commit(lambda: scoring.rescore_many(Lead.objects.open(), rules=instance))


def register_signal_handlers():
    post_save.connect(rescore_open_leads, sender=LeadScoringSettings, dispatch_uid="leads_rescore_open_leads")
