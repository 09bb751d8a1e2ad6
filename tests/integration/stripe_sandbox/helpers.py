"""Helpers for the Stripe sandbox tests: webhook receiver state, settings, request builders."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import stripe
from pydantic import SecretStr

from services.config import Settings

API_KEY = "sk_test_sandbox_tests"
WEBHOOK_SECRET = "whsec_sandbox_tests"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check: Callable[[], Any], timeout: float = 10.0, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


@dataclass
class Delivery:
    body: bytes
    signature: str
    status: int

    @property
    def event(self) -> dict[str, Any]:
        return json.loads(self.body)


@dataclass
class WebhookReceiver:
    """A tiny endpoint that records every POST. `fail[object_id] = n` answers 500 n times first."""

    url: str = ""
    received: list[Delivery] = field(default_factory=list)
    fail: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def for_object(self, object_id: str, type_: str | None = None) -> list[Delivery]:
        with self.lock:
            return [
                d
                for d in self.received
                if d.event["data"]["object"]["id"] == object_id and (type_ is None or d.event["type"] == type_)
            ]

    def wait(
        self, object_id: str, type_: str, count: int = 1, timeout: float = 10.0, ok_only: bool = True
    ) -> list[Delivery]:
        def found() -> list[Delivery]:
            hits = [d for d in self.for_object(object_id, type_) if d.status == 200 or not ok_only]
            return hits if len(hits) >= count else []

        return wait_for(found, timeout, f"{type_} for {object_id}")


def sandbox_settings(state_dir: Path, webhook_url: str, port: int | None = None) -> Settings:
    return Settings(
        state_dir=state_dir,
        stripe_api_base=f"http://127.0.0.1:{port or free_port()}",
        stripe_secret_key=SecretStr(API_KEY),
        stripe_webhook_secret=SecretStr(WEBHOOK_SECRET),
        stripe_webhook_url=webhook_url,
        stripe_sandbox_retry_base_s=0.3,
        stripe_sandbox_max_attempts=4,
        default_locale="pt_BR",
    )


def session_params(**overrides: Any) -> dict[str, Any]:
    params: dict[str, Any] = {
        "mode": "payment",
        "success_url": "http://127.0.0.1:3000/checkout/success?session_id={CHECKOUT_SESSION_ID}",
        "cancel_url": "http://127.0.0.1:3000/checkout/cancel",
        "customer_email": "ana@example.com",
        "client_reference_id": "quote-123",
        "metadata": {"quote_id": "quote-123", "user_id": "u-1"},
        "line_items": [
            {
                "quantity": 1,
                "price_data": {
                    "currency": "brl",
                    "unit_amount": 250000,
                    "product_data": {"name": "Pacote Rio de Janeiro", "description": "Voo + hotel 5 noites"},
                },
            },
            {
                "quantity": 2,
                "price_data": {"currency": "brl", "unit_amount": 12050, "product_data": {"name": "Transfer aeroporto"}},
            },
        ],
    }
    params.update(overrides)
    return params


def verify(delivery: Delivery) -> stripe.Event:
    """Check the signature exactly as the app will."""
    return stripe.Webhook.construct_event(delivery.body, delivery.signature, WEBHOOK_SECRET)


def pay(http: httpx.Client, session_id: str, card: str = "4242424242424242") -> httpx.Response:
    return http.post(f"/_sandbox/sessions/{session_id}/pay", json={"card_number": card})
