"""Club cashier benchmark: concurrent cashiers credit purchases on the cashier screen, over HTTP, against gunicorn.

Run from the project root (see bench/README.md):
    .venv/bin/python bench/club_cashier.py --cashiers 20 --duration 30

The database is BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/platform_club_bench); the script
migrates it and runs `seed_demo` once if the «Свой Круг» partners are not there yet. It makes the cashiers
(club-cashier-<i>@example.com, owners of the partner «Лисичкино» with an authenticator app, as the admin requires
of staff) with logged-in sessions, and 2 000 members of their own (phones +7996…), their earlier bench purchases
and points deleted. Then:

1. in-process (Django's test client, no server): 30 accruals one after another: SQL queries, CPU and wall ms;
2. over HTTP against gunicorn (production settings without the HTTPS redirect, `--workers` gthread workers with
   `--threads` threads each, sessions in Redis as in production): each
   cashier opens the screen once (session, CSRF token), then for `--duration` seconds posts the form with the
   QR payload of a member of her own (each cashier serves distinct members), an amount and a fresh form token
   (after one untimed accrual each, so that the workers have loaded their code),
   waiting `--think` seconds on average between purchases (0: as fast as the server answers). An accrual is the
   form's POST answered by the redirect back to the screen; its latency is the POST's, client side;
3. checks in the database that every accrual answered is one purchase with its points line, and that the bench
   members' pending points are the sum of their pending lines.
"""

import argparse
import http.client
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from bench.booking_contention import percentile, serve, setup_django  # noqa: E402
from bench.catalog_bench import environment, manage  # noqa: E402
from bench.club_import import Profiler  # noqa: E402

HOST = "localhost"
PATH = "/admin/club/cashier/"
PARTNER_SLUG = "lisichkino"
CASHIER_EMAIL = "club-cashier-{}@example.com"
MEMBERS = 2000
MEMBER_PREFIX = "+7996"
MEMBER_EMAIL = "club-cashier-member-"


# -- preparing the cashiers and members, in this process through the ORM --------------------------------------------


def partner():
    from catalog.models import BusinessPage

    return BusinessPage.objects.get(slug=PARTNER_SLUG, locale__language_code="ru")


def prepare_cashiers(count, business):
    """`count` owners of the partner, each with an authenticator app and a fresh logged-in session -> session keys."""
    from importlib import import_module

    from allauth.mfa.models import Authenticator
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model

    from accounts import roles

    users = get_user_model().objects
    keys = []
    for index in range(count):
        cashier = users.filter(email=CASHIER_EMAIL.format(index)).first()
        if cashier is None:
            cashier = users.create_user(email=CASHIER_EMAIL.format(index), password=None, first_name=f"Кассир {index}")
        roles.set_role(cashier, roles.BUSINESS_OWNER, business=business)
        Authenticator.objects.get_or_create(
            user=cashier, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "bench"}}
        )
        session = import_module(settings.SESSION_ENGINE).SessionStore()
        session[SESSION_KEY] = str(cashier.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = cashier.get_session_auth_hash()
        session.create()
        keys.append(session.session_key)
    return keys


def prepare_members():
    """The bench members' ids, their purchases and points from an earlier run deleted."""
    from bench.club_import import bench_members
    from loyalty.models import EventFundLine, LedgerEntry, Member, Purchase, TierChange

    phones = bench_members(MEMBERS, prefix=MEMBER_PREFIX, email=MEMBER_EMAIL)
    members = Member.objects.filter(phone__in=phones)
    LedgerEntry.objects.filter(member__in=members).delete()
    TierChange.objects.filter(member__in=members).delete()
    EventFundLine.objects.filter(purchase__member__in=members).delete()  # they protect their purchases
    Purchase.objects.filter(member__in=members).delete()
    members.update(points_available=0, points_pending=0, tier="insider", downgrade_at=None)
    return list(members.order_by("pk").values_list("pk", flat=True))


def check(members):
    """(purchases recorded, lines of points, members whose pending balance is not the sum of their pending lines)."""
    from django.db.models import F, Q, Sum

    from loyalty.models import LedgerEntry, Member, Purchase

    purchases = Purchase.objects.filter(member__in=members, source="cashier").count()
    lines = LedgerEntry.objects.filter(member__in=members, kind="earn").count()
    off = (
        Member.objects.filter(pk__in=members)
        .annotate(lines=Sum("ledger__amount", filter=Q(ledger__pending=True)))
        .exclude(points_pending=0, lines__isnull=True)
        .exclude(points_pending=F("lines"))
        .count()
    )
    return purchases, lines, off


def qr(member_id):
    from loyalty import wallet

    return wallet.code_for(member_id, wallet.window_of()).qr_payload


def form(business_pk, member_id, csrf=None):
    fields = {
        "partner": business_pk,
        "code": qr(member_id),
        "amount": f"{random.randrange(300, 30000)}.00",  # noqa: S311 (an amount, not a secret)
        "spend_points": "",
        "coupon_code": "",
        "token": uuid.uuid4().hex,
    }
    if csrf:
        fields["csrfmiddlewaretoken"] = csrf
    return fields


# -- 1. in-process --------------------------------------------------------------------------------------------------


def in_process(business, members, count=30, show_queries=False, profile=0):
    """Accruals through Django's test client: (queries per accrual, median CPU ms, median wall ms)."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=HOST)
    client.force_login(get_user_model().objects.get(email=CASHIER_EMAIL.format(0)))
    if client.get(PATH).status_code != 200:
        sys.exit("the cashier screen does not open")
    queries, cpu, wall = [], [], []
    profiler = Profiler(profile)
    for index in range(count):
        if index == count // 2:  # the second half, warm
            profiler.__enter__()
        data = form(business.pk, members[index % len(members)])
        started, started_cpu = time.perf_counter(), time.process_time()
        with CaptureQueriesContext(connection) as captured:
            response = client.post(PATH, data)
        cpu.append(time.process_time() - started_cpu)
        wall.append(time.perf_counter() - started)
        if response.status_code != 302:
            sys.exit(f"in-process accrual: HTTP {response.status_code}")
        queries.append(len(captured))
        if show_queries and index == count - 1:
            for query in captured.captured_queries:
                print("   ", query["sql"][:200], file=sys.stderr)
    profiler.__exit__(None, None, None)
    return queries, statistics.median(cpu) * 1000, statistics.median(wall) * 1000


# -- 2. over HTTP ---------------------------------------------------------------------------------------------------


class Cashier:
    """One cashier's browser: her session cookie, one connection kept open (as a browser keeps one)."""

    def __init__(self, port, session_key):
        self.port = port
        self.cookies = {"sessionid": session_key}
        self.connection = None

    def request(self, method, path, body=None):
        reused = self.connection is not None
        try:
            return self.send(method, path, body)
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            if not reused:
                raise
            return self.send(method, path, body)  # the server closed the idle connection: a new one, as a browser

    def send(self, method, path, body):
        if self.connection is None:
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {
            "Host": f"{HOST}:{self.port}",
            "Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items()),
            "Referer": f"https://{HOST}:{self.port}{PATH}",
        }
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.connection = None
            raise
        if response.getheader("Connection", "").lower() == "close" or response.version < 11:
            self.connection.close()
            self.connection = None
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":  # Secure cookies (production settings), kept by hand
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, response.getheader("Location", ""), text

    def open_screen(self):
        status, location, text = self.request("GET", PATH)
        if status != 200:
            raise RuntimeError(f"cashier screen: HTTP {status} {location}")
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text).group(1)


def run_cashiers(port, session_keys, business_pk, members, duration, think):
    """Each cashier posts accruals for her own members until `duration` is over -> [(ok, seconds)], wall seconds."""
    cashiers = [Cashier(port, key) for key in session_keys]
    tokens = [cashier.open_screen() for cashier in cashiers]
    for index, cashier in enumerate(cashiers):  # warm-up, not timed: each worker's first accruals load code
        body = urllib.parse.urlencode(form(business_pk, members[-1 - index], tokens[index]))
        if cashier.request("POST", PATH, body)[0] != 302:
            sys.exit("warm-up accrual refused")
    barrier = threading.Barrier(len(cashiers))
    results = [[] for _ in cashiers]
    failures = []

    def worker(index):
        rng = random.Random(index)  # noqa: S311 (think times, not secrets)
        own = members[index :: len(cashiers)]  # distinct members per cashier
        barrier.wait()
        ends = time.perf_counter() + duration
        sale = 0
        while time.perf_counter() < ends:
            body = urllib.parse.urlencode(form(business_pk, own[sale % len(own)], tokens[index]))
            started = time.perf_counter()
            try:
                status, location, _text = cashiers[index].request("POST", PATH, body)
                ok = status == 302 and location.endswith(PATH)
                outcome = "ok" if ok else f"HTTP {status}"
            except OSError as error:
                ok, outcome = False, type(error).__name__
            results[index].append((ok, time.perf_counter() - started))
            if not ok:
                failures.append(outcome)
            sale += 1
            if think:
                time.sleep(rng.uniform(0, 2 * think))

    threads = [threading.Thread(target=worker, args=(index,)) for index in range(len(cashiers))]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        print("failed:", ", ".join(f"{kind} ×{failures.count(kind)}" for kind in sorted(set(failures))))
    return [result for own in results for result in own], time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cashiers", type=int, default=20)
    parser.add_argument("--duration", type=float, default=30, help="seconds of accruals over HTTP")
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds a cashier waits between purchases")
    parser.add_argument("--port", type=int, default=8147)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (gthread; 1: sync workers)")
    parser.add_argument(
        "--no-redis", action="store_true", help="sessions in the database (default: Redis, BENCH_REDIS_URL or db 5)"
    )
    parser.add_argument("--show-queries", action="store_true", help="print the SQL of one in-process accrual")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="cProfile of in-process accruals")
    parser.add_argument("--skip-http", action="store_true", help="only the in-process measure")
    args = parser.parse_args()
    database_url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/platform_club_bench")
    env = environment(database_url)
    if args.no_redis:
        env.pop("REDIS_URL")  # database sessions, local-memory cache, eager Celery
    subprocess.run(  # fails harmlessly when it exists
        ["createdb", "-h", "127.0.0.1", "-U", urllib.parse.urlparse(database_url).username or "postgres",
         database_url.rsplit("/", 1)[1]],
        capture_output=True,
    )  # fmt: skip
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    setup_django(env)
    from catalog.models import BusinessPage

    if not BusinessPage.objects.filter(slug=PARTNER_SLUG).exists():
        manage(env, "seed_demo", "-v0")
    business = partner()
    session_keys = prepare_cashiers(args.cashiers, business)
    members = prepare_members()

    queries, cpu, wall = in_process(business, members, show_queries=args.show_queries, profile=args.profile)
    print(f"in-process accrual (median of {len(queries)}): {cpu:.0f} ms CPU, {wall:.0f} ms wall; "
          f"SQL queries {min(queries)}–{max(queries)}")  # fmt: skip
    if args.skip_http:
        return
    log = tempfile.NamedTemporaryFile("w", prefix="club-cashier-", suffix=".log", delete=False)  # noqa: SIM115
    server = serve(env, args.port, args.workers, log, threads=args.threads, host=HOST)
    try:
        results, seconds = run_cashiers(args.port, session_keys, business.pk, members, args.duration, args.think)
    finally:
        server.terminate()
        server.wait()
    latencies = [elapsed * 1000 for _ok, elapsed in results]
    failed = sum(not ok for ok, _elapsed in results)
    print(
        f"{args.cashiers} cashiers, think {args.think} s, gunicorn {args.workers}×{args.threads}, {seconds:.1f} s: "
        f"{len(results)} accruals ({len(results) / seconds:.1f}/s), {failed} failed"
    )
    print(
        f"p50 {percentile(latencies, 0.5):.0f} ms, p95 {percentile(latencies, 0.95):.0f} ms, "
        f"p99 {percentile(latencies, 0.99):.0f} ms, max {max(latencies):.0f} ms"
    )
    purchases, lines, off = check(members)
    expected = len(queries) + args.cashiers + len(results) - failed  # in-process, warm-up, timed
    print(f"database: {purchases} cashier purchases (expected {expected}), {lines} points lines, "
          f"{off} members with a pending balance off their lines; server log {log.name}")  # fmt: skip
    if purchases != expected or lines != expected or off or failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
