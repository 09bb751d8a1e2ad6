"""The seed's first flow, "List All Users": /users shows every account to staff, in either
language, with search; anonymous visitors go to the log-in page and travellers get "no access".

The `demo_users` fixture runs Kafka and the users worker with services/users/seed.py's users;
`staff_page` is a browser tab logged in as staff (tests/e2e/conftest.py).
"""

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from services.users.seed import DEMO_USERS
from tests.e2e.conftest import PHONE, log_in, set_role

pytestmark = pytest.mark.usefixtures("demo_users", "accounts_stack")

# Babel's medium dates: "1 de jan. de 2026" (pt_BR) and "Jan 1, 2026" (en).
PT_DATE = re.compile(r"^\d{1,2} de [a-zç]{3}\. de \d{4}$")
EN_DATE = re.compile(r"^[A-Z][a-z]{2} \d{1,2}, \d{4}$")


def _row(page: Page, email: str):
    return page.get_by_test_id("user-row").filter(has_text=email)


@pytest.fixture()
def page(staff_page: Page) -> Page:
    """Every test here is staff's unless it says otherwise."""
    return staff_page


def test_lists_the_seeded_users(page: Page) -> None:
    page.goto("/users")
    expect(page.get_by_role("heading", level=1)).to_have_text("Todos os usuários")
    for first, last, email in DEMO_USERS:
        row = _row(page, email)
        expect(row).to_be_visible()
        expect(row.get_by_role("rowheader")).to_have_text(re.compile(rf"{first} {last}$"))
        expect(row.get_by_role("cell").last).to_have_text(PT_DATE)
        expect(row.get_by_test_id("user-status")).to_have_text("Confirmado")
    expect(page.get_by_role("columnheader", name="Cadastro em")).to_be_visible()
    expect(page).to_have_title("Usuários · Dreams")


def test_switching_to_english_rerenders_texts_and_dates_and_persists(page: Page) -> None:
    page.goto("/users")
    first_email = DEMO_USERS[0][2]
    expect(_row(page, first_email)).to_be_visible()

    page.get_by_role("radio", name="English").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("All users")
    expect(page.get_by_role("columnheader", name="Signed up")).to_be_visible()
    expect(_row(page, first_email).get_by_test_id("user-status")).to_have_text("Confirmed")
    expect(_row(page, first_email).get_by_role("cell").last).to_have_text(EN_DATE)
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.reload()  # the choice lives in localStorage
    expect(page.get_by_role("heading", level=1)).to_have_text("All users")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("radio", name="English")).to_be_checked()


def test_home_links_staff_to_the_users_list(page: Page) -> None:
    page.goto("/")
    page.get_by_role("link", name="Ver usuários").click()
    expect(page).to_have_url(re.compile(r"/users$"))
    expect(_row(page, DEMO_USERS[0][2])).to_be_visible()


@pytest.fixture()
def phone_page(browser: Browser, base_url: str, staff_storage_state: str) -> Iterator[Page]:
    """Staff's tab at a phone's width (390 px)."""
    context = browser.new_context(
        base_url=base_url, viewport=PHONE, is_mobile=True, has_touch=True, storage_state=staff_storage_state
    )
    yield context.new_page()
    context.close()


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
        expect(page.get_by_text("O serviço de usuários está indisponível", exact=False)).to_be_visible(timeout=15_000)
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


def test_search_by_name_or_email_and_clear(page: Page) -> None:
    page.goto("/users")
    expect(_row(page, "ada@dreams.test")).to_be_visible()
    search = page.get_by_role("searchbox", name="Buscar por nome ou e-mail")
    search.fill("GRACE hop")
    search.press("Enter")
    expect(page.get_by_test_id("user-row")).to_have_count(1)
    expect(_row(page, "grace@dreams.test")).to_be_visible()
    expect(page.get_by_test_id("users-range")).to_have_text("1–1 de 1")

    search.fill("santos@dreams")
    page.get_by_role("button", name="Buscar").click()
    expect(page.get_by_test_id("user-row")).to_have_count(1)
    expect(_row(page, "santos@dreams.test")).to_be_visible()

    search.fill("ninguém-tem-isto")
    search.press("Enter")
    expect(page.get_by_role("heading", name="Ninguém encontrado")).to_be_visible()
    page.get_by_role("button", name="Limpar busca").click()
    expect(_row(page, "ada@dreams.test")).to_be_visible()


def test_unconfirmed_accounts_are_listed_as_not_confirmed(page: Page, settings) -> None:
    import uuid

    from sqlmodel import Session

    from services.users.db import make_engine
    from services.users.models import User

    email = f"pendente-{uuid.uuid4().hex[:8]}@dreams.test"
    engine = make_engine(settings.database_url)
    with Session(engine) as session:
        session.add(User(first_name="Pedro", last_name="Pendente", email=email, email_normalized=email))
        session.commit()
    engine.dispose()
    page.goto("/users")
    search = page.get_by_role("searchbox", name="Buscar por nome ou e-mail")
    search.fill(email)
    search.press("Enter")
    expect(_row(page, email).get_by_test_id("user-status")).to_have_text("Não confirmado")


def test_anonymous_visitors_go_to_the_log_in_page_and_see_no_users(browser: Browser, base_url: str) -> None:
    context = browser.new_context(base_url=base_url)
    anonymous = context.new_page()
    anonymous.goto("/users")
    expect(anonymous).to_have_url(re.compile(r"/login\?next=%2Fusers(%2F)?$"))
    expect(anonymous.get_by_role("link", name="Usuários")).to_have_count(0)  # no staff links either
    assert "ada@dreams.test" not in anonymous.content()
    context.close()


def test_a_traveller_gets_no_access_and_no_users(browser: Browser, base_url: str, traveller_email: str) -> None:
    context = browser.new_context(base_url=base_url)
    traveller = context.new_page()
    log_in(traveller, traveller_email)
    expect(traveller.get_by_role("link", name="Usuários")).to_have_count(0)
    traveller.goto("/users")
    expect(traveller.get_by_test_id("no-access")).to_be_visible()
    expect(traveller.get_by_role("heading", name="Sem acesso")).to_be_visible()
    expect(traveller.get_by_test_id("user-row")).to_have_count(0)
    expect(traveller).to_have_url(re.compile(r"/users/?$"))
    context.close()


def test_a_demoted_account_loses_the_list_at_its_next_event(browser: Browser, base_url: str, accounts_stack) -> None:
    from tests.e2e.conftest import make_account

    email = make_account(accounts_stack, "staff", tag="demoted")
    context = browser.new_context(base_url=base_url)
    tab = context.new_page()
    log_in(tab, email)
    tab.goto("/users")
    expect(_row(tab, "ada@dreams.test")).to_be_visible()
    set_role(accounts_stack, email, "traveller")
    search = tab.get_by_role("searchbox", name="Buscar por nome ou e-mail")
    search.fill("ada")
    search.press("Enter")  # the same tab, no reload: the event itself is refused
    expect(tab.get_by_test_id("no-access")).to_be_visible()
    expect(tab.get_by_test_id("user-row")).to_have_count(0)
    context.close()
