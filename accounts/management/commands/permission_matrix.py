"""Print the permission matrix as Markdown, or write it to docs/permissions.md."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.permission_matrix import render_markdown

DOC_PATH = Path(settings.BASE_DIR) / "docs" / "permissions.md"


class Command(BaseCommand):
    help = "Render the role × action × object permission matrix (accounts/permission_matrix.py) as Markdown."

    def add_arguments(self, parser):
        parser.add_argument(
            "--write", action="store_true", help=f"Write it to {DOC_PATH.relative_to(settings.BASE_DIR)}."
        )

    def handle(self, *args, write, **options):
        markdown = render_markdown()
        if write:
            DOC_PATH.parent.mkdir(exist_ok=True)
            DOC_PATH.write_text(markdown, encoding="utf-8")
            self.stdout.write(self.style.SUCCESS(f"Wrote {DOC_PATH}"))
        else:
            self.stdout.write(markdown, ending="")
