"""Test run: fast hashing, plain static storage, quiet logs. DATABASE_URL and REDIS_URL
still decide the database and cache, so CI exercises PostgreSQL and Redis."""

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
MEDIA_ROOT = BASE_DIR / "media-test"
CELERY_TASK_ALWAYS_EAGER = True
LOGGING["root"]["level"] = "WARNING"
WAGTAILADMIN_BASE_URL = "http://testserver"
