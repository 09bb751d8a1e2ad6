"""Limited stock in Chromium: a sold-out package is marked on its card and its page, where
"Reservar" is disabled; a package with few seats says how many are left; and a traveller who loses
the race for the last seats is told "Esgotado" in place, without reaching Stripe.

Needs Kafka, Mongo, mail, the Stripe sandbox, the workers and the app (checkout_stack).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect
from pymongo import MongoClient

from services.inventory import items_for
from services.inventory import store as inventory_store
from services.packages import rebuild
from tests.e2e.test_accounts import SLOW
from tests.e2e.test_checkout import _logged_in_user
from tests.e2e.test_packages import _search

pytestmark = pytest.mark.usefixtures("checkout_stack")


def _first_flight(package_id: str) -> str:
    return rebuild(package_id).outbound.segments[0].flight_number


@pytest.fixture
def touched(checkout_stack) -> Iterator[set[str]]:
    """Units this test changed, deleted afterwards (they come back at full capacity on the next
    touch), so the other browser tests on this stack never meet a package it sold out."""
    units: set[str] = set()
    yield units
    with MongoClient(checkout_stack.mongo_url, serverSelectionTimeoutMS=3000) as client:
        inventory_store.forget(client[checkout_stack.mongo_db], sorted(units))


def _set_outbound_seats(settings, touched: set[str], package_id: str, seats: int) -> None:
    """Someone else bought the rest: the package's first outbound flight keeps `seats` free."""
    package = rebuild(package_id)
    touched.update(i.unit for i in items_for(package))
    number = package.outbound.segments[0].flight_number.replace(" ", "")
    flight = next(i.unit for i in items_for(package) if i.unit.startswith(f"flight:{number}:"))
    with MongoClient(settings.mongo_url, serverSelectionTimeoutMS=3000) as client:
        db = client[settings.mongo_db]
        for item in items_for(package):
            inventory_store.set_free(db, item.unit, seats if item.unit == flight else 100)


def test_sold_out_is_marked_and_not_bookable_and_a_lost_race_says_esgotado(
    page: Page, mailbox, checkout_stack, touched
) -> None:
    _logged_in_user(page, mailbox, "Gabi")
    depart = date.today() + timedelta(days=150)  # a trip no other browser test searches
    _search(page, "GRU", "MAD", depart=depart, ret=depart + timedelta(days=6), adults=2)
    cards = page.get_by_test_id("package-card")
    ids = [cards.nth(i).get_attribute("data-package-id") for i in range(cards.count())]
    sold_out_id = ids[0]
    few_id = next(i for i in ids if _first_flight(i) != _first_flight(sold_out_id))  # cards share flights
    _set_outbound_seats(checkout_stack, touched, sold_out_id, 1)  # 2 travellers, 1 seat: sold out for them
    _set_outbound_seats(checkout_stack, touched, few_id, 3)

    page.reload()
    sold_card = page.locator(f"[data-testid=package-card][data-package-id='{sold_out_id}']")
    expect(sold_card.get_by_test_id("stock-badge")).to_have_text("Esgotado", timeout=SLOW)
    few_card = page.locator(f"[data-testid=package-card][data-package-id='{few_id}']")
    expect(few_card.get_by_test_id("stock-badge")).to_have_text("Restam 3 lugares")

    sold_card.get_by_role("link", name="Ver pacote").click()
    expect(page.locator(f"[data-testid=package][data-status=ready][data-package='{sold_out_id}']")).to_be_visible(
        timeout=SLOW
    )
    panel = page.get_by_test_id("booking-panel")
    expect(panel.get_by_test_id("stock-badge")).to_have_text("Esgotado")
    expect(panel.get_by_test_id("sold-out-note")).to_contain_text("Não há mais lugares")
    expect(panel.get_by_role("button", name="Reservar este pacote")).to_be_disabled()

    # The page still showed seats when it loaded, but they are gone when "Reservar" is clicked.
    page.goto(f"/package/{few_id}")
    expect(page.locator(f"[data-testid=package][data-status=ready][data-package='{few_id}']")).to_be_visible(
        timeout=SLOW
    )
    expect(panel.get_by_test_id("stock-badge")).to_have_text("Restam 3 lugares")
    _set_outbound_seats(checkout_stack, touched, few_id, 0)
    panel.get_by_role("button", name="Reservar este pacote").click()
    expect(panel.get_by_role("alert")).to_have_text(
        re.compile("Esgotado — alguém acabou de reservar os últimos lugares"), timeout=SLOW
    )
    expect(page).to_have_url(re.compile(rf"/package/{re.escape(few_id)}"))  # never sent to Stripe
