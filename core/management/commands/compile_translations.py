"""Compile locale/*.po into .mo files with polib, so no system gettext is needed."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile the project's .po files (locale/) into .mo files."

    def handle(self, *args, **options):
        compiled = 0
        for locale_path in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_path).glob("*/LC_MESSAGES/*.po")):
                catalog = polib.pofile(str(po_path))
                catalog.save_as_mofile(str(po_path.with_suffix(".mo")))
                compiled += 1
                self.stdout.write(f"{po_path}: {catalog.percent_translated()}% translated")
        self.stdout.write(self.style.SUCCESS(f"Compiled {compiled} catalogues."))
