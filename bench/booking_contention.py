"""Booking contention benchmark: N guests press «Подтвердить» at the same moment, over HTTP, against gunicorn.

Run from the project root (see bench/README.md):
    .venv/bin/python bench/booking_contention.py --seed -n 20 -n 50 -n 100

Three scenarios, each with N guests who each have their own session and CSRF token:
  same         all N book the same dates of one property: exactly one HOLD is expected;
  overlapping  all N book different dates of one property, every two of which share a night: one HOLD;
  different    each books the same dates of a property of their own: N HOLDs.
For each it reports HOLDs made (302 to the booking page), conflicts (400 with «даты уже заняты»), errors
(anything else, timeouts included), p50/p95 latency of the booking POST and the attempts answered per second of
the burst, then checks in the database that no two bookings occupying a property's dates overlap. The server is
gunicorn started as deploy/ starts it (deploy/gunicorn.conf.py: gthread, here 2 workers × 4 threads); `--sync`
serves with plain sync workers instead, as the earlier figures in bench/README.md were measured.

The database is BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/platform_bench). `--seed` drops
and creates it, migrates and seeds the demo with `--scale` extra listings per vertical (enough rentals for the
`different` scenario). The guests (bench-guest-<i>@example.com) and their sessions are made in the database;
their bookings from a previous run are deleted first. Each scenario books its own dates, so the check at the
end of each covers every booking it made; then its HOLDs are cancelled, so that a guest who won one burst is not
refused the next for already holding the property (one unpaid hold per property and guest).
"""

import argparse
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from datetime import timedelta
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))
from bench.catalog_bench import environment, manage  # noqa: E402

HOST = "zhilego.localhost"
GUEST_EMAIL = "bench-guest-{}@example.com"
CONFLICT_TEXT = "даты уже заняты"
FAR_AHEAD_DAYS = 400  # far beyond the demo's bookings and the seeded price calendars
SCENARIOS = ("same", "overlapping", "different")


# -- preparing the guests and checking the result, in this process through the ORM ----------------


def setup_django(env):
    os.environ.update(env)
    import django

    django.setup()


def prepare_guests(count):
    """`count` guests, each with a fresh logged-in session; their earlier bench bookings deleted. -> session keys"""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model

    from bookings.models import Booking

    users = get_user_model().objects
    guests = []
    for index in range(count):
        guest = users.filter(email=GUEST_EMAIL.format(index)).first()
        if guest is None:
            guest = users.create_user(email=GUEST_EMAIL.format(index), password=None, first_name=f"Гость {index}")
        guests.append(guest)
    Booking.objects.filter(guest__in=guests).delete()
    keys = []
    for guest in guests:
        # What django.contrib.auth.login() stores, where the server reads it (database or cache).
        session = import_module(settings.SESSION_ENGINE).SessionStore()
        session[SESSION_KEY] = str(guest.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = guest.get_session_auth_hash()
        session.create()
        keys.append(session.session_key)
    return keys


def bookable_rentals(count):
    from wagtail.models import Site

    from catalog.models import RentalPropertyPage

    root = Site.objects.get(hostname=HOST).root_page
    rentals = list(
        RentalPropertyPage.objects.live()
        .public()
        .descendant_of(root)
        .filter(is_active=True, sleeping_places__gte=1)
        .order_by("pk")
        .values_list("pk", flat=True)[:count]
    )
    if len(rentals) < count:
        sys.exit(f"Only {len(rentals)} bookable rentals on {HOST}; seed with a larger --scale.")
    return rentals


def attempts_for(scenario, count, rentals, first_night):
    """(rental id, check-in, check-out) per guest."""
    if scenario == "same":
        return [(rentals[0], first_night, first_night + timedelta(days=3))] * count
    if scenario == "overlapping":
        # Check-in on one of the first 7 days, check-out on one of the next 7: every stay holds night 7.
        return [
            (rentals[0], first_night + timedelta(days=i % 7), first_night + timedelta(days=7 + i // 7 % 7 + 1))
            for i in range(count)
        ]
    return [(rentals[i], first_night, first_night + timedelta(days=3)) for i in range(count)]


def overlapping_pairs():
    """Pairs of bookings that occupy a property's dates at the same time (must be none)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*) FROM bookings_booking a JOIN bookings_booking b
              ON a.rental_id = b.rental_id AND a.id < b.id
             AND a.check_in < b.check_out AND b.check_in < a.check_out
             WHERE a.status IN ('HOLD', 'CONFIRMED', 'CHECKED_IN')
               AND b.status IN ('HOLD', 'CONFIRMED', 'CHECKED_IN')
               AND (a.status <> 'HOLD' OR a.hold_expires_at > now())
               AND (b.status <> 'HOLD' OR b.hold_expires_at > now())
            """
        )
        return cursor.fetchone()[0]


def release_holds():
    """Cancel the bench guests' HOLDs once a scenario is checked: a guest may keep one unpaid hold per property
    (BOOKING_MAX_LIVE_HOLDS_PER_PROPERTY_PER_GUEST), so the winner of one burst would be refused in the next."""
    from bookings.models import Booking, BookingStatus

    Booking.objects.filter(guest__email__startswith="bench-guest-", status=BookingStatus.HOLD).update(
        status=BookingStatus.CANCELLED
    )


def holds_made(attempts):
    from bookings.models import Booking

    return Booking.objects.filter(
        rental_id__in={rental for rental, _in, _out in attempts},
        guest__email__startswith="bench-guest-",
        check_in__gte=min(check_in for _rental, check_in, _out in attempts),
        check_in__lt=max(check_out for _rental, _in, check_out in attempts),
    ).count()


# -- the guests' browsers: plain HTTP, one connection each ----------------------------------------


class Guest:
    def __init__(self, port, session_key):
        self.port = port
        self.cookies = {"sessionid": session_key}

    def request(self, method, path, body=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {
            "Host": f"{HOST}:{self.port}",
            "Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items()),
        }
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            # The cookies are Secure (production settings): kept by hand, as a browser behind HTTPS would.
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name] = rest.split(";", 1)[0]
            return response.status, response.getheader("Location", ""), text
        finally:
            connection.close()

    def open_form(self, rental_id):
        """GET the booking form: proves the session works and gives the CSRF token, as a browser gets it."""
        status, location, text = self.request("GET", f"/bookings/new/{rental_id}/")
        if status != 200:
            raise RuntimeError(f"booking form: HTTP {status} {location}")
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text).group(1)


def attempt(guest, token, rental_id, check_in, check_out):
    """One «Подтвердить»: -> ("hold" | "conflict" | "error", seconds)."""
    body = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token,
            "check_in": check_in.isoformat(),
            "check_out": check_out.isoformat(),
            "guests_count": "1",
            "name": "Гость Бенчмарков",
            "phone": "+77011234567",
            "accept_rules": "on",
            "step": "confirm",
        }
    )
    started = time.perf_counter()
    try:
        status, location, text = guest.request("POST", f"/bookings/new/{rental_id}/", body)
    except OSError:
        return "error", time.perf_counter() - started
    elapsed = time.perf_counter() - started
    if status == 302 and "/bookings/" in location:
        return "hold", elapsed
    if status == 400 and CONFLICT_TEXT in text:
        return "conflict", elapsed
    return "error", elapsed


def run_scenario(port, session_keys, attempts):
    guests = [Guest(port, key) for key in session_keys]
    tokens = [guest.open_form(rental_id) for guest, (rental_id, _in, _out) in zip(guests, attempts, strict=True)]
    barrier = threading.Barrier(len(guests))
    results = [None] * len(guests)

    def worker(index):
        barrier.wait()
        results[index] = attempt(guests[index], tokens[index], *attempts[index])

    threads = [threading.Thread(target=worker, args=(index,)) for index in range(len(guests))]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - started


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def serve(env, port, workers, log, *, threads=1, host=HOST, deploy_config=False):
    """gunicorn with the production settings: sync workers, or gthread with `threads` threads each; its log (a «Bad
    Request» line per refused booking) goes to `log`. With `deploy_config`, started as production starts it
    (deploy/gunicorn.conf.py, its JSON access log included), with `workers` and `threads` through its environment.
    Returns once it answers for `host`."""
    if deploy_config:
        env = {**env, "WEB_CONCURRENCY": str(workers), "GUNICORN_THREADS": str(threads)}
        env["GUNICORN_BIND"], env["GUNICORN_TIMEOUT"] = f"127.0.0.1:{port}", "60"
        command = [str(PROJECT / ".venv/bin/gunicorn"), "-c", str(PROJECT / "deploy/gunicorn.conf.py"), "config.wsgi"]
        server = subprocess.Popen(command, cwd=PROJECT, env=env, stdout=log, stderr=log)
    else:
        command = [str(PROJECT / ".venv/bin/gunicorn"), "config.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}"]
        if threads > 1:
            command += ["-k", "gthread", "--threads", str(threads)]
        command += ["--log-level", "warning", "--timeout", "60"]
        server = subprocess.Popen(command, cwd=PROJECT, env=env, stderr=log)
    for _ in range(150):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("GET", "/robots.txt", headers={"Host": f"{host}:{port}"})
            connection.getresponse().read()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    sys.exit("gunicorn did not start")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--guests", type=int, action="append", help="concurrent guests (repeatable)")
    parser.add_argument("--scenario", choices=SCENARIOS, action="append", help="default: all three")
    parser.add_argument("--port", type=int, default=8137)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (deploy/gunicorn.conf.py's gthread)")
    parser.add_argument(
        "--sync", action="store_true", help="plain sync workers instead of deploy/gunicorn.conf.py (earlier figures)"
    )
    parser.add_argument("--seed", action="store_true", help="drop, create, migrate and seed the database first")
    parser.add_argument("--scale", type=int, default=200, help="extra listings per vertical when seeding")
    args = parser.parse_args()
    counts = args.guests or [20, 50, 100]
    scenarios = args.scenario or list(SCENARIOS)
    database_url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/platform_bench")
    env = environment(database_url)
    if "BENCH_REDIS_URL" not in os.environ:
        env.pop("REDIS_URL")  # database sessions, local-memory cache, eager Celery: no Redis needed
    env["PAYMENT_PROVIDER"] = "sandbox"

    if args.seed:
        name = database_url.rsplit("/", 1)[1]
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "--force", name], check=True)
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "seed_demo", "--port", str(args.port), "--scale", str(args.scale))
        subprocess.run(["vacuumdb", "-h", "127.0.0.1", "-U", "postgres", "--analyze-only", "-q", name], check=True)
    manage(env, "collectstatic", "--noinput", "-v0")
    setup_django(env)
    from django.db import connection
    from django.utils import timezone

    rentals = bookable_rentals(max(counts))
    session_keys = prepare_guests(max(counts))
    log = tempfile.NamedTemporaryFile("w", prefix="booking-contention-", suffix=".log", delete=False)  # noqa: SIM115
    server = serve(env, args.port, args.workers, log, threads=args.threads, deploy_config=not args.sync)
    rows, overlaps = [], 0
    try:
        for offset, (count, scenario) in enumerate((c, s) for c in counts for s in scenarios):
            first_night = timezone.localdate() + timedelta(days=FAR_AHEAD_DAYS + 20 * offset)
            attempts = attempts_for(scenario, count, rentals, first_night)
            results, wall = run_scenario(args.port, session_keys[:count], attempts)
            outcomes = [outcome for outcome, _seconds in results]
            latencies = [seconds for _outcome, seconds in results]
            row = {
                "scenario": scenario,
                "guests": count,
                "holds": outcomes.count("hold"),
                "conflicts": outcomes.count("conflict"),
                "errors": outcomes.count("error"),
                "holds_in_db": holds_made(attempts),
                "p50_ms": round(statistics.median(latencies) * 1000),
                "p95_ms": round(percentile(latencies, 0.95) * 1000),
                "wall_s": round(wall, 2),
                # Attempts answered per second of the burst: a HOLD or a clear refusal is the work asked for.
                "answers_per_s": round(count / wall, 1),
            }
            overlaps += overlapping_pairs()  # checked before the holds are released
            release_holds()
            rows.append(row)
            print(json.dumps(row, ensure_ascii=False), file=sys.stderr)
            connection.close()
    finally:
        server.terminate()
        server.wait(timeout=60)  # gthread workers finish their requests first (graceful_timeout)

    expected = {"same": lambda n: 1, "overlapping": lambda n: 1, "different": lambda n: n}
    print("| scenario | guests | HOLDs (expected) | conflicts | errors | p50 | p95 | all answered in | answers/s |")
    print("|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        print(
            f"| {row['scenario']} | {row['guests']} | {row['holds']} ({expected[row['scenario']](row['guests'])}) "
            f"| {row['conflicts']} | {row['errors']} | {row['p50_ms']} ms | {row['p95_ms']} ms | {row['wall_s']} s "
            f"| {row['answers_per_s']} |"
        )
    print(f"\nOverlapping occupying bookings in the database: {overlaps}. Server log: {log.name}")
    wrong = [row for row in rows if row["holds"] != row["holds_in_db"] or row["errors"]]
    wrong += [row for row in rows if row["holds"] != expected[row["scenario"]](row["guests"])]
    if overlaps or wrong:
        sys.exit("FAILED: " + json.dumps(wrong, ensure_ascii=False))


if __name__ == "__main__":
    main()
