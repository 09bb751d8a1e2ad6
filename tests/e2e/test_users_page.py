"""The seed's first flow, "List All Users": /users shows the seeded users, in either language.

The `demo_users` fixture runs Kafka and the users worker with services/users/seed.py's users.
"""
import re

import pytest
from playwright.sync_api import Page, expect

from services.users.seed import DEMO_USERS

pytestmark = pytest.mark.usefixtures("demo_users")

# Babel's medium dates: "1 de jan. de 2026" (pt_BR) and "Jan 1, 2026" (en).
PT_DATE = re.compile(r"^\d{1,2} de [a-zç]{3}\. de \d{4}$")
EN_DATE = re.compile(r"^[A-Z][a-z]{2} \d{1,2}, \d{4}$")


def _row(page: Page, email: str):
    return page.get_by_test_id("user-row").filter(has_text=email)


def test_lists_the_seeded_users(page: Page) -> None:
    page.goto("/users")
    expect(page.get_by_role("heading", level=1)).to_have_text("Todos os usuários")
    for first, last, email in DEMO_USERS:
        row = _row(page, email)
        expect(row).to_be_visible()
        expect(row.get_by_role("rowheader")).to_have_text(re.compile(rf"{first} {last}$"))
        expect(row.get_by_role("cell").last).to_have_text(PT_DATE)
    expect(page).to_have_title("Usuários · Dreams")


def test_switching_to_english_rerenders_texts_and_dates_and_persists(page: Page) -> None:
    page.goto("/users")
    first_email = DEMO_USERS[0][2]
    expect(_row(page, first_email)).to_be_visible()

    page.get_by_role("radio", name="English").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("All users")
    expect(page.get_by_role("columnheader", name="Member since")).to_be_visible()
    expect(_row(page, first_email).get_by_role("cell").last).to_have_text(EN_DATE)
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.reload()  # the choice lives in localStorage
    expect(page.get_by_role("heading", level=1)).to_have_text("All users")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("radio", name="English")).to_be_checked()


def test_home_links_to_the_users_list(page: Page) -> None:
    page.goto("/")
    page.get_by_role("link", name="Ver usuários").click()
    expect(page).to_have_url(re.compile(r"/users$"))
    expect(_row(page, DEMO_USERS[0][2])).to_be_visible()


def test_phone_width_shows_cards_not_a_table(phone_page: Page) -> None:
    phone_page.goto("/users")
    cards = phone_page.get_by_test_id("user-card")
    expect(cards.filter(has_text=DEMO_USERS[0][2])).to_be_visible()
    expect(phone_page.get_by_role("table")).to_be_hidden()
    # Nothing wider than the screen: no sideways scrolling on a phone.
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390


def test_keyboard_skip_link_moves_focus_to_the_content(page: Page) -> None:
    page.goto("/users")
    expect(_row(page, DEMO_USERS[0][2])).to_be_visible()
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Pular para o conteúdo")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_extra_http_routes_are_served_next_to_the_app(page: Page) -> None:
    response = page.request.get("/api/health")
    assert response.status == 200
    assert response.json() == {"status": "ok"}


def test_worker_down_shows_unavailable_within_seconds_and_retry_recovers(page: Page, stack) -> None:
    """The users worker stopped: the page says so within the request timeout, never hangs."""
    import time

    from devstack.workers import users as users_worker

    users_worker.stop(stack.settings)
    try:
        started = time.monotonic()
        page.goto("/users")
        expect(page.get_by_text("O serviço de usuários está indisponível", exact=False)).to_be_visible(
            timeout=15_000)
        assert time.monotonic() - started < stack.settings.kafka_request_timeout_s + 5
        expect(page.get_by_test_id("user-row")).to_have_count(0)
    finally:
        users_worker.ensure(stack.settings)
    page.get_by_role("button", name="Tentar de novo").click()
    expect(_row(page, DEMO_USERS[0][2])).to_be_visible(timeout=15_000)


def test_long_lists_are_paged(page: Page, settings) -> None:
    """More users than fit a page: 50 at a time, with a range and next/previous."""
    from services.users.db import make_engine
    from services.users.seed import seed

    engine = make_engine(settings.database_url)
    seed(engine, 60)  # the 5 demo users + generated ones (idempotent)
    engine.dispose()

    page.goto("/users")
    expect(page.get_by_test_id("user-row")).to_have_count(50)
    expect(page.get_by_test_id("users-range")).to_have_text(re.compile(r"^1–50 de \d+$"))
    previous = page.get_by_role("button", name="Anteriores")
    expect(previous).to_be_disabled()
    page.get_by_role("button", name="Próximos").click()
    expect(page.get_by_test_id("users-range")).to_have_text(re.compile(r"^51–\d+ de \d+$"))
    expect(_row(page, "traveller0054@dreams.test")).to_be_visible()
    expect(_row(page, DEMO_USERS[0][2])).to_have_count(0)
    previous.click()
    expect(_row(page, DEMO_USERS[0][2])).to_be_visible()
