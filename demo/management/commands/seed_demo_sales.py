"""Demo sales work for InBack and Avtofamily: manager profiles and requests sent through the intake, the
managers' calendars, leads worked through every stage, deals with cashback. Run after `seed_demo`
(`make seed` does); safe to run again.

Kept out of `seed_demo` itself, which the test suite runs: the leads tests count the leads they make."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo.sales import calendar, crm, deals, intake
from home.models import HomePage

# Intake first (it makes the manager profiles and skips a site that has leads), then the rest.
SALES_SEEDERS = {
    "inback": [intake.seed, calendar.seed, crm.seed, deals.seed],
    "avtofamily": [intake.seed],
}


class Command(BaseCommand):
    help = "Add demo leads, meetings and deals to the InBack and Avtofamily demo sites (after seed_demo)."

    def handle(self, *args, **options):
        created = 0
        with transaction.atomic():
            for slug, seeders in SALES_SEEDERS.items():
                home = HomePage.objects.filter(slug=slug, locale__language_code=settings.LANGUAGE_CODE).first()
                if home is None:
                    raise CommandError(f"No {slug} demo site: run `manage.py seed_demo` first.")
                for seed in seeders:
                    created += seed(home, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Demo sales: {created} objects created."))
