"""The restore drill: a backup (deploy/backup.sh) is worth only what a restore of it gives back.

Restores a `pg_dump --format=custom` file into a fresh database beside the live one, then checks it: every table
of the live database is there, with its row count next to the live one, and none of the tables the sites cannot
live without is empty; each site's home page renders from the restored database (in a separate process, with a
local cache, so nothing of the live cache is touched); with the media archive, every image file the restored
database names is in it. The fresh database is dropped afterwards (--keep leaves it for a look).

    manage.py restore_drill /var/backups/platform/db-20261207T030000Z.dump --media .../media-20261207T030000Z.tar.gz
"""

import os
import subprocess
import sys
import tarfile
import time
from pathlib import Path
from urllib.parse import quote

import psycopg
import psycopg.sql
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client

# Tables a working restore cannot have empty.
ESSENTIAL_TABLES = ("wagtailcore_site", "wagtailcore_page", "wagtailcore_locale", "django_content_type")
TABLES_SQL = (
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
)


def conninfo(settings_dict, name):
    return psycopg.conninfo.make_conninfo(
        dbname=name,
        host=settings_dict["HOST"] or None,
        port=settings_dict["PORT"] or None,
        user=settings_dict["USER"] or None,
        password=settings_dict["PASSWORD"] or None,
    )


def row_counts(cursor):
    cursor.execute(TABLES_SQL)
    tables = sorted(row[0] for row in cursor.fetchall())
    counts = {}
    for table in tables:
        cursor.execute(psycopg.sql.SQL("SELECT count(*) FROM {}").format(psycopg.sql.Identifier(table)))
        counts[table] = cursor.fetchone()[0]
    return counts


class Command(BaseCommand):
    help = "Restore a pg_dump backup into a fresh database and check it (tables, row counts, pages, media)."

    def add_arguments(self, parser):
        parser.add_argument("dump", nargs="?", help="a pg_dump --format=custom file (deploy/backup.sh)")
        parser.add_argument("--media", help="the media archive (.tar.gz) of the same backup, or its synced folder")
        parser.add_argument("--keep", action="store_true", help="leave the restored database for a look")
        parser.add_argument(
            "--jobs", type=int, default=1, help="parallel pg_restore jobs (1: one transaction, all or nothing)"
        )
        # Internal: the child process that renders the home pages from the restored database.
        parser.add_argument("--render-sites", action="store_true", help="(internal)")

    def handle(self, *args, **options):
        if options["render_sites"]:
            return self.render_sites()
        if connection.vendor != "postgresql":
            raise CommandError("The restore drill restores pg_dump files: it needs PostgreSQL (DATABASE_URL).")
        if not options["dump"] or not Path(options["dump"]).is_file():
            raise CommandError(f"No dump file at {options['dump']!r}.")
        live = connection.settings_dict
        drill = f"{live['NAME'][:40]}_drill_{int(time.time())}"
        started = time.monotonic()
        with psycopg.connect(conninfo(live, "postgres"), autocommit=True) as admin:
            admin.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(drill)))
        try:
            self.restore(live, drill, options["dump"], options["jobs"])
            problems = self.compare_counts(live, drill)
            problems += self.check_pages(live, drill)
            if options["media"]:
                problems += self.check_media(live, drill, options["media"])
        finally:
            if not options["keep"]:
                with psycopg.connect(conninfo(live, "postgres"), autocommit=True) as admin:
                    admin.execute(
                        psycopg.sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(psycopg.sql.Identifier(drill))
                    )
        if problems:
            raise CommandError("The restore drill failed:\n" + "\n".join(problems))
        kept = f" (kept as {drill})" if options["keep"] else ""
        self.stdout.write(self.style.SUCCESS(f"Restore drill passed in {time.monotonic() - started:.1f} s{kept}."))

    def restore(self, live, drill, dump, jobs):
        command = ["pg_restore", "--no-owner", "--no-acl", "--exit-on-error", "--dbname", conninfo(live, drill)]
        command += ["--single-transaction"] if jobs == 1 else ["--jobs", str(jobs)]
        command.append(dump)
        started = time.monotonic()
        result = subprocess.run(command, capture_output=True, text=True)  # noqa: S603 (our own arguments)
        if result.returncode:
            raise CommandError(f"pg_restore failed: {result.stderr.strip()}")
        self.stdout.write(f"Restored {Path(dump).name} into {drill} in {time.monotonic() - started:.1f} s")

    def compare_counts(self, live, drill):
        with connection.cursor() as cursor:
            source = row_counts(cursor)
        with psycopg.connect(conninfo(live, drill)) as restored_db, restored_db.cursor() as cursor:
            restored = row_counts(cursor)
        problems = [f"table {table} is missing" for table in source if table not in restored]
        problems += [f"table {table} is empty" for table in ESSENTIAL_TABLES if not restored.get(table)]
        differ = [t for t in source if t in restored and source[t] != restored[t]]
        self.stdout.write(
            f"{len(restored)} tables restored, {sum(restored.values())} rows; "
            f"{len(differ)} tables differ from the live database (written since the backup)"
        )
        for table in differ:
            self.stdout.write(f"  {table}: live {source[table]}, restored {restored[table]}")
        return problems

    def check_pages(self, live, drill):
        env = {key: value for key, value in os.environ.items() if key != "DATABASE_REPLICA_URL"}
        env.update(DATABASE_URL=self.url_for_django(live, drill), REDIS_URL="")
        command = [sys.executable, str(settings.BASE_DIR / "manage.py"), "restore_drill", "--render-sites"]
        result = subprocess.run(command, env=env, capture_output=True, text=True, cwd=settings.BASE_DIR)  # noqa: S603
        self.stdout.write(result.stdout.rstrip())
        if result.returncode:
            return [f"the home pages did not render: {result.stderr.strip()[-2000:]}"]
        return []

    @staticmethod
    def url_for_django(live, drill):
        auth = quote(live["USER"] or "", safe="")
        if live["PASSWORD"]:
            auth += ":" + quote(live["PASSWORD"], safe="")
        return f"postgres://{auth}@{live['HOST'] or '127.0.0.1'}:{live['PORT'] or 5432}/{drill}"

    def render_sites(self):
        from wagtail.models import Site

        client = Client()
        failed = []
        sites = Site.objects.select_related("root_page").order_by("pk")
        for site in sites:
            host = site.hostname if site.port in (80, 443) else f"{site.hostname}:{site.port}"
            response = client.get("/", headers={"host": host}, secure=True, follow=True)
            title = site.root_page.specific.title
            ok = response.status_code == 200 and title in response.content.decode()
            self.stdout.write(f"  {host}: {response.status_code}{'' if ok else ' (no title)'}")
            if not ok:
                failed.append(host)
        if failed or not sites:
            raise CommandError(f"Pages that did not render: {', '.join(failed) or 'no site at all'}")

    def check_media(self, live, drill, media):
        path = Path(media)
        if path.is_dir():
            names = {str(p.relative_to(path)) for p in path.rglob("*") if p.is_file()}
        else:
            with tarfile.open(path) as archive:
                names = {name.removeprefix("./") for name in archive.getnames()}
        with psycopg.connect(conninfo(live, drill)) as restored_db, restored_db.cursor() as cursor:
            cursor.execute("SELECT file FROM images_customimage")
            files = [row[0] for row in cursor.fetchall()]
        missing = [name for name in files if name not in names]
        self.stdout.write(f"{len(files) - len(missing)} of {len(files)} image files are in the media backup")
        return [f"image file {name} is not in the media backup" for name in missing[:20]]
