# Two commands on a fresh machine: `make run` and `make test`. Both install what is missing first.
SHELL := /bin/bash
PY    := .venv/bin/python
STAMP := .venv/.installed

.PHONY: run dev stop status test test-unit test-integration test-e2e test-faults bench install install-browser lint messages clean

# Python deps in a venv, re-installed only when a requirements file changed.
$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(PY) || python3.11 -m venv .venv || python3 -m venv .venv
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements-dev.txt
	@touch $(STAMP)

install: $(STAMP)
	$(PY) -m devstack install

# Debian's Chromium for the browser tests (Playwright cannot download its own browser here).
install-browser:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

run: install  ## start the whole stack (app in prod mode) and print the URL; Ctrl-C stops it
	$(PY) -m devstack run --seed

dev: install  ## the same, with the Reflex app in dev mode (hot reload)
	$(PY) -m devstack run --seed --mode dev

stop:  ## stop everything devstack started
	$(PY) -m devstack down

status:
	$(PY) -m devstack status

test: install install-browser lint  ## the whole suite: unit, integration (real servers), e2e (Chromium)
	$(PY) -m pytest

test-unit: $(STAMP)
	$(PY) -m pytest tests/unit

test-integration: install
	$(PY) -m pytest tests/integration

test-e2e: install install-browser
	$(PY) -m pytest tests/e2e

test-faults: install
	$(PY) -m pytest tests/faults -s

bench: install  ## benchmarks; each prints JSON
	$(PY) -m bench

lint: $(STAMP)
	.venv/bin/lint-imports

# The server's texts (services/i18n): extract the msgids from the code, merge them into each .po.
# New entries come out empty and changed ones fuzzy: translate them (tests/unit/i18n checks).
I18N := services/i18n/locale
messages: $(STAMP)  ## update services/i18n's catalogs from the code (pybabel extract + update)
	.venv/bin/pybabel extract -F babel.cfg --no-location --sort-output -w 100 --project Dreams \
	  --copyright-holder Dreams -o $(I18N)/messages.pot .
	.venv/bin/pybabel update -i $(I18N)/messages.pot -d $(I18N) -w 100 --ignore-obsolete

clean: stop
	rm -rf .devstack .web .states
