"""Give the demo dealer a new API key and print it with a sample call (development only)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo import api


class Command(BaseCommand):
    help = "Create the demo dealer (if missing), revoke their old demo API key, print a new one (DEBUG only)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, port, **options):
        if not settings.DEBUG:
            raise CommandError("demo_api_key makes a new key; it runs only with DEBUG on.")
        user = api.seed_dealer()
        if user is None:
            raise CommandError("No Avtofamily demo yet: run `python manage.py seed_demo` first.")
        key = api.new_demo_key(user)
        base = f"http://avtofamily.localhost:{port}/api/v1/"
        self.stdout.write(f"API v1: {base} (docs), demo dealer {api.DEALER_EMAIL}, key: {key}")
        self.stdout.write(f'  curl -H "Authorization: Api-Key {key}" {base}cars/')
