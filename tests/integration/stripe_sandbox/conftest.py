"""Fixtures for the Stripe sandbox: a webhook receiver, a sandbox process, an SDK client."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
import stripe

from devstack import stripe_sandbox
from services.config import Settings

from .contract import TALLY, summary
from .helpers import API_KEY, Delivery, WebhookReceiver, sandbox_settings


@pytest.fixture(scope="session")
def receiver() -> Iterator[WebhookReceiver]:
    state = WebhookReceiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            object_id = json.loads(body)["data"]["object"]["id"]
            with state.lock:
                failing = state.fail.get(object_id, 0) > 0
                if failing:
                    state.fail[object_id] -= 1
                status = 500 if failing else 200
                state.received.append(Delivery(body, self.headers.get("Stripe-Signature", ""), status))
            self.send_response(status)
            self.end_headers()
            self.wfile.write(b"fail" if failing else b"ok")

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/api/stripe/webhook"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def sandbox(tmp_path_factory: pytest.TempPathFactory, receiver: WebhookReceiver) -> Iterator[Settings]:
    """One sandbox process for the session (started through the devstack component API)."""
    settings = sandbox_settings(tmp_path_factory.mktemp("stripe"), receiver.url)
    assert stripe_sandbox.ensure(settings, timeout=20) == "started"
    yield settings
    stripe_sandbox.stop(settings)


@pytest.fixture(scope="session")
def base_url(sandbox: Settings) -> str:
    assert sandbox.stripe_api_base
    return sandbox.stripe_api_base


@pytest.fixture(scope="session")
def client(base_url: str) -> stripe.StripeClient:
    return stripe.StripeClient(API_KEY, base_addresses={"api": base_url})


@pytest.fixture(scope="session")
def http(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, timeout=10) as session:
        yield session


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """The contract table (test_contract.py), when it ran: requests, fields, rejections."""
    if TALLY.requests:
        terminalreporter.write_line(summary(TALLY))
