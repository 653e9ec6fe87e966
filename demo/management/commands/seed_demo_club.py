"""The club «Свой Круг» in use: members in every tier, a year of purchases, coupons, a member and a cashier to log
in as (demo/club.py). Run after `seed_demo` (`make seed` does); safe to run again.

Kept out of `seed_demo` itself, which the test suite runs: the club's tests count the purchases, points and tier
changes they make, and run the nightly jobs over every member."""

from django.core.management.base import BaseCommand, CommandError

from demo import club


class Command(BaseCommand):
    help = "Add club members, their purchases and coupons to the «Свой Круг» demo (after seed_demo)."

    def handle(self, *args, **options):
        created, password = club.seed()
        if not created and not club.ready():
            raise CommandError("No «Свой Круг» demo partners: run `manage.py seed_demo` first.")
        self.stdout.write(self.style.SUCCESS(f"Club demo ready: {created} objects created."))
        for line in club.login_lines(password):
            self.stdout.write(line)
