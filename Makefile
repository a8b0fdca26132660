# opbouw: the two commands a newcomer needs are `make demo` and `make test`.
# CI runs `make test` through .ci/run. See docs/operations.md.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
# The steps of `make test` must run one after the other, in the order listed.
.NOTPARALLEL:

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python

# Extra arguments for both pytest runs, e.g. `make test-sqlite PYTEST_ARGS='-k journal -x'`.
PYTEST_ARGS ?=
BENCH_CMD ?= $(PY) benchmarks/run.py

DEMO_ENV := DJANGO_SETTINGS_MODULE=config.settings.dev
TEST_ENV := DJANGO_SETTINGS_MODULE=config.settings.test

# Installation stamps: pip runs again only when pyproject.toml is newer than the stamp.
STAMP := $(VENV)/.opbouw-installed
STAMP_TEST := $(VENV)/.opbouw-installed-test
STAMP_BENCH := $(VENV)/.opbouw-installed-bench

# compilemessages walks the whole tree looking for locale/ directories; keep it out of
# the virtualenv (Django's own catalogues) and the npm tree.
COMPILEMESSAGES_IGNORE := --ignore=.venv --ignore=.git --ignore=node_modules --ignore=var

.PHONY: help demo test deps test-deps chromium compile-messages messages lint typecheck \
	imports test-sqlite test-postgres bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

# --- environment -------------------------------------------------------------------

$(PY):
	$(PYTHON) -m venv $(VENV)

# After installing the test and bench extras, deduce's lookup structures are built once
# (1-3 minutes), so that no test waits for them (manage.py deduce_cache; a no-op when built).
# The demo does not wait: its server builds them in the background (config/wsgi.py).
DEDUCE_CACHE := $(DEMO_ENV) $(PY) manage.py deduce_cache

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -e .
	touch $@

# The test extras include the base install, so they satisfy $(STAMP) as well.
$(STAMP_TEST): pyproject.toml | $(PY)
	$(PY) -m pip install -e '.[test]'
	$(DEDUCE_CACHE)
	touch $(STAMP) $@

$(STAMP_BENCH): pyproject.toml | $(PY)
	$(PY) -m pip install -e '.[bench]'
	$(DEDUCE_CACHE)
	touch $(STAMP) $@

deps: $(STAMP) ## create .venv and install opbouw

test-deps: $(STAMP_TEST) ## create .venv and install opbouw with its test tools

var:
	mkdir -p var

chromium: ## make sure /usr/bin/chromium exists (installs it when root)
	scripts/ensure_chromium.sh

# --- translations ------------------------------------------------------------------

compile-messages: $(STAMP) ## compile the .po catalogues into .mo files
	$(DEMO_ENV) $(PY) manage.py compilemessages $(COMPILEMESSAGES_IGNORE)

# makemessages runs from the top, so config/ (navigation, language names) is scanned too;
# LOCALE_PATHS sends every string to opbouw/locale. No djangojs domain: app.js takes its
# texts from data-* attributes that the templates render. translate_check.py then lists
# what the English catalogue still lacks (tests/core/test_translations.py fails on it).
messages: $(STAMP) ## update the nl and en .po files from the source, then compile them
	$(TEST_ENV) $(PY) manage.py makemessages -l nl -l en --no-obsolete \
		--ignore=opbouw/static/vendor --ignore=frontend --ignore=var --ignore=tests \
		--ignore=benchmarks --ignore=docs --ignore=scripts --ignore=build --ignore='*.egg-info'
	$(MAKE) compile-messages
	$(PY) scripts/translate_check.py || true

# --- demo --------------------------------------------------------------------------

demo: $(STAMP) compile-messages | var ## run the demo neighbourhood on http://127.0.0.1:8000
	$(DEMO_ENV) $(PY) manage.py migrate --noinput
	$(DEMO_ENV) $(PY) manage.py seed_demo --seed 1 --scale small
	$(DEMO_ENV) $(PY) manage.py runserver 127.0.0.1:8000

# --- checks ------------------------------------------------------------------------

test: test-deps chromium compile-messages lint typecheck imports test-sqlite test-postgres ## all checks, as CI runs them
	@echo "make test: all checks passed"

lint: $(STAMP_TEST) ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP_TEST) ## mypy
	$(TEST_ENV) $(BIN)/mypy opbouw config

imports: $(STAMP_TEST) ## import-linter: the layering contracts in pyproject.toml
	$(BIN)/lint-imports

test-sqlite: $(STAMP_TEST) chromium compile-messages ## pytest on SQLite
	env -u DATABASE_URL $(TEST_ENV) $(BIN)/pytest $(PYTEST_ARGS)

test-postgres: $(STAMP_TEST) chromium compile-messages ## pytest on a throwaway PostgreSQL
	$(TEST_ENV) $(PY) scripts/throwaway_postgres.py -- $(BIN)/pytest $(PYTEST_ARGS)

bench: $(STAMP_BENCH) ## run the benchmarks
	$(TEST_ENV) $(BENCH_CMD)

# --- housekeeping ------------------------------------------------------------------

clean: ## remove caches, compiled catalogues and var/ (the demo database); keeps .venv
	rm -rf var build .mypy_cache .ruff_cache .pytest_cache .hypothesis
	find . \( -path ./.venv -o -path ./.git -o -path ./frontend/node_modules \) -prune -o \
		\( -name __pycache__ -o -name '*.py[co]' \) -exec rm -rf {} +
	find opbouw -name '*.mo' -exec rm -f {} +
