"""Optimistic locking for records that staff edit in admin forms (seed 003: «Optimistic locking для
редактирования (version field)»). The form carries the version it was opened at; saving moves the row from that
version to the next in one UPDATE, so of two people who opened the same version only the first saves, and the
second is told so instead of silently overwriting the first one's changes. Wagtail pages get the same rule from
their latest revision (core/wagtail_hooks.py)."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

STALE_EDIT_MESSAGE = _(
    "Пока вы редактировали, эту запись сохранил другой сотрудник. Ваши изменения не сохранены, чтобы не затереть "
    "его правки: откройте запись заново и внесите их ещё раз."
)


class VersionedModel(models.Model):
    version = models.PositiveIntegerField(_("версия"), default=1, editable=False)

    class Meta:
        abstract = True


def claim_version(instance, expected):
    """Move the row from version `expected` to the next one (in the caller's transaction), or refuse."""
    moved = type(instance)._default_manager.filter(pk=instance.pk, version=expected).update(version=expected + 1)
    if not moved:
        raise ValidationError(STALE_EDIT_MESSAGE, code="stale")
    instance.version = expected + 1


class VersionedFormMixin(forms.Form):
    """For the admin form of a VersionedModel: a hidden `version`, checked and moved on when an edit is saved."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance._state.adding:
            del self.fields["version"]
        else:
            self.fields["version"].initial = self.instance.version

    def save(self, commit=True):
        if "version" not in self.fields:
            return super().save(commit)
        with transaction.atomic():
            claim_version(self.instance, self.cleaned_data["version"])
            return super().save(commit)
