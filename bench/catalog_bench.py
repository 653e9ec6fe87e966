"""Catalog load benchmark: seed `--scale N` on PostgreSQL, serve with gunicorn (2 workers), measure with wrk.

Run from the project root (see bench/README.md):
    .venv/bin/python bench/catalog_bench.py --scale 10000
(BENCH_DATABASE_URL picks the database; it is dropped and created anew unless --skip-seed.)

Prints a Markdown table of requests/s and p50/p99 latency for each index page (with a typical filter) and one
detail page per vertical, plus the EXPLAIN of each vertical's main filter query.
"""

import argparse
import base64
import os
import re
import secrets
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]

# index model label -> a typical filter query string
TYPICAL_FILTERS = {
    "catalog.RealtyIndexPage": "city=moskva&rooms=2&price_to=30",
    "catalog.RentalIndexPage": "rooms=2&price_max=30000&sort=price",
    "catalog.CarIndexPage": "fuel=benzin&price_to=3000000&sort=price",
    "catalog.BusinessIndexPage": "category=kosmetologiya",
    "catalog.EventIndexPage": "tier=vip",
}


def environment(database_url):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DATABASE_URL": database_url,
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5"),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEYS": "bench:" + base64.b64encode(secrets.token_bytes(32)).decode(),
        "ALLOWED_HOSTS": "localhost,.localhost,127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "CONN_MAX_AGE": "60",
    }


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=PROJECT, env=env, check=True)


def targets(env, explain=False):
    """(label, host, path) for each index page (with its typical filter) and one of its listings."""
    script = r"""
import django, json, sys
django.setup()
from django.db import connection
from django.apps import apps
from wagtail.models import Page
out = []
for label, query in FILTERS.items():
    try:
        model = apps.get_model(label)
    except LookupError:
        continue
    index = model.objects.live().first()
    if index is None:
        continue
    site = index.get_site()
    out.append([label.split(".")[1], site.hostname, index.get_url_parts()[2] + ("?" + query if query else "")])
    if EXPLAIN and query and connection.vendor == "postgresql":
        # The two queries of the list: one page of the filtered, sorted listings, and their count.
        from django.http import QueryDict
        params = QueryDict(query)
        filterset = index.filterset_class(params, queryset=index.listings())
        sort = params.get("sort") if params.get("sort") in index.sort_options else index.default_sort
        print("EXPLAIN ANALYZE", label, query, file=sys.stderr)
        print(index.sorted(filterset.qs, sort)[: index.per_page].explain(analyze=True), file=sys.stderr)
        sql, sql_params = filterset.qs.order_by().values("pk").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN ANALYZE SELECT COUNT(*) FROM ({sql}) AS listed", sql_params)
            print("COUNT:", *(row[0] for row in cursor.fetchall()), sep="\n", file=sys.stderr)
    child = Page.objects.live().child_of(index).order_by("-pk").first()
    if child is not None:
        out.append([label.split(".")[1] + " → detail", site.hostname, child.get_url_parts()[2]])
    if label == "catalog.RealtyIndexPage":
        out.append(["apartments", site.hostname, index.get_url_parts()[2] + "apartments/?rooms=2&price_to=30"])
        out.append(["sitemap index", site.hostname, "/sitemap.xml"])
        out.append(["sitemap: apartments", site.hostname, "/sitemap-catalog-apartmentpage.xml"])
print(json.dumps(out))
"""
    result = subprocess.run(
        [sys.executable, "-c", f"FILTERS = {TYPICAL_FILTERS!r}\nEXPLAIN = {explain!r}\n{script}"],
        cwd=PROJECT,
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    import json

    return json.loads(result.stdout.strip().splitlines()[-1])


def wrk(url, host, duration, connections):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}", "--timeout", "10s", "--latency"]
    output = subprocess.run(
        [*command, "-H", f"Host: {host}", url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)
    p50 = re.search(r"\s50%\s+([\d.]+\w+)", output).group(1)
    p99 = re.search(r"\s99%\s+([\d.]+\w+)", output).group(1)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    timeouts = re.search(r"timeout (\d+)", output)
    failed = int(errors.group(1) if errors else 0) + int(timeouts.group(1) if timeouts else 0)
    return rps, p50, p99, str(failed)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=10000, help="extra listings per vertical")
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument("--duration", default="15s")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--skip-seed", action="store_true", help="reuse an already seeded database")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of each main filter query")
    args = parser.parse_args()
    database_url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/platform_bench")
    env = environment(database_url)

    if not args.skip_seed:
        name = database_url.rsplit("/", 1)[1]
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "--force", name], check=True)
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
        manage(env, "migrate", "--noinput", "-v0")
        started = time.monotonic()
        manage(env, "seed_demo", "--port", str(args.port), "--scale", str(args.scale))
        print(f"seed_demo --scale {args.scale}: {time.monotonic() - started:.0f} s")
        # Fresh planner statistics, as autovacuum would gather soon after a bulk load.
        subprocess.run(["vacuumdb", "-h", "127.0.0.1", "-U", "postgres", "--analyze-only", "-q", name], check=True)
    manage(env, "collectstatic", "--noinput", "-v0")

    server = subprocess.Popen(
        [
            str(PROJECT / ".venv/bin/gunicorn"),
            "config.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{args.port}",
            "--log-level",
            "warning",
        ],
        cwd=PROJECT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{args.port}/robots.txt", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        print("| page | requests/s | p50 | p99 | non-2xx or timed out |\n|---|---|---|---|---|")
        for label, host, path in targets(env, explain=args.explain):
            url = f"http://127.0.0.1:{args.port}{path}"
            host_header = f"{host}:{args.port}"
            urllib.request.urlopen(urllib.request.Request(url, headers={"Host": host_header}), timeout=30)  # warm
            rps, p50, p99, errors = wrk(url, host_header, args.duration, args.connections)
            print(f"| {label} `{path}` | {rps} | {p50} | {p99} | {errors} |")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
