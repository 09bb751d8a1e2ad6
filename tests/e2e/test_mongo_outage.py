"""Mongo (SecantusDB) killed with SIGKILL under a logged-in traveller, in Chromium: nobody is logged
out, every page or action that needs the database says "Serviço temporariamente indisponível" within
5 s, and once Mongo is back (same data dir) the same tab works again without logging in again — the
app's AsyncMongoClient reconnects by itself.

Needs Kafka, Mongo, mail, the Stripe sandbox, the users/projector/payments workers and the app.
"""

from __future__ import annotations

import os
import re
import signal
import time

import pytest
from playwright.sync_api import Browser, Page, expect

from devstack import process
from tests.e2e.test_accounts import PASSWORD, SLOW, _field
from tests.e2e.test_checkout import _book, _logged_in_user, _open_package

pytestmark = pytest.mark.usefixtures("checkout_stack")

UNAVAILABLE = "Serviço temporariamente indisponível. Tente novamente em instantes."
WITHIN = 5_000  # ms: a dead server must not hold a page longer than this
DASHBOARD_READY = "[data-testid=dashboard][data-status=ready]"


def _kill_mongo(settings) -> None:
    pid = process.read_pid(process.pidfile(settings, "mongo"))
    assert pid is not None, "mongo is not running"
    os.killpg(pid, signal.SIGKILL)
    deadline = time.monotonic() + 15
    while process.is_alive(pid):  # WiredTiger's lock: the restart must not meet the old process
        assert time.monotonic() < deadline, "mongo did not exit after SIGKILL"
        time.sleep(0.05)


def _expect_unavailable_within(page: Page, started: float, where=None) -> None:
    expect((where or page).get_by_text(UNAVAILABLE)).to_be_visible(timeout=WITHIN)
    assert time.monotonic() - started < WITHIN / 1000


def test_mongo_down_keeps_the_traveller_logged_in_says_unavailable_and_recovers(
    page: Page, browser: Browser, mailbox, base_url: str, stack, checkout_stack
) -> None:
    email = _logged_in_user(page, mailbox, "Dora")
    _open_package(page)
    package_url = page.url
    page.goto("/dashboard")
    expect(page.locator(DASHBOARD_READY)).to_be_visible(timeout=SLOW)
    menu = page.get_by_test_id("account-menu")
    expect(menu).to_have_text(re.compile("Dora"))

    _kill_mongo(checkout_stack)
    try:
        # The same tab, reloaded: still logged in (the name in the header), no log-in page.
        started = time.monotonic()
        page.reload()
        _expect_unavailable_within(page, started, page.get_by_test_id("dashboard"))
        expect(page).to_have_url(re.compile(r"/dashboard/?$"))
        expect(menu).to_have_text(re.compile("Dora"))
        expect(page.locator("[data-testid=dashboard][data-status=unavailable]")).to_be_visible()

        # "Reservar" says so in the booking panel, in place.
        page.goto(package_url)
        expect(page.locator("[data-testid=package][data-status=ready]")).to_be_visible(timeout=SLOW)
        panel = page.get_by_test_id("booking-panel")
        started = time.monotonic()
        panel.get_by_role("button", name="Reservar este pacote").click()
        _expect_unavailable_within(page, started, panel)
        expect(page).to_have_url(package_url)
        expect(menu).to_have_text(re.compile("Dora"))

        # The other logged-in pages of this tab: their error state says so; no log-in page.
        for path, testid in (
            ("/profile", None),
            ("/purchases/p_unknown", "purchase"),
            ("/checkout/success?session_id=cs_unknown", "checkout-success"),
        ):
            started = time.monotonic()
            page.goto(path)
            _expect_unavailable_within(page, started, page.get_by_test_id(testid) if testid else None)
            expect(page).not_to_have_url(re.compile(r"/login"))
            expect(menu).to_have_text(re.compile("Dora"))

        # A fresh tab with the cookie but no earlier check: not logged in, not sent to /login either.
        fresh = page.context.new_page()
        started = time.monotonic()
        fresh.goto("/dashboard")
        _expect_unavailable_within(fresh, started, fresh.get_by_test_id("dashboard"))
        expect(fresh).to_have_url(re.compile(r"/dashboard/?$"))
        expect(fresh.get_by_test_id("account-menu")).to_have_count(0)
        fresh.close()

        # Logging in (another browser, no cookie): the password is right, the session cannot be stored.
        other = browser.new_context(base_url=base_url)
        try:
            login = other.new_page()
            login.goto("/login")
            _field(login, "E-mail").fill(email)
            _field(login, "Senha").fill(PASSWORD)
            started = time.monotonic()
            login.get_by_role("button", name="Entrar").click()
            _expect_unavailable_within(login, started)
            expect(login).to_have_url(re.compile(r"/login"))
        finally:
            other.close()
    finally:
        stack.ensure("mongo")  # later tests need it; same data dir, so the session survives

    # Back: the same tab shows the trips again without logging in again, and booking works.
    page.goto("/dashboard")
    expect(page.locator(DASHBOARD_READY)).to_be_visible(timeout=SLOW)
    expect(page).to_have_url(re.compile(r"/dashboard/?$"))
    expect(menu).to_have_text(re.compile("Dora"))
    expect(page.get_by_text(UNAVAILABLE)).to_have_count(0)
    page.goto(package_url)
    expect(page.locator("[data-testid=package][data-status=ready]")).to_be_visible(timeout=SLOW)
    _book(page)
