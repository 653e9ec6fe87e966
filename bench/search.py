"""Site search at scale: p50/p95 of the search page and of the search box's suggestions.

Run from the project root (see bench/README.md):
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/search_bench .venv/bin/python bench/search.py --scale 10000
    ... --skip-seed -n 40     # reuse the seeded database

Seeds like `catalog_bench.py` (drop, create, migrate, `seed_demo --scale N`: N extra listings per vertical, about
5 N in all, indexed for search by demo/bulk.py; then ANALYZE), then calls the application in-process through
Django's test client (no server, no network) with production settings: the wall time of each request, a new
anonymous visitor each time, after one warm-up request per query. The queries are what visitors type: a make in
either script, a street, a misspelling, a common word that matches thousands of listings, a two-word query.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from catalog_bench import PROJECT, environment, manage

# (host, query): each brand's typical searches, both scripts, typos
SEARCHES = [
    ("avtofamily.localhost", "Камри"),
    ("avtofamily.localhost", "Camry"),
    ("avtofamily.localhost", "Тайота"),  # a typo
    ("avtofamily.localhost", "kia rio"),
    ("zhilego.localhost", "Dostyk"),
    ("zhilego.localhost", "квартира"),  # thousands of matches
    ("zhilego.localhost", "студия у метро"),
    ("inback.localhost", "двухкомнатная"),
    ("inback.localhost", "ипотека"),
    ("svoykrug.localhost", "косметология"),
]
SUGGESTS = [
    ("avtofamily.localhost", "Кам"),
    ("avtofamily.localhost", "toy"),
    ("zhilego.localhost", "Дос"),
    ("zhilego.localhost", "kvart"),
    ("inback.localhost", "жк "),
    ("svoykrug.localhost", "ski"),
]


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(client_class, host, path, requests):
    client_class(HTTP_HOST=host).get(path)  # warm-up: site root paths, renditions, the query's plan
    walls = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client_class(HTTP_HOST=host).get(path)
        walls.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{host}{path}: HTTP {response.status_code}")
    return walls


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=10000, help="extra listings per vertical")
    parser.add_argument("-n", "--requests", type=int, default=20, help="requests per query (after one warm-up)")
    parser.add_argument("--skip-seed", action="store_true", help="reuse an already seeded database")
    args = parser.parse_args()
    database_url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/search_bench")
    env = environment(database_url)
    if not args.skip_seed:
        name = database_url.rsplit("/", 1)[1]
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "--force", name], check=True)
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
        manage(env, "migrate", "--noinput", "-v0")
        started = time.monotonic()
        manage(env, "seed_demo", "--scale", str(args.scale))
        print(f"seed_demo --scale {args.scale}: {time.monotonic() - started:.0f} s")
        subprocess.run(["vacuumdb", "-h", "127.0.0.1", "-U", "postgres", "--analyze-only", "-q", name], check=True)

    os.environ.update(env)
    os.chdir(PROJECT)
    sys.path.insert(0, str(PROJECT))
    import django

    django.setup()
    from django.test import Client
    from wagtail.models import Page

    from catalog.models import ListingPage

    listings = sum(model.objects.live().count() for model in ListingPage.__subclasses__() if not model._meta.abstract)
    print(f"live pages: {Page.objects.live().count()}, listings: {listings}")
    print("| request | p50, ms | p95, ms | results |\n|---|---|---|---|")
    search_walls, suggest_walls = [], []
    for host, query in SEARCHES:
        path = "/search/?" + urlencode({"q": query})
        walls = measure(Client, host, path, args.requests)
        found = Client(HTTP_HOST=host).get(path).context_data["results"].total
        search_walls += walls
        print(f"| search {host} «{query}» | {statistics.median(walls):.1f} | {percentile(walls, 0.95):.1f} | {found} |")
    for host, query in SUGGESTS:
        walls = measure(Client, host, "/search/suggest/?" + urlencode({"q": query}), args.requests)
        suggest_walls += walls
        print(f"| suggest {host} «{query}» | {statistics.median(walls):.1f} | {percentile(walls, 0.95):.1f} | |")
    print(f"| **all searches** | {statistics.median(search_walls):.1f} | {percentile(search_walls, 0.95):.1f} | |")
    print(f"| **all suggestions** | {statistics.median(suggest_walls):.1f} | {percentile(suggest_walls, 0.95):.1f} | |")


if __name__ == "__main__":
    main()
