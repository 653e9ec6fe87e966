"""What one request to each catalog page costs in-process: wall and CPU time, SQL queries, cache round trips.

Run from the project root after `catalog_bench.py` has seeded the database (see bench/README.md):
    .venv/bin/python bench/request_costs.py                 # a table over the benchmark's pages
    .venv/bin/python bench/request_costs.py --profile 3     # cProfile of the fourth page of that table

No server and no network: Django's test client calls the application directly, so the CPU time is the Python
work of a request (templates, ORM), which matters most on a machine shared with other work.
"""

import argparse
import cProfile
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


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--requests", type=int, default=20, help="requests per page (after one warm-up)")
    parser.add_argument("--profile", type=int, metavar="ROW", help="cProfile the page in this row of the table")
    parser.add_argument("--top", type=int, default=40)
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
    if args.profile is not None:
        label, host, path = pages[args.profile]
        client = Client(HTTP_HOST=f"{host}:8100")
        client.get(path)
        profiler = cProfile.Profile(time.process_time)  # CPU time: waits on the database do not count
        profiler.enable()
        for _ in range(args.requests):
            client.get(path)
        profiler.disable()
        print(f"{label} {path}, {args.requests} requests")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.top)
        return

    print("| page | wall, ms | CPU, ms | SQL queries | cache round trips |\n|---|---|---|---|---|")
    for label, host, path in pages:
        client = Client(HTTP_HOST=f"{host}:8100")
        response = client.get(path)  # warm: site root paths, renditions, filter options
        if response.status_code != 200:
            raise SystemExit(f"{path}: HTTP {response.status_code}")
        walls, cpus = [], []
        for _ in range(args.requests):
            cache_calls[0] = 0
            wall, cpu = time.perf_counter(), time.process_time()
            with CaptureQueriesContext(connection) as queries:
                client.get(path)
            walls.append((time.perf_counter() - wall) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
        print(
            f"| {label} `{path}` | {statistics.median(walls):.0f} | {statistics.median(cpus):.0f} "
            f"| {len(queries)} | {cache_calls[0]} |"
        )


if __name__ == "__main__":
    main()
