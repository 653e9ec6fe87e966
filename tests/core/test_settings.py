"""Settings follow the environment; production refuses unsafe values.

The settings modules are run in this process under a patched environment (`settings_of`), which is
much faster than booting Django in a subprocess per case; test_crypto.py keeps one real boot of
production. `make test` runs `check --deploy` on the production settings."""

import runpy
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import global_settings
from django.core.exceptions import ImproperlyConfigured

import config.settings

PROJECT = Path(__file__).resolve().parents[2]
# Variables of the developer's or CI's environment that would change the defaults under test.
SERVICES = ("DATABASE_URL", "REDIS_URL", "EMAIL_URL", "DEBUG", "SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "ALLOWED_HOSTS")


def settings_of(monkeypatch, module, **env):
    """The settings `module` gives in this environment: a fresh run of it and of config.settings.base,
    with Django's defaults for what they leave unset. Raises what the module raises."""
    for name in SERVICES:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    # `from .base import *` must run base.py again rather than take the copy this test run imported.
    monkeypatch.setattr(config.settings, "base", sys.modules["config.settings.base"])
    monkeypatch.delitem(sys.modules, "config.settings.base")
    values = {name: getattr(global_settings, name) for name in dir(global_settings) if name.isupper()}
    values.update(runpy.run_module(module))
    return SimpleNamespace(**values)


def test_local_defaults_need_no_services(monkeypatch):
    values = settings_of(monkeypatch, "config.settings.dev")
    assert values.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert values.CACHES["default"]["BACKEND"].endswith("LocMemCache")
    assert values.CELERY_TASK_ALWAYS_EAGER is True
    assert values.EMAIL_BACKEND.endswith("console.EmailBackend")
    assert values.DEBUG is True


def test_redis_url_switches_cache_sessions_and_celery(monkeypatch):
    values = settings_of(
        monkeypatch,
        "config.settings.dev",
        REDIS_URL="redis://127.0.0.1:6379/3",
        DATABASE_URL="postgres://u@127.0.0.1:5432/x",
        EMAIL_URL="smtp://mail.example.com:25",
    )
    assert values.CACHES["default"]["BACKEND"].endswith("RedisCache")
    assert values.SESSION_ENGINE == "django.contrib.sessions.backends.cache"
    assert values.CELERY_TASK_ALWAYS_EAGER is False and values.CELERY_BROKER_URL == "redis://127.0.0.1:6379/3"
    assert values.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    assert values.EMAIL_BACKEND.endswith("smtp.EmailBackend")


def test_production_refuses_the_local_secret_key(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        settings_of(monkeypatch, "config.settings.production", ALLOWED_HOSTS="example.com")


def test_the_demo_runs_with_debug_off_and_still_serves_static_files_and_uploads(monkeypatch):
    """`make run` sets DEBUG=0 (the sites' own 404 and 500 pages); WhiteNoise then serves the static files from
    the app folders and config.urls the uploads, without collectstatic."""
    values = settings_of(monkeypatch, "config.settings.dev", DEBUG="0")
    assert values.DEBUG is False
    assert values.WHITENOISE_USE_FINDERS is True and values.SERVE_MEDIA is True
    assert settings_of(monkeypatch, "config.settings.base").SERVE_MEDIA is False
    run_line = next(line for line in (PROJECT / "Makefile").read_text().splitlines() if "manage.py runserver" in line)
    assert "DEBUG=$${DEBUG:-0}" in run_line
