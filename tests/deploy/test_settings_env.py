"""The production settings read the scale-out switches from the environment (README «Production»). Each case runs
the settings in a fresh interpreter, as a deployment would, and prints what they made of it."""

import base64
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
PRINT = """
import json
import django
from django.conf import settings
import sentry_sdk
django.setup()
from wagtail.search.backends import get_search_backend
print(json.dumps({
    "databases": {alias: {k: db.get(k) for k in ("HOST", "NAME", "DISABLE_SERVER_SIDE_CURSORS", "TEST")}
                  for alias, db in settings.DATABASES.items()},
    "routers": settings.DATABASE_ROUTERS,
    "middleware": settings.MIDDLEWARE,
    "storage": settings.STORAGES["default"],
    "search": settings.WAGTAILSEARCH_BACKENDS["default"],
    "static_url": settings.STATIC_URL, "media_url": settings.MEDIA_URL,
    "img_src": [str(v) for v in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"]],
    "routes": settings.CELERY_TASK_ROUTES, "default_queue": settings.CELERY_TASK_DEFAULT_QUEUE,
    "health": settings.HEALTH_CHECKS, "log_formatter": settings.LOGGING["handlers"]["console"]["formatter"],
    "sentry": sentry_sdk.is_initialized(), "search_class": type(get_search_backend()).__module__,
}))
"""


def production_settings(**extra):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DATABASE", "AWS_", "SENTRY"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="platform.example.com",
        FIELD_ENCRYPTION_KEYS="k1:" + base64.b64encode(os.urandom(32)).decode(),
        DATABASE_URL="postgres://app@db.internal:6432/platform",
        **extra,
    )
    run = subprocess.run([sys.executable, "-c", PRINT], cwd=PROJECT, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_a_plain_production_node_uses_one_database_local_media_and_json_logs():
    made = production_settings()
    assert set(made["databases"]) == {"default"} and made["routers"] == []
    assert not made["databases"]["default"]["DISABLE_SERVER_SIDE_CURSORS"]
    assert made["storage"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert made["search"]["BACKEND"] == "wagtail.search.backends.database"
    assert made["log_formatter"] == "json" and made["sentry"] is False
    assert made["default_queue"] == "default"
    assert made["routes"]["notifications.tasks.*"] == {"queue": "notifications"}
    assert made["routes"]["loyalty.tasks.import_purchases"] == {"queue": "imports"}
    assert made["routes"]["bookings.tasks.poll_open_payments"] == {"queue": "payments"}
    assert made["health"] == ["health_check.checks.Database", "health_check.checks.Cache"]


def test_the_scale_out_switches():
    made = production_settings(
        DATABASE_REPLICA_URL="postgres://app@replica.internal:6432/platform",
        DATABASE_PGBOUNCER="1",
        AWS_STORAGE_BUCKET_NAME="media-bucket",
        AWS_S3_ENDPOINT_URL="http://minio.internal:9000",
        AWS_S3_CUSTOM_DOMAIN="media.cdn.example.com",
        OPENSEARCH_URL="http://opensearch.internal:9200",
        STATIC_URL="https://static.cdn.example.com/static/",
        MEDIA_URL="https://media.cdn.example.com/media/",
        SENTRY_DSN="http://public@127.0.0.1:9/1",
        HEALTH_CHECK_CELERY="1",
    )
    replica = made["databases"]["replica"]
    assert replica["HOST"] == "replica.internal" and replica["TEST"]["MIRROR"] == "default"
    assert made["routers"] == ["core.db_router.ReplicaRouter"]
    assert made["middleware"].index("core.db_router.ReplicaMiddleware") == 2
    assert all(db["DISABLE_SERVER_SIDE_CURSORS"] for db in made["databases"].values())
    storage = made["storage"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "media-bucket"
    assert storage["OPTIONS"]["endpoint_url"] == "http://minio.internal:9000"
    assert storage["OPTIONS"]["custom_domain"] == "media.cdn.example.com"
    assert made["search"]["BACKEND"] == "wagtail.search.backends.opensearch3"
    assert made["search"]["URLS"] == ["http://opensearch.internal:9200"]
    assert made["search_class"] == "wagtail.search.backends.opensearch3"  # built (it connects on first use)
    assert made["static_url"] == "https://static.cdn.example.com/static/"
    assert {"https://static.cdn.example.com", "https://media.cdn.example.com"} <= set(made["img_src"])
    assert made["sentry"] is True
    assert made["health"][-1] == "health_check.contrib.celery.Ping"
