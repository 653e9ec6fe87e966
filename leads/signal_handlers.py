"""Signal handlers of the leads app, connected from LeadsConfig.ready().

- New scoring rules apply to the open leads at once, not only from their next event.
- When a manager stops taking leads (their profile's «принимает заявки» is unticked or their account is
  blocked), their open leads go to the others at once (leads.assignment.redistribute_open_leads)."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.signals import post_save

from leads.assignment import redistribute_open_leads
from leads.models import Lead, LeadScoringSettings, ManagerProfile


def rescore_open_leads(sender, instance, **kwargs):
    from leads import scoring

    transaction.on_commit(lambda: scoring.rescore_many(Lead.objects.open(), rules=instance))


def _redistribute_if_gone(user):
    if Lead.objects.open().filter(manager=user).exists():
        redistribute_open_leads(user)


def user_saved(sender, instance, created, update_fields=None, **kwargs):
    if created or instance.is_active or (update_fields is not None and "is_active" not in update_fields):
        return
    _redistribute_if_gone(instance)


def profile_saved(sender, instance, created, update_fields=None, **kwargs):
    if created or instance.is_active or (update_fields is not None and "is_active" not in update_fields):
        return
    _redistribute_if_gone(instance.user)


def register_signal_handlers():
    post_save.connect(rescore_open_leads, sender=LeadScoringSettings, dispatch_uid="leads_rescore_open_leads")
    post_save.connect(user_saved, sender=get_user_model(), dispatch_uid="leads-redistribute-on-user-block")
    post_save.connect(profile_saved, sender=ManagerProfile, dispatch_uid="leads-redistribute-on-profile-off")
