# Newsroom: `make run` to try it, `make test` to check it. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/newsroom
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve test test-fast test-postgres lint format install install-dev install-bench browser clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev
# Locust, for the load and fault scripts in bench/.
install-bench: install
	$(BIN)/pip install --quiet -r requirements-bench.txt

# Set up, load the demo corpus, and serve on http://$(HOST):$(PORT) with the task worker beside it.
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	@echo "Newsroom on http://$(HOST):$(PORT)/ (Ctrl-C stops the server and the task worker)"
	@$(BIN)/python manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The production stack: gunicorn workers, whitenoise static files, DJANGO_DEBUG=0, PostgreSQL
# from DATABASE_URL (required), persistent connections, and the task worker beside it.
WORKERS ?= 4
serve: install
	@test -n "$$DATABASE_URL" || { echo "Set DATABASE_URL (postgres://...) and DJANGO_SECRET_KEY"; exit 1; }
	DJANGO_DEBUG=0 DJANGO_CONN_MAX_AGE=$${DJANGO_CONN_MAX_AGE:-60} $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=0 $(BIN)/python manage.py collectstatic --noinput -v0
	@DJANGO_DEBUG=0 $(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DJANGO_DEBUG=0 DJANGO_CONN_MAX_AGE=$${DJANGO_CONN_MAX_AGE:-60} $(BIN)/gunicorn newsroom.wsgi \
	  --workers $(WORKERS) --bind $(HOST):$(PORT) --timeout 60 --graceful-timeout 20 \
	  --max-requests 2000 --max-requests-jitter 200

# Debian's Chromium drives the browser tests (Playwright cannot download its own here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Chromium from Debian's packages"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

# Everything the tests need, then the whole suite (unit, views, Chromium) on SQLite.
# The unit and page tests on every core, then the browser tests one at a time (they drive
# one Chromium each and time out under a doubled load).
PYTEST_SPLIT = $(BIN)/python -m pytest -n auto --dist loadfile --ignore=tests/browser -q && \
	$(BIN)/python -m pytest tests/browser -q

test: install-dev browser
	$(PYTEST_SPLIT)

# Everything but the Chromium tests, spread over the cores: the loop to run while working.
test-fast: install-dev
	$(BIN)/python -m pytest -n auto --dist loadfile --ignore=tests/browser -q

test-postgres: install-dev browser
	export DATABASE_URL=$(PG_TEST_URL) && $(PYTEST_SPLIT)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/lint-imports

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
