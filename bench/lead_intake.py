"""Lead intake benchmark: form posts to /leads/submit/ served by gunicorn on PostgreSQL.

Run from the project root on a seeded database (see bench/README.md):
    .venv/bin/python bench/lead_intake.py --duration 20 --connections 8
BENCH_DATABASE_URL picks the database (default platform_intake_bench; `seed_demo` must have run on it).

1. Throughput: `--connections` clients post the callback form of an InBack complex as fast as they can for
   `--duration` seconds, each post from its own phone and IP (X-Forwarded-For, trusted through
   CLIENT_IP_HEADER, so the per-IP and per-phone limits are exercised without refusing the load); prints
   requests/s and p50/p95/p99.
2. The 200-concurrent check: 200 clients, each with its own connection, send one post at the same moment;
   then counts the stored leads (each exactly once) and the bench managers' open leads (at most 1 apart).

The benchmark makes its own managers on InBack (bench-manager-N@example.com, at work around the clock) and
turns the site's other managers off for the run, restoring them afterwards; its leads have phones
+7999xxxxxxx and are deleted at the end.
"""

import argparse
import base64
import http.client
import json
import os
import re
import secrets
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
HOST = "inback.localhost"
PHONE_PREFIX = "+7999"


def environment(database_url, redis_url):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEYS": "bench:" + base64.b64encode(secrets.token_bytes(32)).decode(),
        "ALLOWED_HOSTS": "localhost,.localhost,127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "CONN_MAX_AGE": "60",
        "CLIENT_IP_HEADER": "HTTP_X_FORWARDED_FOR",
        "LOG_LEVEL": "WARNING",
    }


def django_script(env, code):
    """Run `code` with Django set up against the bench database; returns the JSON it prints last."""
    result = subprocess.run(
        [sys.executable, "-c", "import django, json\ndjango.setup()\n" + code],
        cwd=PROJECT,
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


SETUP = r"""
from wagtail.models import Site
from django.contrib.auth import get_user_model
from catalog.models import ResidentialComplexPage
from leads.models import ManagerProfile
site = Site.objects.get(hostname=HOST)
others = ManagerProfile.objects.filter(sites=site, is_active=True).exclude(user__email__startswith="bench-manager-")
paused = list(others.values_list("pk", flat=True))
ManagerProfile.objects.filter(pk__in=paused).update(is_active=False)
for number in range(MANAGERS):
    email = f"bench-manager-{number}@example.com"
    user, _ = get_user_model().objects.get_or_create(email=email, defaults={"is_staff": True})
    profile, _ = ManagerProfile.objects.update_or_create(
        user=user, defaults={"is_active": True, "work_days": [1, 2, 3, 4, 5, 6, 7], "work_start": "00:00",
                             "work_end": "23:59:59"})
    profile.sites.set([site])
page = ResidentialComplexPage.objects.live().descendant_of(site.root_page).order_by("path").first()
print(json.dumps({"paused": paused, "path": page.get_url_parts()[2], "listing": page.pk}))
"""

IN_PROCESS = r"""
import statistics, time
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client()
cpu, wall, queries = [], [], []
for number in range(REQUESTS + 1):
    data = {"kind": "callback", "listing": LISTING, "next": PATH, "name": "Замер", "consent": "on",
            "phone": f"{PREFIX}{8_000_000 + number:07d}"}
    with CaptureQueriesContext(connection) as captured:
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.post("/leads/submit/", data, HTTP_HOST=HOST, HTTP_HX_REQUEST="true",
                               HTTP_X_FORWARDED_FOR=f"10.200.0.{number % 250}")
        elapsed, elapsed_cpu = time.perf_counter() - started, time.process_time() - started_cpu
    assert response.status_code == 200, response.status_code
    if number:  # the first one warms up
        cpu.append(elapsed_cpu * 1000); wall.append(elapsed * 1000); queries.append(len(captured))
print(json.dumps({"cpu": statistics.median(cpu), "wall": statistics.median(wall), "queries": max(queries)}))
"""

CLOSE_BENCH_LEADS = r"""
from django.utils import timezone
from leads.models import Lead
print(json.dumps(Lead.objects.filter(phone__startswith=PREFIX).update(stage="won", closed_at=timezone.now())))
"""

COUNT = r"""
from django.db.models import Count
from leads.models import Lead
leads = Lead.objects.filter(phone__startswith=PREFIX, stage="new")
per_phone = leads.values("phone").annotate(n=Count("pk")).filter(n__gt=1).count()
loads = dict(Lead.objects.open().filter(manager__email__startswith="bench-manager-")
             .values_list("manager__email").annotate(n=Count("pk")))
print(json.dumps({"stored": leads.count(), "phones_twice": per_phone, "unassigned": leads.filter(manager=None).count(),
                  "loads": loads}))
"""

CLEAN = r"""
from leads.models import Interaction, Lead, ManagerProfile
from notifications.models import Notification
Interaction.objects.filter(lead__phone__startswith=PREFIX).delete()
deleted = Lead.objects.filter(phone__startswith=PREFIX).delete()[0]
Notification.objects.filter(address__startswith=PREFIX).delete()
Notification.objects.filter(recipient__email__startswith="bench-manager-").delete()
ManagerProfile.objects.filter(pk__in=PAUSED).update(is_active=True)
ManagerProfile.objects.filter(user__email__startswith="bench-manager-").update(is_active=False)
print(json.dumps(deleted))
"""


class Client:
    """One visitor: the CSRF cookie and token from one page view, then posts."""

    def __init__(self, port, page_path, listing):
        self.port, self.page_path, self.listing = port, page_path, listing
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        connection.request("GET", page_path, headers={"Host": HOST})
        response = connection.getresponse()
        html = response.read().decode()
        cookie = response.getheader("Set-Cookie", "")
        self.csrf_cookie = re.search(r"csrftoken=([^;]+)", cookie).group(1)
        self.csrf_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def post(self, number, htmx=True):
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": self.csrf_token,
                "kind": "callback",
                "listing": self.listing,
                "next": self.page_path,
                "name": f"Нагрузка {number}",
                "phone": f"{PHONE_PREFIX}{number:07d}",
                "consent": "on",
                "website": "",
            }
        )
        headers = {
            "Host": HOST,
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={self.csrf_cookie}",
            "X-Forwarded-For": f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}",
        }
        if htmx:
            headers["HX-Request"] = "true"
        # A connection per post, as separate visitors have (and no idle keep-alive for the server to drop).
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        started = time.perf_counter()
        connection.request("POST", "/leads/submit/", body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        elapsed = time.perf_counter() - started
        connection.close()
        return response.status, elapsed


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def throughput(port, page, duration, connections, first_number):
    """Posts from `connections` clients for `duration` seconds: (count, rps, p50, p95, p99, failed)."""
    clients = [Client(port, page["path"], page["listing"]) for _ in range(connections)]
    numbers = iter(range(first_number, first_number + 10_000_000))
    lock = threading.Lock()
    latencies, failures = [], []
    deadline = time.monotonic() + duration

    def run(client):
        while time.monotonic() < deadline:
            with lock:
                number = next(numbers)
            status, seconds = client.post(number)
            with lock:
                latencies.append(seconds)
                if status != 200:
                    failures.append(status)

    started = time.monotonic()
    threads = [threading.Thread(target=run, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return len(latencies), len(latencies) / elapsed, *(percentile(latencies, q) for q in (0.5, 0.95, 0.99)), failures


def all_at_once(port, page, count, first_number):
    """`count` clients, each with its own connection, post at the same moment; their statuses and latencies."""
    clients = [Client(port, page["path"], page["listing"]) for _ in range(count)]
    barrier = threading.Barrier(count)
    results = [None] * count

    def run(index):
        barrier.wait()
        results[index] = clients[index].post(first_number + index)

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.monotonic() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8107)
    parser.add_argument("--duration", type=float, default=20)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--concurrent", type=int, default=200)
    parser.add_argument("--managers", type=int, default=7)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--in-process", type=int, default=30, help="posts measured in-process (CPU, queries)")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker (gthread)")
    args = parser.parse_args()
    database_url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/platform_intake_bench")
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
    env = environment(database_url, redis_url)
    constants = f"HOST = {HOST!r}\nPREFIX = {PHONE_PREFIX!r}\nMANAGERS = {args.managers}\n"

    page = django_script(env, constants + SETUP)
    ok = False
    measure = f"REQUESTS = {args.in_process}\nLISTING = {page['listing']}\nPATH = {page['path']!r}\n"
    cost = django_script(env, constants + measure + IN_PROCESS)
    print(
        f"in-process, median of {args.in_process} posts: {cost['cpu']:.0f} ms CPU, {cost['wall']:.0f} ms wall, "
        f"{cost['queries']} SQL queries (with the outbox rows written after the commit)\n"
    )
    server = subprocess.Popen(
        [
            str(PROJECT / ".venv/bin/gunicorn"),
            "config.wsgi",
            "--worker-class",
            "gthread",
            "-w",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--backlog",
            "2048",
            "-b",
            f"127.0.0.1:{args.port}",
            "--log-level",
            "warning",
        ],
        cwd=PROJECT,
        env=env,
    )
    try:
        for _ in range(150):
            try:
                http.client.HTTPConnection("127.0.0.1", args.port, timeout=1).request("GET", "/robots.txt")
                break
            except OSError:
                time.sleep(0.2)
        Client(args.port, page["path"], page["listing"]).post(9_000_000)  # warm both the page and the post
        count, rps, p50, p95, p99, failures = throughput(
            args.port, page, args.duration, args.connections, first_number=0
        )
        print(f"gunicorn gthread {args.workers}x{args.threads}, {args.connections} clients, {args.duration:.0f} s")
        print("| requests | requests/s | p50 | p95 | p99 | not 200 |\n|---|---|---|---|---|---|")
        times = " | ".join(f"{seconds * 1000:.0f} ms" for seconds in (p50, p95, p99))
        print(f"| {count} | {rps:.1f} | {times} | {len(failures)} |")

        django_script(env, constants + CLOSE_BENCH_LEADS)  # every bench manager starts the check at 0 open leads
        results, elapsed = all_at_once(args.port, page, args.concurrent, first_number=5_000_000)
        statuses = [status for status, _seconds in results]
        counts = django_script(env, constants + COUNT)
        loads = counts["loads"]
        balanced = max(loads.values()) - min(loads.values()) <= 1 and len(loads) == args.managers
        print(f"\n{args.concurrent} posts at once: {elapsed:.1f} s, statuses {dict(Counter(statuses))}")
        print(
            f"stored {counts['stored']} (expected {args.concurrent}), phones stored twice {counts['phones_twice']}, "
            f"unassigned {counts['unassigned']}; open leads per manager {sorted(loads.values())} "
            f"-> {'balanced' if balanced else 'NOT balanced'}"
        )
        ok = counts["stored"] == args.concurrent and not counts["phones_twice"] and balanced
        print("concurrency check:", "PASS" if ok else "FAIL")
    finally:
        server.terminate()
        server.wait(timeout=20)
        deleted = django_script(env, constants + f"PAUSED = {page['paused']!r}\n" + CLEAN)
        print(f"cleaned up {deleted} rows", file=sys.stderr)
        import redis

        redis.Redis.from_url(redis_url).flushdb()  # the queued notification tasks and the rate-limit counters
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
