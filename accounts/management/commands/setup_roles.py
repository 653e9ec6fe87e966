"""Create or complete the role groups and their page and collection permissions (idempotent)."""

from django.core.management.base import BaseCommand

from accounts.access import setup_roles


class Command(BaseCommand):
    help = "Create the role groups and grant their page and collection permissions; run again after adding sites."

    def handle(self, *args, **options):
        setup_roles()
        self.stdout.write(self.style.SUCCESS("Roles are set up."))
