"""Give the demo staff accounts a new shared password and print their logins (development only)."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from demo import club, staff


class Command(BaseCommand):
    help = "Set a new shared password for the demo accounts of every role and print their logins (DEBUG only)."

    def add_arguments(self, parser):
        parser.add_argument("--password", default="", help="Default: a new random password.")

    def handle(self, *args, password, **options):
        if not settings.DEBUG:
            raise CommandError("demo_logins resets passwords; it runs only with DEBUG on.")
        password = password or secrets.token_urlsafe(9)
        users = get_user_model().objects.filter(
            email__in=[account.email for account in (*staff.ACCOUNTS, *club.ACCOUNTS)]
        )
        if not users.exists():
            raise CommandError("No demo accounts yet: run `python manage.py seed_demo` first.")
        for user in users:
            user.set_password(password)
            user.save(update_fields=["password"])
        for line in (*staff.login_lines(password), *club.login_lines(password)):
            self.stdout.write(line)
