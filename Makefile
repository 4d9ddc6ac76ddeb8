# Permanence — the two sacred commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
PYTEST_WORKERS ?= 2
# Settings used for `check --deploy`: production values, throwaway secrets.
PROD_ENV := DEBUG=0 PERMANENCE_DEMO=0 ALLOWED_HOSTS=permanence.example.org \
	SECRET_KEY=check-deploy-$$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9') \
	PERMANENCE_DATA_KEYS=k1:$$($(PY) -c 'from permanence.core.lib.crypto import generate_key_text as g; print(g())') \
	PERMANENCE_INDEX_KEY=$$($(PY) -c 'from permanence.core.lib.crypto import generate_key_text as g; print(g())')

.PHONY: help run test lint test-sqlite test-postgres test-browser bench demo migrate \
	install install-dev messages clean

help:
	@echo "make run    demo server with demo data on http://127.0.0.1:8000 (and the task worker)"
	@echo "make test   everything: lint, migrations, deploy checks, SQLite, PostgreSQL, browser"
	@echo "make bench  performance figures (see docs/performance.md)"
	@echo "make messages  extract and compile translations"

$(VENV)/.runtime: requirements.lock
	@test -x $(PY) || "$$(scripts/find-python.sh)" -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.lock
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	@touch $@

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

migrate: install
	@mkdir -p var
	PERMANENCE_DEMO=1 $(PY) manage.py migrate --noinput -v0

demo: migrate
	PERMANENCE_DEMO=1 $(PY) manage.py demo

run: demo
	PY=$(PY) scripts/run-demo.sh

lint: install-dev
	@mkdir -p var
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(PROD_ENV) $(PY) manage.py check --deploy --fail-level WARNING

test-sqlite: install-dev
	$(PY) -m pytest -n $(PYTEST_WORKERS) -q

test-postgres: install-dev
	scripts/with-postgres.sh $(PY) -m pytest -n $(PYTEST_WORKERS) -q

test-browser: install-dev
	$(PY) -m pytest -m browser -q tests/browser

test: install-dev
	scripts/install-test-deps.sh
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres
	$(MAKE) --no-print-directory test-browser

bench: install-dev
	scripts/install-test-deps.sh
	$(PY) bench/run.py

messages: install-dev
	$(PY) manage.py makemessages --all --no-obsolete --ignore=.venv --ignore=node_modules --ignore=var
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf var/static .pytest_cache
