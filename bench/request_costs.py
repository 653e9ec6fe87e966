"""What one request to each catalog page costs in-process: wall and CPU time, SQL queries, cache round trips.

Run from the project root after `catalog_bench.py` has seeded the database (see bench/README.md):
    .venv/bin/python bench/request_costs.py                 # a table over the benchmark's pages
    .venv/bin/python bench/request_costs.py --profile 3     # cProfile of the fourth page of that table
    .venv/bin/python bench/request_costs.py --only apartments,sitemap --gc-freeze   # some rows; gc.freeze() first

No server and no network: Django's test client calls the application directly, so the CPU time is the Python
work of a request (templates, ORM), which matters most on a machine shared with other work. Each request comes
from a new anonymous visitor (no cookie), as the requests a shared cache passes on; the table also counts the
garbage collector's runs per request (all generations, and the full ones) and the response's size. The sitemap
rows are the cached files (the first, uncached request of each is printed beside the table).
"""

import argparse
import contextlib
import cProfile
import gc
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from catalog_bench import PROJECT, environment, targets


def count_cache_calls():
    """Count the commands sent to Redis (each one a round trip)."""
    from redis.connection import Connection

    calls = [0]
    send = Connection.send_packed_command

    def counting(self, *args, **kwargs):
        calls[0] += 1
        return send(self, *args, **kwargs)

    Connection.send_packed_command = counting
    return calls


def count_collections():
    """Count the garbage collector's runs: [all generations, generation 2 only]."""
    runs = [0, 0]

    def callback(phase, info):
        if phase == "start":
            runs[0] += 1
            runs[1] += info["generation"] == 2

    gc.callbacks.append(callback)
    return runs


def extra_targets(pages):
    """The apartments list (filtered, and by one complex) and the sitemap beside the catalog_bench pages."""
    from django.urls import NoReverseMatch, reverse

    from catalog.models import RealtyIndexPage, ResidentialComplexPage

    index = RealtyIndexPage.objects.live().first()
    extra = []
    if index is not None:
        host = index.get_site().hostname
        path = index.get_url_parts()[2]
        complex_page = ResidentialComplexPage.objects.live().child_of(index).order_by("-pk").first()
        extra += [
            ("apartments", host, path + "apartments/?rooms=2&price_to=30"),
            ("apartments of a complex", host, path + f"apartments/?complex={complex_page.pk}"),
            ("sitemap index", host, "/sitemap.xml"),
        ]
        with contextlib.suppress(NoReverseMatch):  # before the split sitemap its one file is the index row
            extra.append(("sitemap: apartments", host, reverse("sitemap_section", args=["catalog-apartmentpage"])))
    known = {path for _label, _host, path in pages}  # catalog_bench lists some of them too
    return [*pages, *(row for row in extra if row[2] not in known)]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--requests", type=int, default=20, help="requests per page (after one warm-up)")
    parser.add_argument("--profile", type=int, metavar="ROW", help="cProfile the page in this row of the table")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--only", help="comma-separated words: rows whose label contains one of them")
    parser.add_argument("--gc-freeze", action="store_true", help="gc.freeze() after the warm-up, as config/wsgi.py")
    args = parser.parse_args()

    database_url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/platform_bench")
    env = environment(database_url)
    pages = targets(env)
    os.environ.update(env)
    os.chdir(PROJECT)
    sys.path.insert(0, str(PROJECT))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    cache_calls = count_cache_calls()
    collections = count_collections()
    pages = extra_targets(pages)
    if args.only:
        words = args.only.split(",")
        pages = [page for page in pages if any(word in page[0] for word in words)]
    if args.profile is not None:
        label, host, path = pages[args.profile]
        Client(HTTP_HOST=f"{host}:8100").get(path)
        profiler = cProfile.Profile(time.process_time)  # CPU time: waits on the database do not count
        profiler.enable()
        for _ in range(args.requests):
            Client(HTTP_HOST=f"{host}:8100").get(path)
        profiler.disable()
        print(f"{label} {path}, {args.requests} requests")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.top)
        return

    print(
        "| page | wall, ms | CPU, ms | SQL queries | cache round trips | GC runs (full) | KB |\n"
        "|---|---|---|---|---|---|---|"
    )
    first_requests = []
    for label, host, path in pages:
        started = time.perf_counter()
        response = Client(HTTP_HOST=f"{host}:8100").get(path)  # warm: site root paths, renditions, options
        first_requests.append(f"{label}: {(time.perf_counter() - started) * 1000:.0f} ms")
        if response.status_code != 200:
            raise SystemExit(f"{path}: HTTP {response.status_code}")
        if args.gc_freeze:
            gc.collect()
            gc.freeze()
        walls, cpus, runs = [], [], []
        for _ in range(args.requests):
            client = Client(HTTP_HOST=f"{host}:8100")  # a new anonymous visitor each time
            cache_calls[0] = 0
            collections[:] = [0, 0]
            wall, cpu = time.perf_counter(), time.process_time()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            walls.append((time.perf_counter() - wall) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
            runs.append(tuple(collections))
        gc_runs = statistics.median(run[0] for run in runs), statistics.median(run[1] for run in runs)
        size = len(response.content) / 1024
        print(
            f"| {label} `{path}` | {statistics.median(walls):.0f} | {statistics.median(cpus):.1f} "
            f"| {len(queries)} | {cache_calls[0]} | {gc_runs[0]:.0f} ({gc_runs[1]:.0f}) | {size:.0f} |"
        )
    print("\nFirst (uncached) request of each row:", "; ".join(first_requests))


if __name__ == "__main__":
    main()
