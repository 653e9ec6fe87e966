"""Settings follow the environment; production refuses unsafe values."""

import base64
import json
import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
PROBE = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({'eager': settings.CELERY_TASK_ALWAYS_EAGER, 'broker': settings.CELERY_BROKER_URL, "
    "'cache': settings.CACHES['default']['BACKEND'], 'session': settings.SESSION_ENGINE, "
    "'db': settings.DATABASES['default']['ENGINE'], 'email': settings.EMAIL_BACKEND, 'debug': settings.DEBUG}))"
)


def settings_with(module, **env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "EMAIL_URL", "DEBUG"}}
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=PROJECT,
        env={**clean, "DJANGO_SETTINGS_MODULE": module, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    return result


def test_local_defaults_need_no_services():
    values = json.loads(settings_with("config.settings.dev").stdout)
    assert values["db"] == "django.db.backends.sqlite3"
    assert values["cache"].endswith("LocMemCache")
    assert values["eager"] is True
    assert values["email"].endswith("console.EmailBackend")
    assert values["debug"] is True


def test_redis_url_switches_cache_sessions_and_celery():
    values = json.loads(
        settings_with(
            "config.settings.dev",
            REDIS_URL="redis://127.0.0.1:6379/3",
            DATABASE_URL="postgres://u@127.0.0.1:5432/x",
            EMAIL_URL="smtp://mail.example.com:25",
        ).stdout
    )
    assert values["cache"].endswith("RedisCache")
    assert values["session"] == "django.contrib.sessions.backends.cache"
    assert values["eager"] is False and values["broker"] == "redis://127.0.0.1:6379/3"
    assert values["db"] == "django.db.backends.postgresql"
    assert values["email"].endswith("smtp.EmailBackend")


def test_production_refuses_the_local_secret_key():
    result = settings_with("config.settings.production", ALLOWED_HOSTS="example.com")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_passes_check_deploy():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": "x" * 20 + "-production-like-secret-key-with-enough-entropy-1234567890",
            "ALLOWED_HOSTS": "inback.example.com",
            "FIELD_ENCRYPTION_KEYS": "k1:" + base64.b64encode(os.urandom(32)).decode(),
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
