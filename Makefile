# Corporate Parenting: `make run` to try it, `make test` to check it. `make help` lists the rest.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: help run test serve migrate demo lint format migrations-check pytest browsers lock assets bench bench-throughput clean

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

$(VENV)/.python:
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is needed, found " + sys.version' 
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	@touch $@

$(VENV)/.base: requirements/base.txt $(VENV)/.python
	$(VENV)/bin/pip install --quiet --require-hashes -r requirements/base.txt
	@touch $@

$(VENV)/.dev: requirements/dev.txt $(VENV)/.python
	$(VENV)/bin/pip install --quiet --require-hashes -r requirements/dev.txt
	@touch $@ $(VENV)/.base

run: $(VENV)/.base migrate demo serve ## Set up, load the demo council and serve on http://127.0.0.1:8000

migrate: $(VENV)/.base
	$(PY) manage.py migrate --noinput

demo: $(VENV)/.base ## Load (or refresh) the demo council and its users
	$(PY) manage.py load_demo --with-pdfs

serve: $(VENV)/.base
	@echo "Serving on http://$(HOST):$(PORT)/ (tasks run in-process unless REDIS_URL is set; Ctrl-C stops)"
	$(PY) manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.dev browsers lint migrations-check pytest ## Set up and run every check and test, browser tests included

# Debian's Chromium for Playwright, and docker-compose to validate the compose file. Installed
# when missing and we are root; otherwise the tests that need them fail and say so.
browsers:
	@missing=""; command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v docker-compose >/dev/null || missing="$$missing docker-compose"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing$$missing from Debian's packages"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Missing:$$missing (install them with apt-get: the tests that need them will fail)"; fi; \
	fi

lint: $(VENV)/.dev ## ruff check and ruff format --check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.dev ## Fix what ruff can
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: $(VENV)/.dev ## Fail if a model change has no migration
	$(PY) manage.py makemigrations --check --dry-run

pytest: $(VENV)/.dev
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lock: $(VENV)/.python ## Re-pin requirements/*.txt from pyproject.toml (needs uv, installed into the venv)
	$(VENV)/bin/pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --python-version 3.11 --generate-hashes -o requirements/base.txt
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes -o requirements/dev.txt

assets: ## Rebuild static/css and static/vendor from frontend/ (needs npm)
	cd frontend && npm ci && npm run build

bench: $(VENV)/.dev ## Run the benchmarks in bench/ and print their figures
	$(PY) bench/requests.py
	$(PY) bench/packs.py
	$(PY) bench/charts.py
	$(PY) bench/indicator_page.py
	$(PY) bench/figures_import.py
	$(PY) bench/suppression.py
	$(PY) bench/guard.py

bench-throughput: $(VENV)/.dev ## Pledge pages under gunicorn on PostgreSQL and Redis, as a ratio to /health/
	$(PY) bench/pledges_throughput.py

clean: ## Remove the environment and the local database
	rm -rf $(VENV) db.sqlite3 staticfiles
