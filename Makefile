# Study Lab: `make run` starts the app, `make test` runs every check.
# Both set everything up on a fresh machine first (virtual environment,
# pinned requirements and, for the tests, Debian's Chromium and PostgreSQL).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
# The accessibility tests inject this exact axe-core (tests/serving.py names the same version).
AXE_VERSION := 4.14.1
AXE_STAMP := build/.axe-core-$(AXE_VERSION)

.PHONY: run test check lint bench cluster setup setup-dev browser postgres nginx axe clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-postgres.txt requirements-dev.txt $(VENV)/.runtime
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.runtime

setup-dev: $(VENV)/.dev browser postgres nginx axe

# Debian's Chromium drives the browser tests; Playwright's own download cannot run here.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

# Debian's PostgreSQL server binaries: the tests start a throwaway cluster of their own
# (initdb into a temp folder, a free loopback port; tests/postgres.py), so the package's
# default cluster is not created.
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO mkdir -p /etc/postgresql-common/createcluster.d; \
	  echo "create_main_cluster = false" | $$SUDO tee /etc/postgresql-common/createcluster.d/studylab.conf >/dev/null; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq postgresql >/dev/null; }

# Debian's nginx runs in front of the app servers in `make cluster` and its browser test, in the
# foreground with a configuration written into a temp folder; the package's own service is not
# used, so the install is told not to start it (policy-rc.d exit 101, removed again if we made it).
nginx:
	@command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  MADE=; [ -e /usr/sbin/policy-rc.d ] || { printf '#!/bin/sh\nexit 101\n' | $$SUDO tee /usr/sbin/policy-rc.d >/dev/null; \
	    $$SUDO chmod +x /usr/sbin/policy-rc.d; MADE=1; }; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq nginx >/dev/null; STATUS=$$?; \
	  [ -z "$$MADE" ] || $$SUDO rm -f /usr/sbin/policy-rc.d; exit $$STATUS; }

# axe-core from npm, kept in the git-ignored build/ folder.
axe: $(AXE_STAMP)

$(AXE_STAMP):
	@command -v npm >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq npm >/dev/null; }
	mkdir -p build
	npm install --no-save --no-audit --no-fund --loglevel=error --prefix build axe-core@$(AXE_VERSION)
	touch $@

run: setup
	$(BIN)/streamlit run app.py --server.port $(PORT)

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-logo

check: setup
	$(BIN)/python -m studylab check

test: setup-dev lint check
	$(BIN)/python -m pytest

bench: setup-dev
	$(BIN)/python -m tools.bench

# PostgreSQL, two app servers and nginx on loopback (deploy/README.md); Ctrl-C stops them all.
cluster: setup-dev
	$(BIN)/python -m tools.cluster

clean:
	rm -rf $(VENV) build .pytest_cache .ruff_cache .mypy_cache .hypothesis
