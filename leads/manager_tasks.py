"""A manager's tasks: set, done. A task about a lead leaves a line in the lead's history."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from leads.models import InteractionKind, Task
from leads.pipeline import log_interaction


@transaction.atomic
def save_task(task, *, by):
    """Validate and save a new or edited task (the admin form's save goes here)."""
    task.full_clean(exclude=["created_by"])
    created = task.pk is None
    if created:
        task.created_by = by
    task.save()
    if created and task.lead_id:
        log_interaction(
            task.lead, InteractionKind.TASK, by=by, text=task.title, data={"task": task.pk, "action": "set"}
        )
    return task


@transaction.atomic
def complete_task(task, *, by):
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.done_at is not None:
        raise ValidationError(_("Задача уже выполнена."))
    task.done_at = timezone.now()
    task.save(update_fields=["done_at"])
    if task.lead_id:
        log_interaction(
            task.lead, InteractionKind.TASK, by=by, text=task.title, data={"task": task.pk, "action": "done"}
        )
    return task
