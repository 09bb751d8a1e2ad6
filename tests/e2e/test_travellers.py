"""The travellers step and rebooking in Chromium: the form's inline errors in both languages and a
reload in the middle; the same package bought twice in one tab; the open-payment notice (continue
reopens the same Stripe session, start over expires it at Stripe and opens a new one).

Needs the whole checkout stack (see tests/e2e/test_checkout.py).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from services.payments.stripe_adapter import StripeGateway
from tests.e2e.test_accounts import SLOW
from tests.e2e.test_checkout import (
    PAID_CARD,
    WORKER,
    _book,
    _continue_to_payment,
    _fill_travellers,
    _logged_in_user,
    _open_package,
    _pay,
    _press_book,
)

pytestmark = pytest.mark.usefixtures("checkout_stack")

STEP = "[data-testid=travellers-step][data-status=ready]"


def _session_id(page: Page) -> str:
    return re.search(r"/pay/(cs_[A-Za-z0-9_]+)", page.url).group(1)


def _error(page: Page, field: str):
    return page.locator(f"#tr-{field}-error")


def _saved(page: Page, at_least: int) -> None:
    """Wait until the server has saved `at_least` draft changes (the blur events are sent in order)."""
    status = page.get_by_test_id("draft-status")
    expect(status).to_have_attribute("data-saved", re.compile(r"\d+"))
    page.wait_for_function(
        f"() => Number(document.querySelector('[data-testid=draft-status]').dataset.saved) >= {at_least}", timeout=SLOW
    )


def _paid(page: Page) -> None:
    _pay(page, PAID_CARD)
    expect(page).to_have_url(re.compile(r"/checkout/success/?\?session_id=cs_"), timeout=SLOW)
    expect(page.get_by_test_id("checkout-success")).to_have_attribute("data-status", "done", timeout=WORKER)


def test_inline_errors_in_both_languages_and_nothing_lost_on_a_reload(page: Page, mailbox) -> None:
    email = _logged_in_user(page, mailbox, "Gabi")
    _open_package(page)
    _press_book(page)
    expect(page).to_have_url(re.compile(r"/booking/q_"), timeout=SLOW)
    expect(page.locator(STEP)).to_be_visible(timeout=SLOW)
    expect(page.get_by_test_id("passenger")).to_have_count(2)  # the search's two adults
    expect(page.locator("#tr-contact_email")).to_have_value(email)  # prefilled from the account

    page.get_by_role("button", name="Continuar para o pagamento").click()
    expect(_error(page, "p0_given_names")).to_have_text("Preencha este campo.")
    expect(page.locator("#tr-p0_given_names")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#tr-p0_given_names")).to_be_focused()  # the first error gets the focus
    expect(_error(page, "contact_email")).to_have_text("")

    page.locator("#tr-p0_given_names").fill("Ana2")
    page.locator("#tr-p0_surname").fill("Souza")
    page.locator("#tr-p0_birth_date").fill("2020-01-01")  # a child in an adult's place
    page.locator("#tr-p0_passport").fill("FX1234567")
    page.locator("#tr-contact_phone").fill("123")
    page.locator("#tr-contact_phone").press("Tab")
    _saved(page, 5)

    page.reload()
    expect(page.locator(STEP)).to_be_visible(timeout=SLOW)
    for field, value in (
        ("p0_given_names", "Ana2"),
        ("p0_surname", "Souza"),
        ("p0_birth_date", "2020-01-01"),
        ("p0_passport", "FX1234567"),
        ("contact_phone", "123"),
    ):
        expect(page.locator(f"#tr-{field}")).to_have_value(value)
    expect(_error(page, "p0_given_names")).to_have_text("")  # errors come back on submit, not on load

    page.get_by_role("button", name="Continuar para o pagamento").click()
    expect(_error(page, "p0_given_names")).to_have_text("Use só letras, espaços, hífen e apóstrofo.")
    expect(_error(page, "p0_birth_date")).to_have_text("Um adulto tem 12 anos ou mais na data da viagem.")
    expect(_error(page, "contact_phone")).to_contain_text("Telefone inválido")
    expect(_error(page, "p0_surname")).to_have_text("")
    expect(page.locator("#tr-p0_passport")).to_have_value("FX1234567")  # nothing typed is lost

    page.get_by_role("radio", name="English").click()
    expect(_error(page, "p0_birth_date")).to_have_text("An adult is 12 or older on the day of travel.")
    expect(_error(page, "p1_surname")).to_have_text("Please fill in this field.")
    page.get_by_role("radio", name="Português").click()

    _fill_travellers(page)
    _continue_to_payment(page)


def test_the_same_package_twice_in_one_tab_makes_two_purchases(page: Page, mailbox) -> None:
    _logged_in_user(page, mailbox, "Heitor")
    package_id = _open_package(page)
    package_url = page.url
    _book(page)
    first_session = _session_id(page)
    _paid(page)

    page.goto(package_url)
    expect(page.locator(f"[data-testid=package][data-status=ready][data-package='{package_id}']")).to_be_visible(
        timeout=SLOW
    )
    _press_book(page)  # no longer "Pagamento confirmado!" of the first payment: a new booking
    expect(page).to_have_url(re.compile(r"/booking/q_"), timeout=SLOW)
    expect(page.locator("#tr-p0_given_names")).to_have_value("")
    _fill_travellers(page, (("Carla", "Dias", "1985-03-04"), ("Davi", "Dias", "1983-05-06")))
    _continue_to_payment(page)
    assert _session_id(page) != first_session
    _paid(page)

    page.goto("/dashboard")
    cards = page.get_by_test_id("purchase-card")
    expect(cards).to_have_count(2, timeout=SLOW)
    expect(cards.nth(0)).to_contain_text("Carla Dias e mais 1 viajante")
    expect(cards.nth(1)).to_contain_text("Ana Souza e mais 1 viajante")


def test_an_open_payment_is_continued_or_started_over(page: Page, mailbox, checkout_stack) -> None:
    _logged_in_user(page, mailbox, "Iara")
    package_id = _open_package(page)
    package_url = page.url
    _book(page)
    first_session = _session_id(page)

    page.goto(package_url)  # back without paying
    expect(page.locator(f"[data-testid=package][data-status=ready][data-package='{package_id}']")).to_be_visible(
        timeout=SLOW
    )
    _press_book(page)
    notice = page.get_by_test_id("open-payment")
    expect(notice).to_contain_text("Você tem um pagamento em aberto para este pacote")
    notice.get_by_role("button", name="Continuar pagamento").click()
    expect(page).to_have_url(re.compile(rf"/pay/{first_session}"), timeout=SLOW)  # the same session

    page.goto(package_url)
    expect(page.locator(f"[data-testid=package][data-status=ready][data-package='{package_id}']")).to_be_visible(
        timeout=SLOW
    )
    _press_book(page)
    page.get_by_test_id("open-payment").get_by_role("button", name="Começar de novo").click()
    expect(page).to_have_url(re.compile(r"/booking/q_"), timeout=SLOW)
    expect(page.locator(STEP)).to_be_visible(timeout=SLOW)
    expect(page.locator("#tr-p0_given_names")).to_have_value("Ana")  # the group typed once
    _continue_to_payment(page)
    assert _session_id(page) != first_session
    stripe = StripeGateway.from_settings(checkout_stack)
    assert stripe.retrieve_checkout_session(first_session)["status"] == "expired"  # expired through the API
    assert stripe.retrieve_checkout_session(_session_id(page))["status"] == "open"
