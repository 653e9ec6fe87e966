"""The public API v1 at scale: the car list's latency and one bulk status change of 1 000 ads.

Run from the project root on a seeded PostgreSQL database, e.g. the catalog bench's (bench/README.md):
    .venv/bin/python bench/api_bench.py --ads 10000     # tops the Avtofamily catalog up to 10 000 ads, then measures
    .venv/bin/python bench/api_bench.py                 # again, on the same data
    BENCH_DATABASE_URL=postgres://…/other .venv/bin/python bench/api_bench.py --requests 200
A database of its own: `createdb other`, then `DATABASE_URL=… manage.py migrate` and `manage.py seed_demo`.

In-process, like request_costs.py: Django's test client calls the WSGI application (no server, no network), so
the figures are the application's own work and the database's. Targets: list p95 under 50 ms at 10 000 ads;
the bulk change of 1 000 ads under 2 s. The bulk call runs in a transaction that is rolled back, so the
database is left as it was and the script can run again.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from catalog_bench import PROJECT, environment

HOST = "avtofamily.localhost"
LISTS = [
    "/api/v1/cars/",
    "/api/v1/cars/?sort=price&price_to=3000000",
    "/api/v1/cars/?fuel={fuel}&sort=-year",
]


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--requests", type=int, default=100, help="requests per list URL (after warm-up)")
    parser.add_argument("--bulk", type=int, default=1000, help="ads in the bulk status change")
    parser.add_argument("--ads", type=int, default=0, help="first top the catalog up to this many ads (bulk insert)")
    args = parser.parse_args()

    database_url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/platform_bench")
    os.environ.update(environment(database_url))
    os.environ["API_RATE_LIMIT_PER_KEY"] = os.environ["API_RATE_LIMIT_ANONYMOUS"] = "0"
    os.chdir(PROJECT)
    sys.path.insert(0, str(PROJECT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import transaction
    from django.test import Client
    from wagtail.models import Site

    from accounts.access import grant_pages
    from api.models import ApiKey, Scope
    from catalog.models import CarAdPage, CarIndexPage, FuelType

    site = Site.objects.get(hostname=HOST)
    index = CarIndexPage.objects.child_of(site.root_page).get()
    if args.ads:
        from demo.cars import add_ads

        add_ads(index, args.ads - CarAdPage.objects.child_of(index).count(), bulk_insert=True)
    ads = CarAdPage.objects.live().child_of(index).count()
    print(f"database: {database_url.rsplit('/', 1)[-1]}, live ads in the catalog: {ads}")
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    fuel = FuelType.objects.order_by("pk").values_list("pk", flat=True).first()
    client = Client(HTTP_HOST=HOST)

    print(f"\n{'list':<50} {'p50 ms':>8} {'p95 ms':>8} {'CPU ms':>8} {'rows':>5}")
    for path in LISTS:
        url = path.format(fuel=fuel)
        response = client.get(url)
        if response.status_code != 200:
            sys.exit(f"{url}: {response.status_code} {response.content[:300]}")
        times = []
        cpu_started = time.process_time()
        for _n in range(args.requests):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        cpu = (time.process_time() - cpu_started) * 1000 / args.requests  # this process's Python work a request
        rows = len(response.json()["results"])
        p50, p95 = statistics.median(times), percentile(times, 0.95)
        print(f"{url:<50} {p50:>8.1f} {p95:>8.1f} {cpu:>8.1f} {rows:>5}")

    with transaction.atomic():
        user = get_user_model().objects.create_user(email="bench-dealer@example.com", is_staff=True)
        group = Group.objects.create(name="bench dealer")
        grant_pages(group, [index], ("add", "publish"))
        user.groups.add(group)
        ids = list(CarAdPage.objects.live().child_of(index).order_by("pk").values_list("pk", flat=True)[: args.bulk])
        CarAdPage.objects.filter(pk__in=ids).update(owner=user)
        key = ApiKey(name="bench", owner=user, scopes=[Scope.CARS_WRITE])
        full = key.set_new_secret()
        key.save()
        started = time.perf_counter()
        response = client.post(
            "/api/v1/cars/status/",
            {"ids": ids, "status": "reserved"},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Api-Key {full}",
        )
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            sys.exit(f"bulk status change: {response.status_code} {response.content[:300]}")
        changed = len(response.json()["updated"])
        print(f"\nbulk status change of {changed} ads in one call: {elapsed:.2f} s")
        transaction.set_rollback(True)
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
