"""Demo bookings for ЖильеGO: four months of stays on the first demo properties, so the booking list and the
analytics have something to show. Run after `seed_demo` (`make seed` does); safe to run again.

Kept out of `seed_demo` itself, which the test suite runs: tests count the bookings they make."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import Site

from demo import bookings


class Command(BaseCommand):
    help = "Add demo bookings to the ЖильеGO demo site (after seed_demo; does nothing if they exist)."

    def handle(self, *args, **options):
        site = Site.objects.filter(hostname="zhilego.localhost").select_related("root_page").first()
        if site is None:
            raise CommandError("No ЖильеGO demo site: run `manage.py seed_demo` first.")
        with transaction.atomic():
            created = bookings.seed_bookings(site.root_page, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Demo bookings: {created} created."))
