"""Club purchase import benchmark: a 100 000-row CSV imported for one partner on PostgreSQL.

Run from the project root (see bench/README.md):
    .venv/bin/python bench/club_import.py --rows 100000
BENCH_DATABASE_URL picks the database (default postgres://postgres@127.0.0.1:5432/platform_club_bench); the
script migrates it and runs `seed_demo` once if the «Свой Круг» partners are not there yet.

It makes 2 000 bench members (phones +7998xxxxxxx, bulk-inserted once), writes a CSV whose rows are 70 % theirs,
25 % by phones nobody joined with (they wait) and 5 % repeated document numbers, then times
loyalty.services.imports: `start_import` (checks and stores the file) and `run_import` (what the Celery task
runs), and prints the summary. The bench's purchases, points and jobs are deleted first, so runs compare.
"""

import argparse
import io
import os
import random
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
MEMBERS = 2000
PHONE_PREFIX = "+7998"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="print cProfile's N costliest calls")
    parser.add_argument("--queries", action="store_true", help="count SQL queries and their time per batch")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/platform_club_bench"
    )
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    sys.path.insert(0, str(PROJECT))
    create_database(os.environ["DATABASE_URL"])
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=PROJECT, check=True)

    import django

    django.setup()
    from catalog.models import BusinessPage

    if not BusinessPage.objects.filter(slug="lisichkino").exists():
        subprocess.run([*manage, "seed_demo", "-v0"], cwd=PROJECT, check=True, stdout=subprocess.DEVNULL)
    run(args.rows, profile=args.profile, queries=args.queries)


def create_database(url):
    from urllib.parse import urlparse

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    command = ["createdb", "-h", parsed.hostname or "127.0.0.1", "-U", parsed.username or "postgres", name]
    subprocess.run(command, capture_output=True)  # fails harmlessly when it exists


def bench_members(count=MEMBERS, *, prefix=PHONE_PREFIX, email="club-bench-"):
    """`count` members with phones `prefix` + 7 digits and accounts `email`<n>@example.com, bulk-inserted once."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from loyalty.models import Member

    User = get_user_model()
    phones = [f"{prefix}{n:07d}" for n in range(count)]
    if Member.objects.filter(phone__in=phones).count() < count:
        now = timezone.now()
        unusable = make_password(None)
        User.objects.bulk_create(
            [User(email=f"{email}{n}@example.com", password=unusable) for n in range(count)],
            ignore_conflicts=True,
        )
        users = User.objects.filter(email__startswith=email).order_by("pk")
        Member.objects.bulk_create(
            [
                Member(user=user, phone=phone, consent_at=now, joined_at=now)
                for user, phone in zip(users, phones, strict=True)
            ],
            ignore_conflicts=True,
        )
    return phones


def make_csv(rows, phones):
    rng = random.Random(42)  # noqa: S311 (a reproducible file, not a secret)
    out = io.StringIO()
    out.write("external_id,date,amount,phone,category\n")
    for n in range(rows):
        number = n if rng.random() > 0.05 else rng.randrange(max(n, 1))  # 5 % repeat an earlier document
        phone = rng.choice(phones) if rng.random() < 0.74 else f"+7997{rng.randrange(10**7):07d}"
        day = 1 + rng.randrange(28)
        out.write(f"B-{number},2026-{1 + rng.randrange(10):02d}-{day:02d},{rng.randrange(300, 30000)}.00,{phone},\n")
    return out.getvalue().encode()


def run(rows, *, profile=0, queries=False):
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection

    from catalog.models import BusinessPage
    from loyalty.models import EventFundLine, ImportJob, LedgerEntry, Member, Purchase, TierChange
    from loyalty.services import imports

    partner = BusinessPage.objects.get(slug="lisichkino", locale__language_code="ru")
    phones = bench_members()
    # A clean slate: the bench's own rows from an earlier run.
    bench = Member.objects.filter(phone__startswith=PHONE_PREFIX)
    LedgerEntry.objects.filter(member__in=bench).delete()
    TierChange.objects.filter(member__in=bench).delete()
    EventFundLine.objects.filter(purchase__partner=partner, purchase__external_id__startswith="B-").delete()
    Purchase.objects.filter(partner=partner, external_id__startswith="B-").delete()
    bench.update(points_available=0, points_pending=0, tier="insider", downgrade_at=None)
    ImportJob.objects.filter(file_name="club-bench.csv").delete()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    content = make_csv(rows, phones)
    user = get_user_model().objects.filter(is_superuser=True).first()
    started = time.perf_counter()
    job = imports.start_import(partner, SimpleUploadedFile("club-bench.csv", content), by=user)
    checked = time.perf_counter()
    with QueryCounter(connection, enabled=queries) as counter, Profiler(profile):
        job = imports.run_import(job.pk)
    done = time.perf_counter()
    print(f"{rows} rows, {len(content) / 1e6:.1f} MB on {connection.vendor}")
    print(f"start_import (check and store): {checked - started:.1f} s")
    print(f"run_import (record):            {done - checked:.1f} s")
    print(f"total:                          {done - started:.1f} s ({rows / (done - started):.0f} rows/s)")
    print(
        f"created {job.created}, matched {job.matched}, waiting {job.waiting}, skipped {job.skipped}, "
        f"refused {job.refused}; status {job.status}"
    )
    if queries:
        counter.report(batches=-(-rows // imports.BATCH))


class Profiler:
    """cProfile around the import (CPU of this process; the database's time shows as waits in psycopg)."""

    def __init__(self, top):
        self.top = top

    def __enter__(self):
        if self.top:
            import cProfile

            # BENCH_PROFILE_CPU=1: CPU time (what this process computes, whatever the machine's load)
            self.profile = (
                cProfile.Profile(time.process_time) if os.environ.get("BENCH_PROFILE_CPU") else cProfile.Profile()
            )
            self.profile.enable()
        return self

    def __exit__(self, *exc):
        if self.top:
            import pstats

            self.profile.disable()
            pstats.Stats(self.profile, stream=sys.stderr).sort_stats(
                os.environ.get("BENCH_PROFILE_SORT", "cumulative")
            ).print_stats(self.top)


class QueryCounter:
    """Counts the import's SQL statements by their first words, with the time spent waiting for each kind."""

    def __init__(self, connection, *, enabled):
        self.connection, self.enabled, self.kinds = connection, enabled, {}

    def __enter__(self):
        if self.enabled:
            self.wrapper = self.connection.execute_wrapper(self)
            self.wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        if self.enabled:
            self.wrapper.__exit__(*exc)

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            words = sql.split()
            table = next((w for w in words[1:12] if w.startswith('"loyalty_') or w.startswith('"catalog_')), "")
            kind = f"{words[0]} {table.split('.')[0]}"
            count, spent = self.kinds.get(kind, (0, 0.0))
            self.kinds[kind] = (count + 1, spent + time.perf_counter() - started)

    def report(self, *, batches):
        total = sum(count for count, _spent in self.kinds.values())
        spent = sum(spent for _count, spent in self.kinds.values())
        print(f"SQL: {total} statements ({total / batches:.1f} per batch of the {batches}), {spent:.1f} s waiting")
        for kind, (count, seconds) in sorted(self.kinds.items(), key=lambda item: -item[1][1]):
            print(f"  {count:6d}  {seconds:6.1f} s  {kind}")


if __name__ == "__main__":
    main()
