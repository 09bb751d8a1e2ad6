"""Booking and paying, as a new traveller does it in Chromium: sign up, confirm, log in, search
GRU → LIS, open a package, book, pay on the Stripe sandbox's page, watch the success page turn into
the purchase, find it on the dashboard and in full on its page, download the itinerary, cancel and
see it refunded. Also: a declined card, another user's purchase, the logged-out dashboard, and an
expired price lock.

Needs Kafka, Mongo, mail, the Stripe sandbox, the users/projector/payments workers and the app.
"""

from __future__ import annotations

import re
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from services.packages import rebuild
from tests.e2e.test_accounts import SLOW, _confirm_link, _log_in, _sign_up
from tests.e2e.test_packages import _search, expect_itinerary

pytestmark = pytest.mark.usefixtures("checkout_stack")

PAID_CARD = "4242 4242 4242 4242"
DECLINED_CARD = "4000 0000 0000 0002"
WORKER = 30_000  # ms: the payment goes webhook/success page → Kafka → payments worker → Mongo


def _logged_in_user(page: Page, mailbox, first: str) -> str:
    # example.com, not example.test: Stripe (and the sandbox) refuse special-use domains.
    email = f"{first.lower()}-{uuid.uuid4().hex[:8]}@example.com"
    _sign_up(page, email, first=first)
    expect(page.get_by_role("heading", name="Confira sua caixa de entrada")).to_be_visible(timeout=SLOW)
    page.goto(_confirm_link(mailbox, email))
    expect(page.get_by_role("heading", name="E-mail confirmado!")).to_be_visible(timeout=SLOW)
    _log_in(page, email)
    expect(page.get_by_test_id("account-menu")).to_have_text(re.compile(first), timeout=SLOW)
    return email


def _open_package(page: Page, index: int = 0) -> str:
    _search(page, "GRU", "LIS", adults=2)
    card = page.get_by_test_id("package-card").nth(index)
    package_id = card.get_attribute("data-package-id")
    card.get_by_role("link", name="Ver pacote").click()
    expect(page.locator(f"[data-testid=package][data-status=ready][data-package='{package_id}']")).to_be_visible(
        timeout=SLOW
    )
    return package_id


TRAVELLERS = (("Ana", "Souza", "1990-02-01"), ("Bruno", "Lima", "1988-07-15"))  # the searches' two adults


def _fill_travellers(page: Page, travellers=TRAVELLERS, phone: str = "11 98765-4321") -> None:
    """The travellers step of GRU → LIS (international: nationality and passport too)."""
    expect(page.locator("[data-testid=travellers-step][data-status=ready]")).to_be_visible(timeout=SLOW)
    for i, (given, surname, birth) in enumerate(travellers):
        page.locator(f"#tr-p{i}_given_names").fill(given)
        page.locator(f"#tr-p{i}_surname").fill(surname)
        page.locator(f"#tr-p{i}_birth_date").fill(birth)
        page.locator(f"#tr-p{i}_nationality").select_option("BR")
        page.locator(f"#tr-p{i}_passport").fill(f"FX{i}234567")
        page.locator(f"#tr-p{i}_passport_expiry").fill("2035-01-01")
    page.locator("#tr-contact_phone").fill(phone)


def _continue_to_payment(page: Page) -> None:
    page.get_by_role("button", name="Continuar para o pagamento").click()
    expect(page).to_have_url(re.compile(r"/pay/cs_"), timeout=SLOW)  # the sandbox's hosted page


def _press_book(page: Page) -> None:
    panel = page.get_by_test_id("booking-panel")
    expect(panel.get_by_test_id("cancellation-terms")).to_contain_text("Cancelamento gratuito")
    panel.get_by_role("button", name="Reservar este pacote").click()


def _book(page: Page) -> None:
    """ "Reservar" → the travellers step (filled) → "Continuar para o pagamento" → Stripe's page."""
    _press_book(page)
    expect(page).to_have_url(re.compile(r"/booking/q_"), timeout=SLOW)
    _fill_travellers(page)
    _continue_to_payment(page)


def _pay(page: Page, card: str) -> None:
    page.get_by_label("Número do cartão").fill(card)
    page.get_by_label("Validade (MM/AA)").fill("12/34")
    page.get_by_label("CVC (código de segurança)").fill("123")
    page.get_by_label("Nome impresso no cartão").fill("Ana Souza")
    page.get_by_role("button", name=re.compile(r"^Pagar")).click()


def _purchases(settings, email: str) -> list[dict]:
    from pymongo import MongoClient

    with MongoClient(settings.mongo_url, serverSelectionTimeoutMS=3000) as client:
        return list(client[settings.mongo_db]["purchases"].find({"email": email}, {"_id": 1, "status": 1}))


def test_book_pay_see_trip_download_itinerary_and_cancel(
    page: Page, browser: Browser, mailbox, base_url: str, checkout_stack, tmp_path: Path
) -> None:
    email = _logged_in_user(page, mailbox, "Clara")
    package_id = _open_package(page)
    package = rebuild(package_id)
    total = page.get_by_test_id("package-total").inner_text()
    _book(page)
    expect(page.get_by_test_id("total")).to_have_text(total)  # Stripe charges the server's total

    _pay(page, PAID_CARD)
    expect(page).to_have_url(re.compile(r"/checkout/success/?\?session_id=cs_"), timeout=SLOW)
    success = page.get_by_test_id("checkout-success")
    expect(success).to_have_attribute("data-status", "done", timeout=WORKER)
    shown_ms = page.evaluate("performance.now()")  # since the pay form's POST navigation began
    elapsed_ms = int(success.get_attribute("data-elapsed-ms"))
    print(f"\nsuccess page: purchase shown {elapsed_ms} ms after on_load; {shown_ms:.0f} ms after navigation")
    assert 0 <= elapsed_ms < WORKER
    expect(page.get_by_test_id("success-total")).to_have_text(total)
    expect(success.get_by_test_id("purchase-status")).to_have_text("Pago")

    page.get_by_test_id("see-purchase").click()
    expect(page).to_have_url(re.compile(r"/purchases/pur_"))
    purchase_url = page.url
    purchase_id = purchase_url.rsplit("/", 1)[-1]
    detail = page.locator("[data-testid=purchase][data-status=ready]")
    expect(detail).to_be_visible(timeout=SLOW)
    expect_itinerary(page, package)
    expect(page.get_by_test_id("travellers").locator("li")).to_have_count(len(package.price.per_traveller))
    expect(page.get_by_test_id("travellers").locator("li").first).to_have_text(
        "Ana Souza (adulto) · passaporte •••••4567"
    )  # named as typed, the passport masked
    expect(page.get_by_test_id("purchase-paid-total")).to_have_text(total)
    expect(page.get_by_test_id("payment-reference")).to_have_text(re.compile(r"^pi_"))

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Baixar itinerário (.ics)").click()
    ics = Path(download_info.value.path()).read_text()
    legs = len(package.outbound.segments) + len(package.inbound.segments)
    assert ics.startswith("BEGIN:VCALENDAR") and ics.count("BEGIN:VEVENT") == legs + 3  # + hotel, 2 transfers
    assert "Travellers: Ana Souza\\, Bruno Lima" in ics.replace("\r\n ", "") and "FX0234567" not in ics

    page.get_by_test_id("account-menu").click()
    page.get_by_role("menuitem", name="Minhas viagens").click()
    expect(page).to_have_url(re.compile(r"/dashboard$"))
    card = page.locator(f"[data-testid=purchase-card][data-purchase-id='{purchase_id}']")
    expect(card).to_be_visible(timeout=SLOW)
    expect(page.get_by_test_id("purchase-card")).to_have_count(1)
    expect(card.get_by_test_id("purchase-status")).to_have_text("Pago")
    expect(card.get_by_test_id("purchase-total")).to_have_text(total)
    expect(card).to_contain_text("Ana Souza e mais 1 viajante")

    # Nobody else can read it: not by page, not by the .ics URL.
    other = browser.new_context(base_url=base_url)
    intruder = other.new_page()
    _logged_in_user(intruder, mailbox, "Davi")
    intruder.goto(purchase_url)
    expect(intruder.locator("[data-testid=purchase][data-status=not_found]")).to_be_visible(timeout=SLOW)
    expect(intruder.get_by_role("heading", name="Viagem não encontrada")).to_be_visible()
    assert intruder.request.get(f"/api/purchases/{purchase_id}/itinerary.ics").status == 404
    assert page.request.get(f"/api/purchases/{purchase_id}/itinerary.ics").status == 200
    other.close()
    assert httpx.get(f"{base_url}/api/purchases/{purchase_id}/itinerary.ics").status_code == 401

    card.get_by_role("link", name=re.compile("^Ver viagem")).click()
    expect(detail).to_be_visible(timeout=SLOW)
    expect(page.get_by_test_id("refund-preview")).to_contain_text("(100%)")
    page.get_by_role("button", name="Cancelar e reembolsar").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text(total)
    dialog.get_by_role("button", name="Sim, cancelar").click()
    status = page.get_by_test_id("purchase").get_by_test_id("purchase-status").first
    expect(status).to_have_text(re.compile("Reembolso em andamento|Reembolsado"), timeout=SLOW)
    expect(status).to_have_text("Reembolsado", timeout=WORKER)  # charge.refunded handled, no reload
    expect(page.get_by_test_id("refund-state")).to_contain_text(total)
    expect(page.get_by_role("button", name="Cancelar e reembolsar")).to_have_count(0)
    assert _purchases(checkout_stack, email) == [{"_id": purchase_id, "status": "refunded"}]


def test_declined_card_shows_the_decline_and_records_nothing(page: Page, mailbox, checkout_stack) -> None:
    email = _logged_in_user(page, mailbox, "Elisa")
    _open_package(page, index=1)
    _book(page)
    _pay(page, DECLINED_CARD)
    expect(page.get_by_role("alert")).to_have_text("Seu cartão foi recusado.")
    expect(page).to_have_url(re.compile(r"/pay/cs_"))

    page.goto("/dashboard")
    expect(page.locator("[data-testid=dashboard][data-status=ready]")).to_be_visible(timeout=SLOW)
    expect(page.get_by_role("heading", name="Nenhuma viagem ainda")).to_be_visible()
    time.sleep(2)  # a late webhook would have had time to record something
    assert _purchases(checkout_stack, email) == []


def test_an_expired_price_lock_offers_refresh_price(page: Page, mailbox, checkout_stack) -> None:
    from pymongo import MongoClient

    _logged_in_user(page, mailbox, "Fabio")
    package_id = _open_package(page)
    _book(page)
    page.get_by_role("link", name="Cancelar e voltar").click()  # Stripe's cancel_url: the package again
    expect(page.locator(f"[data-testid=package][data-status=ready][data-package='{package_id}']")).to_be_visible(
        timeout=SLOW
    )
    with MongoClient(checkout_stack.mongo_url, serverSelectionTimeoutMS=3000) as client:
        expired = client[checkout_stack.mongo_db]["quotes"].update_many(
            {"package_id": package_id, "checkout.email": {"$exists": True}},
            {"$set": {"expires_at": datetime.now(UTC) - timedelta(minutes=1)}},
        )
    assert expired.modified_count >= 1

    page.get_by_role("button", name="Reservar este pacote").click()  # its session is still open at Stripe
    page.get_by_test_id("open-payment").get_by_role("button", name="Continuar pagamento").click()
    expect(page.get_by_test_id("quote-expired")).to_contain_text("Este preço não está mais garantido")
    page.get_by_role("button", name="Atualizar preço").click()
    expect(page.get_by_test_id("quote-refreshed")).to_contain_text(page.get_by_test_id("package-total").inner_text())
    page.get_by_role("button", name="Reservar este pacote").click()
    expect(page).to_have_url(re.compile(r"/booking/q_"), timeout=SLOW)
    expect(page.locator("#tr-p0_given_names")).to_have_value("Ana")  # the travellers came along
    _continue_to_payment(page)


def test_logged_out_pages_send_to_log_in(page: Page) -> None:
    page.goto("/dashboard")
    expect(page).to_have_url(re.compile(r"/login\?next=%2Fdashboard$"), timeout=SLOW)
    page.goto("/purchases/pur_whatever")
    expect(page).to_have_url(re.compile(r"/login\?next=%2Fpurchases%2Fpur_whatever$"), timeout=SLOW)
    page.goto("/checkout/success?session_id=cs_test_x")
    expect(page).to_have_url(re.compile(r"/login\?next="), timeout=SLOW)
    assert parse_qs(urlsplit(page.url).query)["next"] == ["/checkout/success?session_id=cs_test_x"]
