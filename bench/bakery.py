"""Our pages beside the reference Wagtail demo (wagtail/bakerydemo), served the same way: the ratio table.

Run from the project root, on a database `catalog_bench.py` seeded (see bench/README.md):
    BAKERYDEMO_GIT=/path/to/bakerydemo.git .venv/bin/python bench/bakery.py --duration 15s

What it does:
  1. bakerydemo's code: `git archive` of BAKERYDEMO_GIT (a clone of wagtail/bakerydemo, bare or not; `--ref`,
     default HEAD) into BAKERYDEMO_DIR (/tmp/bakerydemo), unless it is there already;
  2. its own virtualenv (BAKERYDEMO_VENV, /tmp/bakerydemo-venv) with the versions it pins
     (requirements/base.txt) and what its production settings serve with: psycopg, django-redis, whitenoise,
     gunicorn (uwsgi and the cloud storages are left out);
  3. settings `bakerydemo.settings.bench` written beside its own: its production settings (DEBUG off), the cache
     in Redis (BENCH_REDIS_URL, keys prefixed `bakerydemo`) for pages and renditions as its production settings
     do, the database BAKERYDEMO_DATABASE_URL (PostgreSQL, dropped and made again: `migrate`,
     `load_initial_data`, `collectstatic`); `--skip-setup` reuses all of it;
  4. both served by gunicorn with 2 sync workers, ours with the settings `catalog_bench.py` uses (production,
     Redis cache, PostgreSQL BENCH_DATABASE_URL, not seeded here);
  5. `wrk -t2 -c8` on each pair of comparable pages (home, index, detail), ours then theirs, each after a
     warm-up request; then the table: requests per second of each, and ours ÷ theirs.

The machine running it should be quiet; the ratios within one run are what to compare (both servers and wrk
share the same cores). Needs wrk (`apt-get install wrk`) and PostgreSQL's client tools.
"""

import argparse
import os
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))
from bench.catalog_bench import environment, wrk  # noqa: E402

BAKERY_DIR = Path(os.environ.get("BAKERYDEMO_DIR", "/tmp/bakerydemo"))  # noqa: S108 (a bench machine's scratch)
BAKERY_VENV = Path(os.environ.get("BAKERYDEMO_VENV", "/tmp/bakerydemo-venv"))  # noqa: S108
# The server side as ours (requirements.txt pins the same psycopg, whitenoise and gunicorn).
BAKERY_PACKAGES = ["psycopg[binary]==3.3.9", "django-redis>=6,<7", "whitenoise==6.12.0", "gunicorn==27.0.1"]

BAKERY_SETTINGS = '''"""Written by our bench/bakery.py: bakerydemo's production settings, Redis and PostgreSQL."""
import os

from .production import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["*"]
SECURE_SSL_REDIRECT = False  # plain HTTP on localhost, as ours is served by catalog_bench.environment()
_redis = {
    "BACKEND": "django_redis.cache.RedisCache",
    "LOCATION": os.environ["BENCH_REDIS_URL"],
    "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 2, "SOCKET_TIMEOUT": 2},
}
CACHES = {
    "default": {**_redis, "KEY_PREFIX": "bakerydemo"},
    "renditions": {**_redis, "KEY_PREFIX": "bakerydemo-renditions"},
}
'''

# Our pages: (kind, label, Django expression giving the page, reference page key). Each expression runs in our
# project with `live` = Page.objects.live() of the site's tree and `sites` by hostname prefix.
OUR_PAGES = [
    ("home", "InBack home", "sites['inback'].root_page", "home"),
    ("index", "InBack blog index", "first(BlogIndexPage, 'inback')", "blog index"),
    ("detail", "InBack blog post", "last(BlogPostPage, 'inback')", "blog post"),
    ("index", "InBack complexes index", "first(RealtyIndexPage, 'inback')", "breads index"),
    ("index", "Avtofamily cars index", "first(CarIndexPage, 'avtofamily')", "locations index"),
    ("index", "ЖильеGO rentals index", "first(RentalIndexPage, 'zhilego')", "breads index"),
    ("detail", "InBack complex", "last(ResidentialComplexPage, 'inback')", "bread page"),
    ("detail", "InBack apartment", "last(ApartmentPage, 'inback')", "bread page"),
    ("detail", "Avtofamily car ad", "last(CarAdPage, 'avtofamily')", "bread page"),
    ("detail", "ЖильеGO rental", "last(RentalPropertyPage, 'zhilego')", "bread page"),
]
OUR_SCRIPT = r"""
import django, json
django.setup()
from wagtail.models import Site
from blog.models import BlogIndexPage, BlogPostPage
from catalog.models import (ApartmentPage, CarAdPage, CarIndexPage, RealtyIndexPage, RentalIndexPage,
                            RentalPropertyPage, ResidentialComplexPage)
sites = {site.hostname.split(".")[0]: site for site in Site.objects.select_related("root_page")}
def first(model, site):
    return model.objects.live().public().descendant_of(sites[site].root_page).order_by("path").first()
def last(model, site):
    return model.objects.live().public().descendant_of(sites[site].root_page).order_by("-pk").first()
out = []
for kind, label, expression, reference in PAGES:
    page = eval(expression)
    site = sites[expression.split("'")[1]]
    out.append([kind, label, site.hostname, page.get_url_parts()[2], reference])
print(json.dumps(out))
"""
BAKERY_SCRIPT = r"""
import django, json
django.setup()
from bakerydemo.blog.models import BlogIndexPage, BlogPage
from bakerydemo.breads.models import BreadPage, BreadsIndexPage
from bakerydemo.locations.models import LocationPage, LocationsIndexPage
from wagtail.models import Site
def path(model, order="path"):
    return model.objects.live().order_by(order).first().get_url_parts()[2]
print(json.dumps({
    "home": Site.objects.get(is_default_site=True).root_page.get_url_parts()[2],
    "blog index": path(BlogIndexPage),
    "blog post": path(BlogPage, "-pk"),
    "breads index": path(BreadsIndexPage),
    "bread page": path(BreadPage, "-pk"),
    "locations index": path(LocationsIndexPage),
    "location page": path(LocationPage, "-pk"),
}))
"""


def run(command, **kwargs):
    print("+", " ".join(map(str, command)), file=sys.stderr)
    return subprocess.run(command, check=True, **kwargs)


def last_json_line(output):
    import json

    return json.loads(output.strip().splitlines()[-1])


def bakery_env(database_url, redis_url):
    return {
        **{key: value for key, value in os.environ.items() if key not in ("DJANGO_SETTINGS_MODULE", "VIRTUAL_ENV")},
        "DJANGO_SETTINGS_MODULE": "bakerydemo.settings.bench",
        "DATABASE_URL": database_url,
        "BENCH_REDIS_URL": redis_url,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "PATH": f"{BAKERY_VENV}/bin:{os.environ['PATH']}",
    }


def set_up_bakery(env, database_url, ref):
    if not (BAKERY_DIR / "manage.py").exists():
        source = os.environ.get("BAKERYDEMO_GIT")
        if not source:
            sys.exit("Set BAKERYDEMO_GIT to a clone of wagtail/bakerydemo (or put its code in BAKERYDEMO_DIR).")
        BAKERY_DIR.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "--git-dir", source, "archive", ref], check=True, capture_output=True)
        run(["tar", "-x", "-C", str(BAKERY_DIR)], input=archive.stdout)
    if not (BAKERY_VENV / "bin/gunicorn").exists():
        # The interpreter of our own virtualenv (bakerydemo wants Python 3.12, as we do).
        run([sys.executable, "-m", "venv", "--clear", str(BAKERY_VENV)])
        pip = [str(BAKERY_VENV / "bin/pip"), "install", "-q"]
        run([*pip, "-r", str(BAKERY_DIR / "requirements/base.txt"), *BAKERY_PACKAGES])
    (BAKERY_DIR / "bakerydemo/settings/bench.py").write_text(BAKERY_SETTINGS)
    name = database_url.rsplit("/", 1)[1]
    run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "--force", name])
    run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name])
    manage = [str(BAKERY_VENV / "bin/python"), "manage.py"]
    for command in (["migrate", "--noinput", "-v0"], ["load_initial_data"], ["collectstatic", "--noinput", "-v0"]):
        run([*manage, *command], cwd=BAKERY_DIR, env=env)


def serve(command, cwd, env, port, host):
    server = subprocess.Popen(
        # A long timeout: the first requests make the pages' image renditions.
        [*command, "-w", "2", "-b", f"127.0.0.1:{port}", "--log-level", "warning", "--timeout", "180"],
        cwd=cwd,
        env=env,
    )
    for _ in range(150):
        try:
            request = urllib.request.Request(f"http://127.0.0.1:{port}/robots.txt", headers={"Host": host})
            urllib.request.urlopen(request, timeout=2).read()
            return server
        except urllib.error.HTTPError:  # it answers (bakerydemo has no robots.txt)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    sys.exit(f"{command[0]} did not start on port {port}")


def measure(port, host, path, duration):
    url = f"http://127.0.0.1:{port}{path}"
    host = f"{host}:{port}"
    urllib.request.urlopen(urllib.request.Request(url, headers={"Host": host}), timeout=180).read()  # renditions made
    rps, p50, _p99, failed = wrk(url, host, duration, 8)
    return float(rps), p50, failed


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", default="15s", help="wrk's duration per page")
    parser.add_argument("--port", type=int, default=8120, help="ours; bakerydemo on the next port")
    parser.add_argument("--ref", default="HEAD", help="bakerydemo's commit to archive")
    parser.add_argument("--skip-setup", action="store_true", help="reuse bakerydemo's code, virtualenv and database")
    args = parser.parse_args()
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")
    our_env = environment(os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/platform_bench"))
    bakery_database = os.environ.get("BAKERYDEMO_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bakerydemo_bench")
    theirs_env = bakery_env(bakery_database, redis_url)
    if not args.skip_setup:
        set_up_bakery(theirs_env, bakery_database, args.ref)
    run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=PROJECT, env=our_env)

    ours = last_json_line(
        run(
            [sys.executable, "-c", f"PAGES = {OUR_PAGES!r}\n{OUR_SCRIPT}"],
            cwd=PROJECT,
            env=our_env,
            stdout=subprocess.PIPE,
            text=True,
        ).stdout
    )
    theirs = last_json_line(
        run(
            [str(BAKERY_VENV / "bin/python"), "-c", BAKERY_SCRIPT],
            cwd=BAKERY_DIR,
            env=theirs_env,
            stdout=subprocess.PIPE,
            text=True,
        ).stdout
    )
    their_port = args.port + 1
    servers = [
        serve([str(PROJECT / ".venv/bin/gunicorn"), "config.wsgi"], PROJECT, our_env, args.port, "inback.localhost"),
        serve([str(BAKERY_VENV / "bin/gunicorn"), "bakerydemo.wsgi"], BAKERY_DIR, theirs_env, their_port, "localhost"),
    ]
    rows, reference = [], {}
    try:
        for kind, label, host, path, their_page in ours:
            our_rps, our_p50, our_failed = measure(args.port, host, path, args.duration)
            if their_page not in reference:  # each reference page once, right after the first of ours using it
                reference[their_page] = measure(their_port, "localhost", theirs[their_page], args.duration)
            rows.append((kind, label, path, our_rps, our_p50, our_failed, their_page))
            print(f"{label}: {our_rps:.1f} req/s; {their_page}: {reference[their_page][0]:.1f}", file=sys.stderr)
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=15)

    print(f"wrk -t2 -c8 -d{args.duration}, gunicorn 2 sync workers each, DEBUG off, Redis cache, PostgreSQL\n")
    print("| kind | our page | req/s (p50) | bakerydemo page | req/s (p50) | ours ÷ theirs |")
    print("|---|---|---|---|---|---|")
    for kind, label, path, our_rps, our_p50, our_failed, their_page in rows:
        their_rps, their_p50, their_failed = reference[their_page]
        failed = "" if our_failed == their_failed == "0" else f" (non-2xx: {our_failed} / {their_failed})"
        print(
            f"| {kind} | {label} `{path}` | {our_rps:.1f} ({our_p50}) | {their_page} `{theirs[their_page]}` "
            f"| {their_rps:.1f} ({their_p50}) | **{our_rps / their_rps:.2f}**{failed} |"
        )


if __name__ == "__main__":
    main()
