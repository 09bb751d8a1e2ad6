"""The web tier (every app backend and the load balancer) SIGKILLed while a traveller is on the Stripe sandbox's pay page, in Chromium.

The traveller pays while the app is down: the sandbox's webhook delivery fails and is retried; the
redirect to the success page meets a closed port. The app is restarted (always, in `finally`); the
traveller reloads the success page as anyone would, and it turns into the purchase. The webhook
retry and the success page both hand the paid session to the same idempotent topic, so exactly one
purchase and one receipt e-mail come out of it.

recovery_s in the FAULT line: from the click on "Pagar" (app already dead) to "Pagamento
confirmado!" on the page, i.e. the whole outage including the restart.

The sandbox's retries must outlast the restart: tests/test.env gives it 8 attempts (≈127 s from the
first; Settings' default 6 gives ≈31 s, less than a loaded restart may take).

Needs Kafka, Mongo, mail, the Stripe sandbox, the users/projector/payments workers and the app.
"""

from __future__ import annotations

import os
import re
import signal
import time

import httpx
import pytest
from playwright.sync_api import Page, expect

from devstack import process, reflex_app
from tests.e2e.test_checkout import PAID_CARD, WORKER, _book, _logged_in_user, _open_package, _pay

pytestmark = pytest.mark.usefixtures("checkout_stack")

RECOVERY_LIMIT_S = 120  # restart (frontend build included) + the purchase shown, on a loaded box
RECEIPT_SUBJECT = "Compra confirmada"


def _kill_app(settings) -> None:
    """SIGKILL every process of the web tier: the load balancer (if any) and each backend's tree."""
    pids = [process.read_pid(process.pidfile(settings, "app"))]
    if reflex_app.balanced(settings):
        pids += reflex_app.backend_pids(settings).values()
    assert all(pids), f"app is not fully running: {pids}"
    for pid in pids:
        os.killpg(pid, signal.SIGKILL)  # each process group: haproxy, each backend
    ports = [settings.frontend_port, *(settings.backend_ports if reflex_app.balanced(settings) else [])]
    deadline = time.monotonic() + 15
    while any(process.is_alive(p) for p in pids) or any(process.port_open("127.0.0.1", p) for p in ports):
        assert time.monotonic() < deadline, "app still alive or a port still open after SIGKILL"
        time.sleep(0.05)


def _completed_delivery(settings, session_id: str) -> dict | None:
    """The sandbox's delivery of checkout.session.completed for this session, attempts included."""
    response = httpx.get(
        f"{settings.stripe_api_base}/_sandbox/deliveries",
        params={"object_id": session_id, "type": "checkout.session.completed"},
        timeout=5,
    )
    response.raise_for_status()
    rows = response.json()["data"]
    assert len(rows) <= 1, rows  # one webhook endpoint: one delivery
    return rows[0] if rows else None


def _wait_for(what: str, probe, timeout: float, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while (value := probe()) is None or value is False:
        assert time.monotonic() < deadline, f"{what} not after {timeout:.0f}s"
        time.sleep(interval)
    return value


def _purchase_count(settings, session_id: str) -> int:
    from pymongo import MongoClient

    with MongoClient(settings.mongo_url, serverSelectionTimeoutMS=3000) as client:
        return client[settings.mongo_db]["purchases"].count_documents({"payment.session_id": session_id})


def _receipts(mailbox, email: str) -> int:
    return sum(RECEIPT_SUBJECT in m.subject for m in mailbox.messages(to=email))


def test_app_killed_on_the_pay_page_recovers_one_purchase_and_one_receipt(
    page: Page, mailbox, base_url: str, stack, checkout_stack
) -> None:
    settings = checkout_stack
    budget_s = settings.stripe_sandbox_retry_base_s * (2 ** (settings.stripe_sandbox_max_attempts - 1) - 1)
    email = _logged_in_user(page, mailbox, "Iris")
    _open_package(page)
    _book(page)
    session_id = re.search(r"/pay/(cs_[A-Za-z0-9_]+)", page.url).group(1)
    success_url = f"{base_url}/checkout/success?session_id={session_id}"

    _kill_app(settings)
    try:
        paid_at = time.monotonic()
        _pay(page, PAID_CARD)  # the sandbox redirects to the success page: nobody listens there
        failed = _wait_for(
            "a failed webhook attempt",
            lambda: (
                (d := _completed_delivery(settings, session_id)) and d["history"] and d["history"][0]["error"] and d
            ),
            timeout=15,
        )
        assert failed["status"] == "pending", failed  # failed, with retries left
        assert _purchase_count(settings, session_id) == 0  # nothing recorded it while the app was down
    finally:
        restart_started = time.monotonic()
        stack.ensure("app")  # later tests need it
        restart_s = time.monotonic() - restart_started
    assert restart_s < budget_s, (
        f"the app took {restart_s:.0f}s to restart; the sandbox's retries last only {budget_s:.0f}s"
    )

    # The traveller reloads the success page (the browser showed a connection error).
    page.goto(success_url)
    success = page.get_by_test_id("checkout-success")
    expect(success).to_have_attribute("data-status", "done", timeout=WORKER)
    expect(success.get_by_role("status")).to_contain_text("Pagamento confirmado!")
    recovery_s = time.monotonic() - paid_at
    expect(success.get_by_test_id("purchase-status")).to_have_text("Pago")
    assert recovery_s < RECOVERY_LIMIT_S, f"purchase shown {recovery_s:.0f}s after paying"

    # The retried webhook reaches the restarted app too (its next attempt is at most ~restart_s away).
    delivered = _wait_for(
        "the retried webhook delivered",
        lambda: (d := _completed_delivery(settings, session_id))["status"] == "succeeded" and d,
        timeout=budget_s,
    )
    errors = [a for a in delivered["history"] if a["error"]]
    assert errors and delivered["history"][-1]["status_code"] == 200, delivered["history"]

    _wait_for("the receipt e-mail", lambda: _receipts(mailbox, email) >= 1, timeout=WORKER / 1000)
    time.sleep(3)  # a duplicate (webhook + success page) would have had time to be recorded or sent
    purchases, receipts = _purchase_count(settings, session_id), _receipts(mailbox, email)
    print(
        f"\nFAULT app backend SIGKILL on pay page: recovery_s={recovery_s:.1f}, purchases={purchases}, "
        f"receipts={receipts}"
    )
    print(f"(restart_s={restart_s:.1f}, webhook attempts={len(delivered['history'])}, failed={len(errors)})")
    assert (purchases, receipts) == (1, 1)
