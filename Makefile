# Two commands: `make run` serves the demo, `make test` runs every check. `make help` lists the rest.
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install run serve migrate seed messages test lint format worker beat clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed ## Create the virtualenv and install the pinned packages

migrate: install ## Apply database migrations
	$(PY) manage.py migrate --noinput

seed: migrate ## Build the demo sites (idempotent)
	$(PY) manage.py seed_demo --port $(PORT)
	$(PY) manage.py seed_demo_bookings
	$(PY) manage.py seed_demo_sales

run: install seed ## Install, migrate, seed the demo, print admin credentials and serve on 0.0.0.0:$(PORT)
	$(PY) manage.py compile_translations
	$(PY) manage.py demo_admin --port $(PORT)
	$(PY) manage.py demo_logins
	@echo "Portal: http://localhost:$(PORT)/   Brands: http://inback.localhost:$(PORT)/ avtofamily. svoykrug. zhilego."
	$(PY) manage.py runserver 0.0.0.0:$(PORT)

messages: install ## Refresh locale/*.po from the source (needs GNU gettext)
	$(PY) manage.py makemessages --locale ru --locale kk --locale en --ignore ".venv/*" --ignore "tests/*" --ignore "bench/*"

test: install ## Lint, check and run the test suite with coverage (DATABASE_URL and REDIS_URL are used when set)
	$(MAKE) --no-print-directory -j --output-sync=target $(CHECKS)
	$(VENV)/bin/pytest -n 2 --dist loadgroup --durations=30 --cov --cov-report=term:skip-covered --cov-fail-under=$(COVERAGE_FLOOR)

# The checks before the suite, run side by side (`make -j`); any failure fails `make test`.
CHECKS := check-ruff check-format check-imports check-translations check-migrations check-deploy
COVERAGE_FLOOR := 96
.PHONY: $(CHECKS)
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
	$(VENV)/bin/celery -A config worker --loglevel=info

beat: install ## Celery beat scheduler (needs REDIS_URL)
	$(VENV)/bin/celery -A config beat --loglevel=info

clean: ## Remove the virtualenv, the SQLite database and generated media
	rm -rf $(VENV) db.sqlite3 media media-test staticfiles .hypothesis
