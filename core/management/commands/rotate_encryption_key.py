"""Re-encrypt every secret kept with core.crypto under the current key (the first in FIELD_ENCRYPTION_KEYS).

The secrets are the fields each model names in its `encrypted_fields` (door codes, the club's connector
credentials, ...): the command finds them through the app registry, so it imports no app above core.

Rotation: put the new key first and keep the old one after it, deploy, run this command, then remove the old key.
Everything is re-encrypted in one transaction: a value no configured key decrypts stops the command and nothing
changes. Safe to run again: values already under the current key (and empty ones) are left alone."""

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q

from core import crypto

BATCH = 500


def encrypted_fields():
    """(model, field name) for every model that declares `encrypted_fields`."""
    for model in apps.get_models():
        for name in getattr(model, "encrypted_fields", ()):
            yield model, name


class Command(BaseCommand):
    help = "Re-encrypt all encrypted fields (door codes, connector credentials) with the current key."

    def handle(self, *args, **options):
        current = crypto.current_key_id()
        total_rotated = total_kept = 0
        with transaction.atomic():
            for model, name in encrypted_fields():
                label = f"{model._meta.label}.{name}"
                stored = model.objects.exclude(Q(**{name: ""}) | Q(**{f"{name}__isnull": True}))
                stale = list(stored.exclude(**{f"{name}__startswith": f"{current}:"}).values_list("pk", flat=True))
                rotated = 0
                for start in range(0, len(stale), BATCH):
                    rows = list(model.objects.select_for_update().filter(pk__in=stale[start : start + BATCH]))
                    for row in rows:
                        value = getattr(row, name)
                        try:
                            new_value = crypto.reencrypt(value)
                        except crypto.DecryptionError as error:
                            raise CommandError(
                                f"{label} #{row.pk} cannot be decrypted with any configured key: {error}. "
                                "Nothing was changed."
                            ) from error
                        if new_value != value:
                            setattr(row, name, new_value)
                            rotated += 1
                    model.objects.bulk_update(rows, [name])
                kept = stored.count() - rotated
                total_rotated += rotated
                total_kept += kept
                self.stdout.write(f"{label}: re-encrypted {rotated}, {kept} already used key '{current}'.")
        self.stdout.write(f"Re-encrypted {total_rotated} values with key '{current}'; {total_kept} already used it.")
