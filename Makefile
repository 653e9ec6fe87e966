# Two commands: `make run` serves the demo, `make test` runs every check. `make help` lists the rest.
VENV ?= .venv
# Python 3.12 when the machine has it (pyenv's too), else python3: coverage then measures through sys.monitoring (sysmon), which
# costs the suite almost nothing, where 3.11's tracer doubles the CPU time of a page render.
PYTHON ?= $(shell for p in python3.12 $(wildcard $(HOME)/.pyenv/versions/3.12*/bin/python3.12) python3; do \
	$$p -c '' 2>/dev/null && echo $$p && break; done)
PY := $(VENV)/bin/python
# The venv is rebuilt when PYTHON's version changes, as when requirements change.
INSTALLED := $(VENV)/.installed-$(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])')
PORT ?= 8000
# Python caches each module it compiles (__pycache__), unless PYTHONDONTWRITEBYTECODE is set, as it is on some
# machines: then every process compiles every module it imports again, some 7 s of CPU per Django start-up here,
# and a test run starts dozens (xdist workers, the demo server, the worker and settings tests' subprocesses).
unexport PYTHONDONTWRITEBYTECODE

.DEFAULT_GOAL := help
.PHONY: help install run serve migrate seed messages test lint format worker beat clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

# uv installs the pinned packages (and pip, for those who use it) in seconds where pip took a minute; it is
# installed once per machine, in ~/.local/bin. Its cache is tried first: this machine reaches PyPI slowly, and
# a cold cache falls back to the index.
UV ?= $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)

$(UV):
	$(PYTHON) -m pip install --quiet --user uv

$(INSTALLED): requirements.txt requirements-dev.txt | $(UV)
	rm -rf $(VENV)
	$(UV) venv --quiet --python $(PYTHON) $(VENV)
	$(UV) pip install --quiet --python $(PY) --offline -r requirements-dev.txt pip 2>/dev/null \
		|| $(UV) pip install --quiet --python $(PY) -r requirements-dev.txt pip
	touch $@

install: $(INSTALLED) ## Create the virtualenv and install the pinned packages

migrate: install ## Apply database migrations
	$(PY) manage.py migrate --noinput

seed: migrate ## Build the demo sites (idempotent)
	$(PY) manage.py seed_demo --port $(PORT)
	$(PY) manage.py seed_demo_bookings
	$(PY) manage.py seed_demo_sales
	$(PY) manage.py seed_demo_club

run: install seed ## Install, migrate, seed the demo, print admin credentials and serve on 0.0.0.0:$(PORT)
	$(PY) manage.py compile_translations
	$(PY) manage.py demo_admin --port $(PORT)
	$(PY) manage.py demo_logins
	$(PY) manage.py demo_api_key --port $(PORT)
	@echo "Portal: http://localhost:$(PORT)/   Brands: http://inback.localhost:$(PORT)/ avtofamily. svoykrug. zhilego."
	@echo "DEBUG is off so the sites show their own error pages; DEBUG=1 make run shows Django's debug pages."
	DEBUG=$${DEBUG:-0} $(PY) manage.py runserver 0.0.0.0:$(PORT)

messages: install ## Refresh locale/*.po from the source (needs GNU gettext)
	$(PY) manage.py makemessages --locale ru --locale kk --locale en --ignore ".venv/*" --ignore "tests/*" --ignore "bench/*"

test: install ## Lint, check and run the test suite with coverage (DATABASE_URL and REDIS_URL are used when set)
	rm -rf .coverage .coverage.* $(DEMO_TEMPLATE_DIR) && mkdir $(DEMO_TEMPLATE_DIR)
	$(MAKE) --no-print-directory -j --output-sync=target $(CHECKS) demo-template
	DEMO_TEMPLATE_DIR=$(DEMO_TEMPLATE_DIR) $(VENV)/bin/pytest -n 2 --dist loadgroup --durations=30 --junitxml=test-artifacts/junit.xml \
		--cov --cov-append --cov-report=term:skip-covered --cov-fail-under=$(COVERAGE_FLOOR)

# The checks before the suite, run side by side (`make -j`); any failure fails `make test`.
CHECKS := check-ruff check-format check-imports check-translations check-migrations check-deploy
COVERAGE_FLOOR := 96
# The seeded demo the tests copy (tests/demo_database.py) is built beside the checks, under coverage; pytest
# appends to that coverage data instead of erasing it.
DEMO_TEMPLATE_DIR := .demo-template
.PHONY: $(CHECKS) demo-template
demo-template:
	DEMO_TEMPLATE_DIR=$(DEMO_TEMPLATE_DIR) $(VENV)/bin/coverage run --parallel-mode -m tests.demo_database $(DEMO_TEMPLATE_DIR)
check-ruff:
	$(VENV)/bin/ruff check .
check-format:
	$(VENV)/bin/ruff format --check .
check-imports:
	$(VENV)/bin/lint-imports
check-translations:
	$(PY) manage.py compile_translations
check-migrations:
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run
check-deploy:
	SECRET_KEY=$$($(PY) -c "import secrets; print(secrets.token_urlsafe(50))") ALLOWED_HOSTS=platform.example.com \
		FIELD_ENCRYPTION_KEYS=k1:$$($(PY) -c "import base64, os; print(base64.b64encode(os.urandom(32)).decode())") \
		$(PY) manage.py check --deploy --fail-level WARNING --settings config.settings.production

lint: install ## Ruff lint and format check, and the layers of the apps (import-linter)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install ## Apply ruff fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

worker: install ## Celery worker (needs REDIS_URL)
	$(VENV)/bin/celery -A config worker -Q default,notifications,imports,payments --loglevel=info

beat: install ## Celery beat scheduler (needs REDIS_URL)
	$(VENV)/bin/celery -A config beat --loglevel=info

clean: ## Remove the virtualenv, the SQLite database and generated media
	rm -rf $(VENV) db.sqlite3 media media-test staticfiles .hypothesis
