# Expressives — `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
ARGS ?=
LOCK_OPTIONS := --quiet --strip-extras --allow-unsafe --generate-hashes --no-emit-index-url \
	--no-emit-find-links
# One test process per core (pytest-xdist): the suite takes half the time on two cores. A
# module's tests share a process (--dist loadfile), and each process loads the demo once.
TEST_PROCESSES ?= auto

.PHONY: help
help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[1m%-10s\033[0m %s\n", $$1, $$2}'

# Installs come from the lock files (every dependency pinned with its hashes, transitive ones
# included); `make lock` writes them from pyproject.toml.
$(STAMP): requirements/dev.txt
	@python=$$(bin/find-python) || exit 1; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then \
		echo "Creating $(VENV) with $$python"; rm -rf $(VENV); "$$python" -m venv $(VENV); \
	fi
	$(PY) -m pip install --quiet --require-hashes -r requirements/dev.txt
	@touch $(STAMP)

.PHONY: install
install: $(STAMP) ## Create .venv and install the pinned dependencies

.PHONY: lock
lock: $(STAMP) ## Pin every dependency, with hashes, in requirements/dev.txt and production.txt (pip-tools)
	$(BIN)/pip-compile $(LOCK_OPTIONS) --extra dev -o requirements/dev.txt pyproject.toml
	$(BIN)/pip-compile $(LOCK_OPTIONS) --extra s3 -o requirements/production.txt pyproject.toml

.PHONY: migrate
migrate: $(STAMP) ## Apply database migrations
	$(MANAGE) migrate --noinput

# The address `make run` serves is the site's public address (SITE_URL): links, the sitemap
# and the default Wagtail Site follow it.
.PHONY: run
run: $(STAMP) ## Set up everything once, load demo content if missing, serve on http://127.0.0.1:$(PORT)/
	@SITE_URL=http://$(HOST):$(PORT) $(MANAGE) prepare_local
	@SITE_URL=http://$(HOST):$(PORT) $(MANAGE) runserver --skip-checks $(HOST):$(PORT)

.PHONY: demo
demo: migrate ## Reload the demo content into the current database
	$(MANAGE) load_demo --reset

.PHONY: test
# Modules in the order collected (not largest first), so that the browser journey, which
# waits on chromium most of the time, starts first (tests/browser/conftest.py). Bytecode is
# written even where PYTHONDONTWRITEBYTECODE is set: pytest then rewrites the test modules'
# assertions once, not in every process of every run (about 5 s a process).
test: $(STAMP) ## Run the whole test suite in TEST_PROCESSES processes (browser tests skip when chromium is missing)
	PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -n $(TEST_PROCESSES) --dist loadfile --no-loadscope-reorder $(ARGS)

.PHONY: lint
lint: $(STAMP) ## Check code style
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

.PHONY: check
check: $(STAMP) ## Lint, formatting, migrations, Django's deployment checks and the import contract
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.production ALLOWED_HOSTS=example.org \
		SITE_URL=https://example.org \
		SECRET_KEY=check-only-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(48))') \
		$(MANAGE) check --deploy --fail-level WARNING
	$(BIN)/lint-imports --no-cache

.PHONY: format
format: $(STAMP) ## Format code and fix what ruff can
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

.PHONY: bench
bench: $(STAMP) ## Benchmark every public page against a static file (SCALE=1 for volume data)
	$(PY) -m bench.run $(ARGS)

.PHONY: load
load: $(STAMP) ## Submit N candidatures and registrations through gunicorn; checks nothing is lost
	$(PY) -m bench.load $(ARGS)

.PHONY: faults
faults: $(STAMP) ## Duplicates, mail down, worker killed, database stopped: what was lost or left behind
	$(PY) -m bench.faults $(ARGS)

.PHONY: audit
audit: $(STAMP) ## Lighthouse scores of five key pages with production settings; fails below target
	$(PY) -m bench.audit $(ARGS)

.PHONY: two-servers
two-servers: $(STAMP) ## Two gunicorn servers, one PostgreSQL, one Redis: check what they share
	$(PY) -m bench.two_servers $(ARGS)

.PHONY: messages
messages: $(STAMP) ## Update and compile the French and English catalogues
	$(MANAGE) makemessages -l fr_CA -l en --ignore=.venv --ignore=staticfiles --ignore=var --ignore=tests
	$(MANAGE) compilemessages --ignore=.venv

.PHONY: clean
clean: ## Remove caches and collected static files (keeps .venv and the database)
	rm -rf staticfiles .pytest_cache .ruff_cache var
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +
