# NPS Portal. `make run` serves the portal; `make test` passes the whole suite, on SQLite and PostgreSQL.
SHELL := /bin/bash
PYTHON ?= python3.11
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
PYTEST_ARGS ?=

# Production-like settings for tests and checks: DEBUG off, a throwaway secret, no HTTPS redirect
# (the test client and the live server speak plain HTTP).
TEST_ENV := DEBUG=false SECRET_KEY=test-only-not-secret SECURE_SSL_REDIRECT=false \
	ALLOWED_HOSTS=testserver,localhost,127.0.0.1 \
	STATICFILES_BACKEND=django.contrib.staticfiles.storage.StaticFilesStorage \
	DJANGO_ALLOW_ASYNC_UNSAFE=true
DEPLOY_ENV := DEBUG=false SECRET_KEY=$$(head -c 48 /dev/urandom | base64) \
	ALLOWED_HOSTS=nps-portal.example.org CSRF_TRUSTED_ORIGINS=https://nps-portal.example.org

.PHONY: run test setup system-deps system-deps-test lint test-sqlite test-postgres pytest css clean \
	bench load

run: setup
	DEBUG=true $(MANAGE) migrate --no-input
	DEBUG=true $(MANAGE) load_reference_data
	DEBUG=true $(MANAGE) seed_demo
	@echo "NPS Portal on http://127.0.0.1:$(PORT)/ – demo accounts are listed in README.md"
	@echo "A background worker runs beside it (emails print here; reports are laid out by it)."
	DEBUG=true $(MANAGE) db_worker --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=true $(MANAGE) runserver 127.0.0.1:$(PORT)

setup: system-deps $(VENV)/.installed node_modules/.installed static/build/app.css \
	static/build/govuk-frontend.min.js

system-deps:
	@.ci/system-deps.sh run

system-deps-test:
	@.ci/system-deps.sh test

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/build/app.css: static/scss/app.scss node_modules/.installed
	npm run --silent build:css

static/build/govuk-frontend.min.js: node_modules/.installed
	npm run --silent build:js

css: static/build/app.css

test: setup system-deps-test lint test-sqlite test-postgres

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/bandit --configfile pyproject.toml --recursive --quiet .
	DEBUG=true $(MANAGE) makemigrations --check --dry-run
	$(DEPLOY_ENV) $(MANAGE) check --deploy --fail-level WARNING

test-sqlite: setup
	@echo "== Test suite on SQLite =="
	$(TEST_ENV) $(VENV)/bin/pytest $(PYTEST_ARGS)

test-postgres: setup system-deps-test
	@echo "== Test suite on PostgreSQL =="
	$(TEST_ENV) .ci/with-postgres.sh $(VENV)/bin/pytest $(PYTEST_ARGS)

# Benchmarks on a synthetic national dataset, in throwaway databases; not part of `make test`.
# Prints a table per database and records it in docs/benchmarks.md. BENCH_ARGS="--councils 50".
BENCH_ARGS ?=
bench: setup
	@echo "== Benchmarks on SQLite =="
	$(TEST_ENV) $(PY) tests/bench/run_benchmarks.py $(BENCH_ARGS)
	@echo "== Benchmarks on PostgreSQL =="
	@if ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then \
		$(TEST_ENV) .ci/with-postgres.sh $(PY) tests/bench/run_benchmarks.py $(BENCH_ARGS); \
	else echo "PostgreSQL is not installed here: skipped."; fi

# Deadline day under Locust: gunicorn on a throwaway PostgreSQL. By default the crowd grows in steps
# until p95 passes 500 ms or errors pass 0.1%, and one step beyond; the capacity goes into
# docs/benchmarks.md. LOAD_USERS=400 runs a fixed crowd on one then two app servers instead. Either
# way it checks that nothing confirmed was lost or half-saved. Not part of `make test` (see .ci/load.sh).
load: setup system-deps-test
	.ci/load.sh

# Quick runs while developing: make pytest PYTEST_ARGS="tests/npsportal -x"
pytest: setup
	$(TEST_ENV) $(VENV)/bin/pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) node_modules static/build staticfiles db.sqlite3 db.sqlite3-wal db.sqlite3-shm
