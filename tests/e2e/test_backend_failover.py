"""Several web backends (issue 13), in Chromium: log in, search, then SIGKILL exactly the backend
whose websocket serves the tab. The page reconnects through haproxy to another backend and the
traveller is still logged in, with the search still on screen, and the next event (a sort) is
handled there from the state in Redis.

Which backend serves the tab: haproxy logs every websocket as it opens (devstack/load_balancer.py:
`<client> <server> <status> "<request>"`); the test's tab is the only browser open, so the last
`/_event` line since the test began names it. Server webN is devstack's app-webN.pid.

Needs Kafka, Mongo, mail, the users worker, the projector, Redis and the app with WEB_BACKENDS >= 2
(tests/test.env sets 2).
"""

from __future__ import annotations

import os
import re
import signal
import time

import psutil
import pytest
from playwright.sync_api import Page, expect

from devstack import load_balancer, process, reflex_app
from services.config import Settings
from tests.e2e.test_accounts import SLOW
from tests.e2e.test_checkout import _logged_in_user
from tests.e2e.test_packages import READY, _search

# A backend restart rebuilds the frontend: minutes on a loaded 2-core box, on top of the stack's start.
pytestmark = [pytest.mark.usefixtures("accounts_stack"), pytest.mark.timeout(900)]

WEBSOCKET = re.compile(r"^\S+ (web\d+) 101 \"GET /_event/\S*transport=websocket")


def _websocket_servers(settings: Settings, since: int) -> list[str]:
    """The servers of the websockets haproxy opened after byte `since` of its log, in order."""
    with open(load_balancer.log_path(settings), "rb") as log:
        log.seek(since)
        lines = log.read().decode(errors="replace").splitlines()
    return [m.group(1) for line in lines if (m := WEBSOCKET.match(line))]


def _log_size(settings: Settings) -> int:
    return load_balancer.log_path(settings).stat().st_size


def _eventually(what: str, probe, timeout: float):
    deadline = time.monotonic() + timeout
    while not (value := probe()):
        assert time.monotonic() < deadline, f"{what} not after {timeout:.0f}s"
        time.sleep(0.1)
    return value


def test_each_backend_is_one_process_listening_on_its_port(accounts_stack: Settings) -> None:
    """No supervisor and forked worker pair (issue 15's memory): the pidfile's process itself serves."""
    settings = accounts_stack
    pids = reflex_app.backend_pids(settings)
    for (name, pid), port in zip(pids.items(), settings.backend_ports, strict=True):
        assert pid is not None, f"{name} is not running"
        backend = psutil.Process(pid)
        assert backend.children(recursive=True) == [], f"{name} has child processes"
        listening = {c.laddr.port for c in backend.net_connections("tcp") if c.status == psutil.CONN_LISTEN}
        assert port in listening, (name, port, listening)


def test_the_tab_survives_sigkill_of_its_backend(page: Page, mailbox, stack, accounts_stack: Settings) -> None:
    settings = accounts_stack
    if settings.web_backends < 2:
        pytest.skip("needs WEB_BACKENDS >= 2")
    began = _log_size(settings)
    _logged_in_user(page, mailbox, "Vera")
    _search(page, "GRU", "LIS", adults=2)
    cards = page.get_by_test_id("package-card")
    shown = cards.count()
    assert shown > 3
    first_card = cards.first.get_attribute("data-package-id")

    serving = _websocket_servers(settings, began)[-1]
    pid = reflex_app.backend_pids(settings)[serving]
    assert pid is not None, f"{serving} has no running backend"
    others = {name for name, p in reflex_app.backend_pids(settings).items() if p and name != serving}
    assert others, "no other backend to fail over to"

    after_kill = _log_size(settings)
    os.killpg(pid, signal.SIGKILL)  # that backend only (one process, devstack/web_backend.py)
    try:
        _eventually("the backend gone", lambda: not process.is_alive(pid), 10)
        # The socket.io client reconnects by itself; haproxy sends it to a live backend.
        reconnected = _eventually("a reconnect", lambda: _websocket_servers(settings, after_kill), 30)
        assert reconnected[-1] in others, (serving, reconnected)

        # Still logged in, the search still on screen, no page load in between.
        expect(page.get_by_test_id("account-menu")).to_have_text(re.compile("Vera"), timeout=SLOW)
        expect(page.locator(READY)).to_be_visible()
        expect(cards).to_have_count(shown)
        assert cards.first.get_attribute("data-package-id") == first_card

        # The next event runs on the other backend from the tab's state in Redis.
        page.get_by_label("Ordenar por").select_option("stars")
        expect(page).to_have_url(re.compile(r"sort=stars"))
        expect(page.locator(READY)).to_be_visible(timeout=SLOW)
        expect(cards).to_have_count(shown)
        expect(page.get_by_test_id("account-menu")).to_have_text(re.compile("Vera"))
        assert not process.is_alive(pid)  # nothing restarted the killed backend meanwhile
    finally:
        stack.ensure("app")  # the killed backend comes back on its port for later tests
