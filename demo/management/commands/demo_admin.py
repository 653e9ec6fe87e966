"""Create (or reset) the local demo superuser and print how to log in."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create or reset the demo superuser and print its credentials (development only)."

    def add_arguments(self, parser):
        parser.add_argument("--email", default="admin@example.com")
        parser.add_argument("--password", default="", help="Default: a new random password.")
        parser.add_argument("--port", type=int, default=8000, help="Port the demo is served on.")

    def handle(self, *args, email, password, port, **options):
        if not settings.DEBUG:
            raise CommandError("demo_admin resets a password; it runs only with DEBUG on.")
        password = password or secrets.token_urlsafe(12)
        user, _created = get_user_model().objects.get_or_create(
            email=email, defaults={"is_staff": True, "is_superuser": True, "first_name": "Админ"}
        )
        user.is_staff = user.is_superuser = user.is_active = True
        user.set_password(password)
        user.save()
        self.stdout.write(self.style.SUCCESS(f"Admin login for http://localhost:{port}/admin/"))
        self.stdout.write(f"  email:    {email}")
        self.stdout.write(f"  password: {password}")
