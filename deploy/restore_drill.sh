#!/usr/bin/env bash
# The restore drill (weekly, deploy/systemd/platform-restore-drill.timer): the newest backup is restored into a fresh
# database beside the live one and checked (tables and row counts, each site's home page, the media), then dropped.
# Exits non-zero when anything is wrong, so the timer's failure alerts like any other.
set -euo pipefail
BACKUP_DIR="${BACKUP_DIR:-/var/backups/platform}"
dump="${1:-$(ls -1t "$BACKUP_DIR"/db-*.dump | head -n1)}"
stamp="$(basename "$dump" .dump)"; stamp="${stamp#db-}"
media="$BACKUP_DIR/media-$stamp.tar.gz"
(cd "$BACKUP_DIR" && sha256sum --check --quiet "SHA256SUMS-$stamp")
cd "$(dirname "$0")/.."
# The drill creates a database beside the live one: straight to PostgreSQL, not through PgBouncer.
export DATABASE_URL="${BACKUP_DATABASE_URL:-$DATABASE_URL}"
unset DATABASE_PGBOUNCER DATABASE_REPLICA_URL
exec "${PYTHON:-.venv/bin/python}" manage.py restore_drill "$dump" ${media:+$([[ -f "$media" ]] && echo --media "$media")}
