# Two commands on a fresh machine: `make demo` and `make test`. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
# The first interpreter found that is Python 3.12 or newer.
PYTHON_CANDIDATES := python3.14 python3.13 python3.12 python3 python
PYTHON := $(firstword $(foreach candidate,$(PYTHON_CANDIDATES),$(shell command -v $(candidate) >/dev/null 2>&1 && $(candidate) -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && echo $(candidate))))

DEMO_ENV := DEBUG=1
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help demo test serve lint format migrate clean

help:
	@echo "make demo    install, migrate, load demo content and serve http://$(HOST):$(PORT)"
	@echo "make test    install dev dependencies and run the whole test suite"
	@echo "make serve   run under gunicorn with production settings (see README)"
	@echo "make lint    ruff check and ruff format --check"
	@echo "make bench         every public page under wrk, cached and uncached, demo and 100k"
	@echo "make bench-load    64 connections for 60 s over a mix of pages: must give 0 errors"
	@echo "make bench-faults  PostgreSQL restarted under load: errors only while it is down"

$(BIN)/python:
	@if [ -z "$(PYTHON)" ]; then \
		echo "Python 3.12 or newer is required, and none was found on PATH" \
		     "(tried: $(PYTHON_CANDIDATES)). Install it, e.g. from python.org or with pyenv," \
		     "then run make again." >&2; \
		exit 1; \
	fi
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	$(DEMO_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEMO_ENV) $(BIN)/python manage.py load_demo
	$(DEMO_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

# The browser tests (tests/browser) need Debian's Chromium at $(CHROMIUM); without it they are
# skipped, and said so. REQUIRE_BROWSER=1 (CI) turns that skip into a failure.
CHROMIUM := /usr/bin/chromium
# The suite runs in one process per core (pytest-xdist, a dev dependency): on two cores that
# takes some 40% off its time. Each process has test databases of its own. TEST_WORKERS=0 runs
# it in this one process, e.g. under a debugger; PYTEST_ARGS picks tests or adds options.
TEST_WORKERS ?= auto

test: $(VENV)/.installed-dev
	@if [ -x $(CHROMIUM) ]; then \
		echo "Browser tests: run with Chromium at $(CHROMIUM)."; \
	elif [ "$${REQUIRE_BROWSER:-}" = 1 ]; then \
		echo "Browser tests: Chromium not found at $(CHROMIUM) and REQUIRE_BROWSER=1: they will fail." >&2; \
	else \
		echo "Browser tests SKIPPED: Chromium not found at $(CHROMIUM);" \
		     "apt-get install chromium to run them."; \
	fi
	$(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)
	@if [ ! -x $(CHROMIUM) ] && [ "$${REQUIRE_BROWSER:-}" != 1 ]; then \
		echo "Browser tests SKIPPED: Chromium not found at $(CHROMIUM);" \
		     "apt-get install chromium to run them."; \
	fi

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

serve: $(VENV)/.installed
	$(BIN)/python manage.py collectstatic --noinput
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/gunicorn config.wsgi:application --bind $(HOST):$(PORT) \
		--workers $${WEB_CONCURRENCY:-3} --access-logfile - --forwarded-allow-ips="$${FORWARDED_ALLOW_IPS:-127.0.0.1}"

clean:
	rm -rf $(VENV) staticfiles .ruff_cache .hypothesis test-artifacts

# Benchmarks (tests/bench/, README "Performance"). BENCH_DATASETS picks the datasets,
# BENCH_SECONDS the seconds per page; the bulk dataset is BENCH_DATABASE_URL on PostgreSQL.
BENCH_DATASETS ?= demo bulk

.PHONY: bench bench-load bench-faults bench-wrk

# Debian's wrk, installed when missing (as root, as on the development machines and CI).
bench-wrk:
	@command -v wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk; }

bench: $(VENV)/.installed bench-wrk
	BENCH_DATASETS="$(BENCH_DATASETS)" $(BIN)/python -m tests.bench.run

bench-load: $(VENV)/.installed bench-wrk
	$(BIN)/python -m tests.bench.run --load

bench-faults: $(VENV)/.installed bench-wrk
	$(BIN)/python -m tests.bench.run --faults
