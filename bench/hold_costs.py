"""What one «Подтвердить» (the hold request) costs in-process: SQL queries, CPU and wall ms, time holding the locks.

Run from the project root on the database `booking_contention.py --seed` made (see bench/README.md):
    .venv/bin/python bench/hold_costs.py -n 30              # table: a HOLD on free dates, a refusal of taken dates
    .venv/bin/python bench/hold_costs.py -n 30 --profile    # and cProfile (CPU time) of the refusals

Django's test client calls the application directly (no server, no network, one request at a time), with the
production settings `booking_contention.py` serves. `n` bench guests each hold the same three nights of a
property of their own (the «different» scenario's request), then `n` more ask for the dates of the first
property, which its first guest holds (the «same» scenario's request for all but its winner). The lock column is
the time from the first `FOR UPDATE` to the end of `create_hold` (its commit or rollback): what other requests
for the property wait for. Each row is the median of its `n` requests.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))
from bench.booking_contention import FAR_AHEAD_DAYS, GUEST_EMAIL, bookable_rentals, prepare_guests, setup_django  # noqa: E402
from bench.catalog_bench import environment  # noqa: E402


class Recorder:
    """Each SQL statement with its start and end, and when `create_hold` returned or raised."""

    def __init__(self):
        self.queries = []
        self.hold_ended = None

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append((started, time.perf_counter(), sql))

    def lock_ms(self):
        starts = [started for started, _end, sql in self.queries if "FOR UPDATE" in sql or "FOR NO KEY UPDATE" in sql]
        if not starts or self.hold_ended is None:
            return 0.0
        return (self.hold_ended - starts[0]) * 1000


def watch_create_hold(recorder_of_thread):
    """Note when create_hold returns or raises (the view's name for it is what the request calls)."""
    from bookings import views

    original = views.create_hold

    def timed(**kwargs):
        try:
            return original(**kwargs)
        finally:
            recorder_of_thread[0].hold_ended = time.perf_counter()

    views.create_hold = timed


def post_hold(client, rental_id, check_in, check_out):
    return client.post(
        f"/bookings/new/{rental_id}/",
        {
            "check_in": check_in.isoformat(),
            "check_out": check_out.isoformat(),
            "guests_count": "1",
            "name": "Гость Бенчмарков",
            "phone": "+77011234567",
            "accept_rules": "on",
            "step": "confirm",
        },
        HTTP_HOST="zhilego.localhost",
        secure=True,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=30, help="requests per row")
    parser.add_argument("--profile", action="store_true", help="cProfile (CPU time) of the refusals, top 30")
    args = parser.parse_args()
    env = environment(os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/platform_bench"))
    if "BENCH_REDIS_URL" not in os.environ:
        env.pop("REDIS_URL")
    env["PAYMENT_PROVIDER"] = "sandbox"
    setup_django(env)
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    rentals = bookable_rentals(args.n)
    prepare_guests(2 * args.n)  # creates the guests and deletes their earlier bench bookings
    by_email = get_user_model().objects.in_bulk([GUEST_EMAIL.format(i) for i in range(2 * args.n)], field_name="email")
    guests = [by_email[GUEST_EMAIL.format(i)] for i in range(2 * args.n)]
    first_night = timezone.localdate() + timedelta(days=FAR_AHEAD_DAYS - 30)
    last_night = first_night + timedelta(days=3)
    recorder = [None]
    watch_create_hold(recorder)

    def measure(client, rental_id, expected_status):
        recorder[0] = Recorder()
        cpu, wall = time.process_time(), time.perf_counter()
        with connection.execute_wrapper(recorder[0]):
            response = post_hold(client, rental_id, first_night, last_night)
        cpu, wall = (time.process_time() - cpu) * 1000, (time.perf_counter() - wall) * 1000
        if response.status_code != expected_status:
            sys.exit(f"expected HTTP {expected_status}, got {response.status_code}: {response.content[:300]!r}")
        return len(recorder[0].queries), cpu, wall, recorder[0].lock_ms()

    clients = []
    for guest in guests:
        client = Client()
        client.force_login(guest)
        clients.append(client)
    # Warm up what a worker keeps (URL resolvers and translations of every language, templates): the form.
    clients[0].get(f"/bookings/new/{rentals[0]}/", HTTP_HOST="zhilego.localhost", secure=True)

    holds = [measure(clients[i], rentals[i], 302) for i in range(args.n)]
    profiler = cProfile.Profile(time.process_time) if args.profile else None
    if profiler:
        profiler.enable()
    refusals = [measure(clients[args.n + i], rentals[0], 400) for i in range(args.n)]
    if profiler:
        profiler.disable()

    print("| request | queries | CPU ms | wall ms | in lock ms |\n|---|---|---|---|---|")
    for label, rows in (("HOLD, free dates", holds), ("refused, dates taken", refusals)):
        queries, cpu, wall, lock = (statistics.median(column) for column in zip(*rows, strict=True))
        print(f"| {label} | {queries:.0f} | {cpu:.1f} | {wall:.1f} | {lock:.1f} |")
    if profiler:
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(30)
    prepare_guests(2 * args.n)  # leave no bench bookings behind


if __name__ == "__main__":
    main()
