"""Backups are restored, not only written: deploy/backup.sh dumps the test database (the seeded demo: a small data
set) and its media, and the restore drill (manage.py restore_drill) restores them into a fresh database and checks
tables, row counts, every site's home page and the media. PostgreSQL only: the backup is a pg_dump."""

import os
import subprocess
from io import StringIO
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from core.management.commands import restore_drill

PROJECT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


def live_database_url():
    db = connection.settings_dict
    auth = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


needs_postgresql = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").split(":")[0] not in ("postgres", "postgresql", "pgsql"),
    reason="the backup is a pg_dump and the drill a pg_restore: needs PostgreSQL (DATABASE_URL)",
)


@needs_postgresql
def test_a_backup_restores_into_a_fresh_database_that_serves_every_site(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": live_database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "BACKUP_DIR": str(tmp_path),
    }
    env.pop("AWS_STORAGE_BUCKET_NAME", None)
    backup = subprocess.run(["bash", "deploy/backup.sh"], cwd=PROJECT, env=env, capture_output=True, text=True)
    assert backup.returncode == 0, backup.stderr
    dump = Path(backup.stdout.strip().splitlines()[-1])
    stamp = dump.name.removeprefix("db-").removesuffix(".dump")
    assert dump.stat().st_size > 0 and (tmp_path / f"media-{stamp}.tar.gz").exists()
    assert f"db-{stamp}.dump" in (tmp_path / f"SHA256SUMS-{stamp}").read_text()

    out = StringIO()
    call_command("restore_drill", str(dump), media=str(tmp_path / f"media-{stamp}.tar.gz"), stdout=out)

    report = out.getvalue()
    assert "Restore drill passed" in report
    assert "0 tables differ from the live database" in report
    assert "zhilego.localhost" in report and ": 200" in report and "(no title)" not in report
    images = connection.cursor().execute("SELECT count(*) FROM images_customimage").fetchone()[0]
    assert f"{images} of {images} image files are in the media backup" in report
    with connection.cursor() as cursor:  # the drill's database is gone
        cursor.execute(
            "SELECT count(*) FROM pg_database WHERE datname LIKE %s",
            [f"{connection.settings_dict['NAME'][:40]}_drill_%"],
        )
        assert cursor.fetchone()[0] == 0


def test_the_drill_refuses_what_it_cannot_check(tmp_path):
    if connection.vendor != "postgresql":
        with pytest.raises(CommandError, match="needs PostgreSQL"):
            call_command("restore_drill", str(tmp_path / "none.dump"))
    else:
        with pytest.raises(CommandError, match="No dump file"):
            call_command("restore_drill", str(tmp_path / "none.dump"))


def test_every_site_home_page_renders_from_the_database_in_use():
    """The drill's page check on its own (the drill runs it in a child process on the restored database)."""
    out = StringIO()
    call_command("restore_drill", render_sites=True, stdout=out)
    lines = out.getvalue().splitlines()
    assert "  zhilego.localhost: 200" in lines and "  inback.localhost: 200" in lines
    assert not [line for line in lines if "no title" in line]


@needs_postgresql
def test_a_media_backup_without_the_images_fails_the_drill(tmp_path):
    """The media check on its own, against the seeded database: an archive missing the images is a failure."""
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "unrelated.txt").write_text("")
    live = connection.settings_dict
    problems = restore_drill.Command(stdout=StringIO()).check_media(live, live["NAME"], str(tmp_path / "media"))
    images = connection.cursor().execute("SELECT file FROM images_customimage ORDER BY id").fetchall()
    assert images and problems[0].startswith("image file ") and "is not in the media backup" in problems[0]
    assert len(problems) == min(len(images), 20)
