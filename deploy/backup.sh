#!/usr/bin/env bash
# Nightly backup (deploy/systemd/platform-backup.timer): the database as a pg_dump custom-format file, the media as
# a tarball (local MEDIA_ROOT) or a synced copy of the bucket (S3/MinIO), the private deal documents as a tarball,
# and a SHA256SUMS file. Keeps BACKUP_KEEP_DAYS days. Check a backup with deploy/restore_drill.sh.
#
#   DATABASE_URL=postgres://... MEDIA_ROOT=/srv/platform/media BACKUP_DIR=/var/backups/platform deploy/backup.sh
set -euo pipefail

: "${DATABASE_URL:?DATABASE_URL must name the database to back up}"
BACKUP_DIR="${BACKUP_DIR:-/var/backups/platform}"
BACKUP_KEEP_DAYS="${BACKUP_KEEP_DAYS:-14}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$BACKUP_DIR"
# Folders given relative to where the script was started from, before it moves into BACKUP_DIR.
[[ -n "${MEDIA_ROOT:-}" && -d "$MEDIA_ROOT" ]] && MEDIA_ROOT="$(realpath "$MEDIA_ROOT")"
[[ -n "${LEADS_DOCUMENTS_ROOT:-}" && -d "$LEADS_DOCUMENTS_ROOT" ]] && LEADS_DOCUMENTS_ROOT="$(realpath "$LEADS_DOCUMENTS_ROOT")"
cd "$BACKUP_DIR"

# PgBouncer cannot serve pg_dump in transaction mode: point DATABASE_URL (or BACKUP_DATABASE_URL) at PostgreSQL itself.
# A live site keeps writing uploads while the archive is made: GNU tar's exit 1 ("file changed as we read it")
# still leaves a good archive of what was there; anything worse (2) stops the backup.
archive() {
    local status=0
    tar --warning=no-file-changed --warning=no-file-removed -C "$1" -czf "$2" . || status=$?
    ((status <= 1)) || exit "$status"
}

pg_dump --format=custom --no-owner --no-acl --file "db-$stamp.dump.part" "${BACKUP_DATABASE_URL:-$DATABASE_URL}"
mv "db-$stamp.dump.part" "db-$stamp.dump"

if [[ -n "${AWS_STORAGE_BUCKET_NAME:-}" ]]; then
    # Media in a bucket: an incremental copy of it (needs the aws CLI; MinIO's `mc mirror` does the same).
    aws s3 sync ${AWS_S3_ENDPOINT_URL:+--endpoint-url "$AWS_S3_ENDPOINT_URL"} \
        "s3://$AWS_STORAGE_BUCKET_NAME/${AWS_LOCATION:-media}" "media-sync/"
    archive media-sync "media-$stamp.tar.gz"
elif [[ -n "${MEDIA_ROOT:-}" && -d "$MEDIA_ROOT" ]]; then
    archive "$MEDIA_ROOT" "media-$stamp.tar.gz"
fi
if [[ -n "${LEADS_DOCUMENTS_ROOT:-}" && -d "$LEADS_DOCUMENTS_ROOT" ]]; then
    archive "$LEADS_DOCUMENTS_ROOT" "private-$stamp.tar.gz"
fi

sha256sum ./*-"$stamp".* > "SHA256SUMS-$stamp"
find . -maxdepth 1 -type f \( -name 'db-*' -o -name 'media-*' -o -name 'private-*' -o -name 'SHA256SUMS-*' \) \
    -mtime +"$BACKUP_KEEP_DAYS" -delete
echo "$BACKUP_DIR/db-$stamp.dump"
