# Two commands on a fresh machine: `make run` and `make test`. Both install what is missing first.
SHELL := /bin/bash
PY    := .venv/bin/python
STAMP := .venv/.installed

.PHONY: run dev stop status test test-unit test-integration test-e2e test-faults bench install install-browser install-compose install-web-tier lint constraints messages clean

# Python deps in a venv, re-installed only when a requirements file or the constraints changed.
# constraints.txt pins the whole transitive set (`make constraints` regenerates it), so two
# machines installing the same commit get the same packages.
REQUIREMENTS := requirements.txt requirements-dev.txt requirements-devstack.txt constraints.txt
$(STAMP): $(REQUIREMENTS)
	@test -x $(PY) || python3.11 -m venv .venv || python3 -m venv .venv
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements-dev.txt -c constraints.txt
	@touch $(STAMP)

# After changing a pin in a requirements file: install it (`make install`), then freeze the venv.
constraints:  ## regenerate constraints.txt from the venv (pip freeze)
	@test -x $(PY) || { echo "no venv yet: run make install first"; exit 1; }
	@{ echo "# The full transitive set, frozen from the venv by \`make constraints\` (pip freeze). Used by"; \
	   echo "# every install: pip install -r requirements-dev.txt -c constraints.txt. Do not edit by hand."; \
	   $(PY) -m pip freeze --exclude-editable; } > constraints.txt.new && mv constraints.txt.new constraints.txt
	@touch $(STAMP)

install: $(STAMP) install-web-tier
	$(PY) -m devstack install

# Debian's redis-server (Reflex's state manager) and haproxy (in front of several backends).
# devstack runs its own redis-server and haproxy processes; a system redis the package may start
# on 6379 is left alone (devstack's is on REDIS_PORT, 6380).
install-web-tier:
	@command -v redis-server >/dev/null && { command -v haproxy >/dev/null || test -x /usr/sbin/haproxy; } || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server haproxy; }

# Debian's Chromium for the browser tests (Playwright cannot download its own browser here).
install-browser:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# Debian's docker-compose (1.29): tests/integration/devstack/test_compose.py validates
# docker-compose.yml with `docker-compose config`, which needs no Docker engine.
install-compose:
	@command -v docker-compose >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose; }

run: install  ## start the whole stack (app in prod mode) and print the URL; Ctrl-C stops it
	$(PY) -m devstack run --seed

dev: install  ## the same, with the Reflex app in dev mode (hot reload)
	$(PY) -m devstack run --seed --mode dev

stop:  ## stop everything devstack started
	$(PY) -m devstack down

status:
	$(PY) -m devstack status

test: install install-browser install-compose lint  ## the whole suite: unit, integration (real servers), e2e (Chromium)
	$(PY) -m pytest

test-unit: $(STAMP)
	$(PY) -m pytest tests/unit

test-integration: install install-compose
	$(PY) -m pytest tests/integration

test-e2e: install install-browser
	$(PY) -m pytest tests/e2e

test-faults: install
	$(PY) -m pytest tests/faults -s

bench: install  ## benchmarks; each prints JSON
	$(PY) -m bench

lint: $(STAMP)  ## import contracts, ruff's lint rules and format check (pyproject.toml)
	.venv/bin/lint-imports
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

# The server's texts (services/i18n): extract the msgids from the code, merge them into each .po.
# New entries come out empty and changed ones fuzzy: translate them (tests/unit/i18n checks).
I18N := services/i18n/locale
messages: $(STAMP)  ## update services/i18n's catalogs from the code (pybabel extract + update)
	.venv/bin/pybabel extract -F babel.cfg --no-location --sort-output -w 100 --project Dreams \
	  --copyright-holder Dreams -o $(I18N)/messages.pot .
	.venv/bin/pybabel update -i $(I18N)/messages.pot -d $(I18N) -w 100 --ignore-obsolete

clean: stop
	rm -rf .devstack .web .states
