"""Browser tests: Debian's Chromium driven by pytest-playwright, against the app in prod mode.

Fixtures compose over the session `stack` (tests/conftest.py): `app_url` ensures only the web app;
`demo_users` brings up Kafka and the users worker with the seed's users. A test asks for what it needs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from services.config import Settings
from tests.e2e import axe

CHROMIUM = "/usr/bin/chromium"  # Playwright's own browser download cannot work here
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def app_url(stack) -> str:
    """The web app (prod mode, one port). Reused if running; stopped at the end only if started here."""
    settings: Settings = stack.ensure("redis", "app")  # Redis: Reflex's state manager
    return f"http://127.0.0.1:{settings.frontend_port}"


@pytest.fixture(scope="session")
def base_url(app_url: str) -> str:
    """pytest-playwright's base URL, so tests can `page.goto("/users")`."""
    return app_url


@pytest.fixture(scope="session")
def demo_users(stack) -> list[tuple[str, str, str]]:
    """Kafka and the users worker running, with services/users/seed.py's demo users in its database."""
    from services.users.db import make_engine, migrate
    from services.users.seed import DEMO_USERS, seed

    settings: Settings = stack.ensure("kafka", "users-worker")
    engine = make_engine(settings.database_url)
    migrate(engine)
    seed(engine)
    engine.dispose()
    return DEMO_USERS


@pytest.fixture()
def phone_page(browser: Browser, base_url: str) -> Iterator[Page]:
    """A page at a phone's width (390 px), for the responsive layout."""
    context = browser.new_context(base_url=base_url, viewport=PHONE, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def forget_throttles(settings: Settings) -> None:
    """Every browser here is 127.0.0.1, and the test stack's users database outlives a run: start
    each run with no throttle counts (the default limits then hold for one run's sign-ups)."""
    from sqlalchemy import delete
    from sqlmodel import Session

    from services.throttle.store import ThrottleRow
    from services.users.db import make_engine, migrate

    engine = make_engine(settings.database_url)
    migrate(engine)
    with Session(engine) as session:
        session.execute(delete(ThrottleRow))
        session.commit()
    engine.dispose()


@pytest.fixture(autouse=True)
def _no_throttle_counts_from_earlier_tests(request: pytest.FixtureRequest) -> None:
    """Every browser here is 127.0.0.1: without this, the suite's sign-ups add up to the per-client
    limit and a later test meets "Muitas tentativas". Each test starts with no counts (a test that
    checks a throttle makes its attempts within itself)."""
    if "accounts_stack" in request.fixturenames or "checkout_stack" in request.fixturenames:
        forget_throttles(request.getfixturevalue("settings"))


@pytest.fixture(scope="session")
def accounts_stack(stack) -> Settings:
    """What sign-up and log-in need: Kafka, Mongo (sessions), the mail server, the users worker,
    the projector and the app."""
    settings = stack.ensure("kafka", "mongo", "mail", "users-worker", "projector-worker", "redis", "app")
    forget_throttles(settings)
    return settings


@pytest.fixture(scope="session")
def mailbox(accounts_stack: Settings):
    """The local mail server's inbox (devstack.mailserver), where confirmation e-mails land."""
    from devstack.mailserver.client import Mailbox

    with Mailbox(accounts_stack.sendgrid_host) as box:
        yield box


@pytest.fixture(scope="session")
def checkout_stack(stack) -> Settings:
    """What booking and paying need: accounts (Kafka, Mongo, mail, users worker, projector), the
    Stripe sandbox (delivering signed webhooks to the app's /api/stripe/webhook), the payments
    worker and the app."""
    settings = stack.ensure(
        "kafka", "mongo", "mail", "stripe", "users-worker", "projector-worker", "payments-worker", "redis", "app"
    )
    forget_throttles(settings)
    return settings


# ---- accessibility (tests/e2e/axe.py) ----
SCANS = pytest.StashKey[list[tuple[str, list[dict]]]]()


@pytest.fixture(scope="session")
def axe_script(settings: Settings) -> Path:
    """The pinned axe-core's axe.min.js (installed by `make install`; here too if missing)."""
    from devstack.axe import ensure_axe

    return ensure_axe(settings)


@pytest.fixture()
def assert_accessible(request: pytest.FixtureRequest, axe_script: Path) -> Iterator[Callable[[Page, str], None]]:
    """`assert_accessible(page, "results, filters")` scans the page as it is now (the language is
    read from <html lang> and added to the name). Violations are collected and fail the test at its
    end, all states listed, so one bad page does not hide the next ones' results."""
    failures: list[str] = []
    scans = request.config.stash.setdefault(SCANS, [])

    def check(page: Page, state: str) -> None:
        name = f"{state} [{page.evaluate('document.documentElement.lang') or '?'}]"
        violations = axe.scan(page, axe_script)
        scans.append((name, violations))
        if violations:
            failures.append(axe.describe(name, violations))

    yield check
    if failures:
        pytest.fail("accessibility violations (axe-core):\n" + "\n".join(failures), pytrace=False)


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    scans = config.stash.get(SCANS, [])
    if scans:
        terminalreporter.section("accessibility scans (axe-core: rules / elements)")
        for name, violations in scans:
            rules = ", ".join(f"{v['id']}×{len(v['targets'])}" for v in violations) or "clean"
            terminalreporter.write_line(f"{name:55} {len(violations)} / {axe.node_count(violations):3}  {rules}")


# Staff and travellers for the staff-only pages (/users, /ops). Accounts are made with the staff
# command's functions (services/users/admin.py) against the stack's own users database; a
# traveller is a staff account demoted again, which also proves that demotion is projected.
STAFF_PASSWORD = "equipe-dreams-2026"
STAFF_SLOW = 20_000  # ms: log-in goes through Kafka and hashes a password


def make_account(settings: Settings, role: str, tag: str = "staff") -> str:
    """An active account with STAFF_PASSWORD and this role, once the web's read model shows it."""
    import uuid
    from functools import partial

    from sqlmodel import Session

    from services.users import admin
    from services.users.db import make_engine, migrate

    email = f"{tag}-{uuid.uuid4().hex[:8]}@dreams.test"
    engine = make_engine(settings.database_url)
    migrate(engine)
    sessions = partial(Session, engine)
    admin.create_staff(sessions, email, password=STAFF_PASSWORD, first_name=tag.capitalize(), last_name="Teste")
    if role != "staff":
        admin.remove_staff(sessions, email)
    assert admin.publish_pending(sessions, settings)
    engine.dispose()
    wait_for_role(settings, email, role)
    return email


def set_role(settings: Settings, email: str, role: str) -> None:
    from functools import partial

    from sqlmodel import Session

    from services.users import admin
    from services.users.db import make_engine

    engine = make_engine(settings.database_url)
    sessions = partial(Session, engine)
    if role == "staff":
        admin.create_staff(sessions, email)
    else:
        admin.remove_staff(sessions, email)
    assert admin.publish_pending(sessions, settings)
    engine.dispose()
    wait_for_role(settings, email, role)


def wait_for_role(settings: Settings, email: str, role: str) -> None:
    import pymongo

    from tests.integration.conftest import eventually

    with pymongo.MongoClient(settings.mongo_url, serverSelectionTimeoutMS=5000) as client:
        users = client[settings.mongo_db]["users"]

        def projected() -> None:
            doc = users.find_one({"email_normalized": email.lower()}, {"role": 1})
            assert doc is not None and doc.get("role") == role

        eventually(projected, timeout=30, interval=0.2)


def log_in(page: Page, email: str, password: str = STAFF_PASSWORD) -> None:
    from playwright.sync_api import expect

    page.goto("/login")
    page.get_by_label("E-mail", exact=True).fill(email)
    page.get_by_label("Senha", exact=True).fill(password)
    page.get_by_role("button", name="Entrar").click()
    expect(page.get_by_test_id("account-menu")).to_be_visible(timeout=STAFF_SLOW)


@pytest.fixture(scope="session")
def staff_email(accounts_stack: Settings) -> str:
    return make_account(accounts_stack, "staff")


@pytest.fixture(scope="session")
def traveller_email(accounts_stack: Settings) -> str:
    return make_account(accounts_stack, "traveller", tag="traveller")


@pytest.fixture(scope="session")
def staff_storage_state(browser: Browser, base_url: str, staff_email: str, tmp_path_factory) -> str:
    """A logged-in staff browser state (the session cookie), made once: `new_context(storage_state=…)`."""
    context = browser.new_context(base_url=base_url)
    page = context.new_page()
    log_in(page, staff_email)
    path = str(tmp_path_factory.mktemp("staff") / "state.json")
    context.storage_state(path=path)
    context.close()
    return path


@pytest.fixture()
def staff_page(browser: Browser, base_url: str, staff_storage_state: str) -> Iterator[Page]:
    context = browser.new_context(base_url=base_url, storage_state=staff_storage_state)
    yield context.new_page()
    context.close()
