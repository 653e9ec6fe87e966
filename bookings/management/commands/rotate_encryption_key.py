"""Re-encrypt every stored door code with the current key (the first in FIELD_ENCRYPTION_KEYS).

Rotation: put the new key first and keep the old one after it, deploy, run this command, then
remove the old key. Safe to run again: values already under the current key are left alone."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from bookings.models import RentalAccess
from core import crypto

BATCH = 500


class Command(BaseCommand):
    help = "Re-encrypt all door codes with the current key of FIELD_ENCRYPTION_KEYS."

    def handle(self, *args, **options):
        current = crypto.current_key_id()
        stale = RentalAccess.objects.exclude(codes_encrypted__startswith=f"{current}:")
        rotated = 0
        ids = list(stale.values_list("pk", flat=True))
        for start in range(0, len(ids), BATCH):
            with transaction.atomic():
                rows = list(RentalAccess.objects.select_for_update().filter(pk__in=ids[start : start + BATCH]))
                for access in rows:
                    try:
                        new_value = crypto.reencrypt(access.codes_encrypted)
                    except crypto.DecryptionError as error:
                        raise CommandError(
                            f"Door codes #{access.pk} cannot be decrypted with any configured key: {error}"
                        ) from error
                    if new_value != access.codes_encrypted:
                        access.codes_encrypted = new_value
                        rotated += 1
                RentalAccess.objects.bulk_update(rows, ["codes_encrypted"])
        already = RentalAccess.objects.count() - rotated
        self.stdout.write(f"Re-encrypted {rotated} door code records with key '{current}'; {already} already used it.")
