from django.core.management.base import BaseCommand

from integrations.webpush import generate_private_key


class Command(BaseCommand):
    help = "Print a new VAPID private key for WEBPUSH_VAPID_PRIVATE_KEY (web push)."

    def handle(self, *args, **options):
        self.stdout.write(f"WEBPUSH_VAPID_PRIVATE_KEY={generate_private_key()}")
