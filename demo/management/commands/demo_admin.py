"""Create (or reset) the local demo superuser and print how to log in."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site


class Command(BaseCommand):
    help = "Create or reset the demo superuser and print its credentials (development only)."

    def add_arguments(self, parser):
        parser.add_argument("--email", default="admin@example.com")
        parser.add_argument("--password", default="", help="Default: a new random password.")
        parser.add_argument(
            "--port", type=int, default=None, help="Port the demo is served on: every site is moved to it."
        )

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
        if port is not None:
            Site.objects.update(port=port)
            Site.clear_site_root_paths_cache()
        site = Site.objects.filter(is_default_site=True).first()
        root_url = site.root_url if site else f"http://localhost:{port or 8000}"
        self.stdout.write(self.style.SUCCESS(f"Admin login for {root_url}/admin/"))
        self.stdout.write(f"  email:    {email}")
        self.stdout.write(f"  password: {password}")
