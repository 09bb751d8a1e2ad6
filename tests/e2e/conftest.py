"""Browser tests: Debian's Chromium driven by pytest-playwright, against the app in prod mode.

Fixtures here are composable: `app_url` only ensures the web app; the fixtures that bring up Kafka,
the workers and seed data live next to it and are requested by the tests that need them.
"""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from devstack import reflex_app
from services.config import get_settings

CHROMIUM = "/usr/bin/chromium"  # Playwright's own browser download cannot work here
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
]
APP_START_TIMEOUT_S = 240  # a cold first build installs the frontend packages (~10 s warm cache)
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    """The web app's base URL. Reuses a running app; stops it afterwards only if it started it here."""
    settings = get_settings()
    outcome = reflex_app.ensure(settings, timeout=APP_START_TIMEOUT_S)
    yield f"http://127.0.0.1:{settings.frontend_port}"
    if outcome == "started":
        reflex_app.stop(settings)


@pytest.fixture(scope="session")
def base_url(app_url: str) -> str:
    """pytest-playwright's base URL, so tests can `page.goto("/users")`."""
    return app_url


@pytest.fixture()
def phone_page(browser, base_url: str):
    """A page at a phone's width (390 px), for the responsive layout."""
    context = browser.new_context(base_url=base_url, viewport=PHONE, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()
