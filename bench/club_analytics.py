"""Club analytics benchmark: 100 000 members and 1 000 000 purchases on PostgreSQL, each dashboard page timed.

Run from the project root (see bench/README.md):
    BENCH_DATABASE_URL=postgres://root@127.0.0.1:5432/h_analytics_bench .venv/bin/python bench/club_analytics.py
BENCH_DATABASE_URL picks the database; the script creates and migrates it and runs `seed_demo` once (for the
«Свой Круг» partners). Members (phones +7997…) and their purchases are bulk-inserted with generate_series in a few
SQL statements, once (`--reseed` deletes and inserts them again). Then the nightly job
(loyalty.services.analytics.refresh: RFM, churn model, club months) runs once, timed, and every dashboard page is
requested through Django's test client as the superuser (all partners, and one partner as its owner sees it):
the median of `--repeat` requests is printed, with the number of SQL queries.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
PREFIX = "+7997"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--purchases", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--skip-refresh", action="store_true", help="keep the stored RFM, churn and months")
    parser.add_argument("--rebuild-rollups", action="store_true", help="rebuild CustomerSpan from the purchases")
    parser.add_argument("--cold", action="store_true", help="drop the stored periods before each page's first request")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/platform_analytics_bench"
    )
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    sys.path.insert(0, str(PROJECT))
    from urllib.parse import urlparse

    parsed = urlparse(os.environ["DATABASE_URL"])
    subprocess.run(
        ["createdb", "-h", parsed.hostname or "127.0.0.1", "-U", parsed.username or "postgres", parsed.path[1:]],
        capture_output=True,
    )  # fails harmlessly when it exists
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=PROJECT, check=True)

    import django

    django.setup()
    from catalog.models import BusinessPage

    if not BusinessPage.objects.filter(slug="lisichkino").exists():
        subprocess.run([*manage, "seed_demo", "-v0"], cwd=PROJECT, check=True, stdout=subprocess.DEVNULL)
    seed(args.members, args.purchases, args.reseed)
    if args.rebuild_rollups:
        rebuild_rollups()
    run(args.repeat, refresh=not args.skip_refresh, cold=args.cold)


def insert_users_sql(count):
    """INSERT … SELECT generate_series for the user model, every column from its fields (NULL or the default)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import connection

    model = get_user_model()
    overrides = {
        "password": "%(password)s",
        "email": "'bench' || g || '@example.com'",
        "username": "'bench' || g",
        "phone": "''",
        "date_joined": "now()",
        "is_active": "true",
    }
    columns, values, params = [], [], {"password": make_password(None)}
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(connection.ops.quote_name(field.column))
        if field.name in overrides:
            values.append(overrides[field.name])
        elif field.null:
            values.append("NULL")
        elif field.has_default():
            key = f"d_{field.column}"
            params[key] = field.get_db_prep_save(field.get_default(), connection)
            values.append(f"%({key})s")
        else:
            values.append("''")
    sql = (
        f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "  # noqa: S608 (the model's own columns)
        f"SELECT {', '.join(values)} FROM generate_series(1, {int(count)}) AS g"
    )
    return sql, params


def seed(members, purchases, reseed):
    from django.db import connection

    from catalog.models import BusinessPage
    from loyalty.models import Member

    have = Member.objects.filter(phone__startswith=PREFIX).count()
    if have == members and not reseed:
        print(f"seed: {have} bench members already there")
        return
    partners = list(
        BusinessPage.objects.filter(locale__language_code="ru", category__isnull=False)
        .filter(pk__in=BusinessPage.objects.filter(slug__in=["skinerica", "lisichkino", "stim-centr", "mindal",
                                                                "millenium"]).values("pk"))
        .values_list("pk", "category_id")
    ) or list(BusinessPage.objects.filter(category__isnull=False).values_list("pk", "category_id")[:5])  # fmt: skip
    ids = [p for p, _ in partners]
    cats = [c for _, c in partners]
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM loyalty_memberscore; DELETE FROM loyalty_customerspan; DELETE FROM loyalty_periodfigures; "
            "DELETE FROM loyalty_ledgerentry WHERE member_id IN (SELECT id FROM loyalty_member WHERE phone LIKE %s);"
            "DELETE FROM loyalty_purchase WHERE external_id LIKE 'bench-%%';"
            "DELETE FROM loyalty_member WHERE phone LIKE %s;"
            "DELETE FROM accounts_user WHERE email LIKE 'bench%%@example.com';",
            [PREFIX + "%", PREFIX + "%"],
        )
        sql, params = insert_users_sql(members)
        cursor.execute(sql, params)
        cursor.execute(
            "INSERT INTO loyalty_member (user_id, phone, consent_at, tier, joined_at, points_available, "
            "points_pending) SELECT u.id, %s || lpad(row_number() over (order by u.id)::text, 7, '0'), now(), "
            "'insider', now() - (random() * 730) * interval '1 day', 0, 0 "
            "FROM accounts_user u WHERE u.email LIKE 'bench%%@example.com'",
            [PREFIX],
        )
        # Each purchase: a member (skewed: a few buy often), a partner (its category), an amount, a date in the
        # last year after the member joined (about).
        cursor.execute(
            """
            WITH m AS (SELECT array_agg(id ORDER BY id) AS ids FROM loyalty_member WHERE phone LIKE %s)
            INSERT INTO loyalty_purchase (partner_id, external_id, member_id, phone, amount, discount, points_spent,
                category_id, description, source, purchased_at, created_at, refunded_amount, refunded_turnover)
            SELECT (%s::int[])[k], 'bench-' || g, m.ids[1 + floor(power(random(), 1.6) * array_length(m.ids, 1))::int],
                   '', round((300 + random() * 9700)::numeric, 2), 0, 0, (%s::int[])[k], '', 'import',
                   now() - (power(random(), 0.8) * 365) * interval '1 day', now(), 0, 0
            FROM generate_series(1, %s) AS g, m,
                 LATERAL (SELECT 1 + floor(random() * %s)::int + 0 * g AS k) AS pick
            """,
            [PREFIX + "%", ids, cats, purchases, len(ids)],
        )
        cursor.execute("ANALYZE loyalty_purchase; ANALYZE loyalty_member; ANALYZE accounts_user")
    print(f"seed: {members} members, {purchases} purchases in {time.perf_counter() - started:.1f} s")
    rebuild_rollups()


def rebuild_rollups():
    """The purchases went in by SQL, past the services: every member's first and last purchase from them, as the
    nightly job does (loyalty.services.rollups.rebuild), then VACUUM ANALYZE (fresh planner statistics, and the
    visibility map that index-only scans need; autovacuum would do it soon after a bulk load)."""
    from django.db import connection, transaction

    from loyalty.services import rollups

    started = time.perf_counter()
    with transaction.atomic():
        rollups.rebuild()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE loyalty_customerspan")
    print(f"rollups rebuilt in {time.perf_counter() - started:.1f} s")


def run(repeat, refresh=True, cold=False):
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from catalog.models import BusinessPage
    from loyalty.models import Purchase
    from loyalty.services import analytics

    if refresh:
        started = time.perf_counter()
        summary = analytics.refresh()
        print(f"refresh (nightly: RFM, churn model, 12 club months): {time.perf_counter() - started:.1f} s {summary}")
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.filter(is_superuser=True).first()
    if admin is None:
        admin = get_user_model().objects.create_superuser(email="bench-admin@example.com", password=None)
    client = Client(HTTP_HOST="localhost")
    client.force_login(admin)
    partner = BusinessPage.objects.get(pk=Purchase.objects.values_list("partner", flat=True).first())
    pages = ["loyalty_analytics", "loyalty_analytics_sources", "loyalty_analytics_segments",
             "loyalty_analytics_churn", "loyalty_analytics_metrics"]  # fmt: skip
    from loyalty.models import PeriodFigures

    print("| page | scope | first ms | median ms | queries |\n|---|---|---|---|---|")
    for label, query in (("all partners", {}), (str(partner), {"partner": partner.pk})):
        for name in pages:
            if cold:
                PeriodFigures.objects.all().delete()
            times = []
            for _ in range(repeat):
                reset_queries()
                with CaptureQueriesContext(connection) as queries:
                    begin = time.perf_counter()
                    response = client.get(reverse(name), {**query, "period": "month"})
                    times.append((time.perf_counter() - begin) * 1000)
                if response.status_code != 200:
                    raise SystemExit(f"{name}: {response.status_code}")
            print(f"| {name} | {label} | {times[0]:.0f} | {statistics.median(times):.0f} | {len(queries)} |")


if __name__ == "__main__":
    main()
