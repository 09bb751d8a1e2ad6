"""Webhook delivery in a background thread: POST the signed event, retry with exponential backoff.

Deliveries live in SQLite, so a restart resumes pending retries. Each attempt is signed afresh
(new timestamp), as Stripe does; the payload bytes stay the same. Redirects count as failures.
The same loop expires open Checkout Sessions whose `expires_at` has passed.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable

import httpx

from .config import SandboxConfig
from .signing import signature_header
from .store import Store

log = logging.getLogger("stripe_sandbox.delivery")


class Deliverer:
    def __init__(self, store: Store, config: SandboxConfig, sweep: Callable[[], None] | None = None) -> None:
        self._store = store
        self._config = config
        self._sweep = sweep
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="webhook-delivery", daemon=True)
        self._client = httpx.Client(
            timeout=config.webhook_timeout_s,
            follow_redirects=False,
            headers={"User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)"},
        )

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=self._config.webhook_timeout_s + 2)
        self._client.close()

    def notify(self) -> None:
        """New deliveries were queued: attempt them now instead of at the next tick."""
        self._wake.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                if self._sweep:
                    self._sweep()
                for row in self._store.due_deliveries(time.time()):
                    if self._stop.is_set():
                        return
                    self._attempt(row["id"], row["event_id"], row["url"], row["attempts"] + 1)
            except Exception:  # keep the loop alive; the log says what broke
                log.exception("delivery loop error")
            next_due = self._store.next_due_at()
            wait = self._config.sweep_interval_s
            if next_due is not None:
                wait = max(0.0, min(wait, next_due - time.time()))
            self._wake.wait(timeout=wait)
            self._wake.clear()

    def _attempt(self, delivery_id: int, event_id: str, url: str, attempt: int) -> None:
        event = self._store.get(event_id, "event")
        if event is None:
            return
        payload = json.dumps(event, indent=2).encode()
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "Stripe-Signature": signature_header(payload, self._config.webhook_secret.get_secret_value()),
        }
        started = time.monotonic()
        status_code: int | None = None
        error: str | None = None
        try:
            response = self._client.post(url, content=payload, headers=headers)
            status_code = response.status_code
            if not 200 <= status_code < 300:
                error = f"HTTP {status_code}: {response.text[:200]}"
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}"[:300]
        duration_ms = int((time.monotonic() - started) * 1000)
        if error is None:
            status, next_at = "succeeded", None
        elif attempt >= self._config.max_attempts:
            status, next_at = "failed", None
        else:
            status = "pending"
            next_at = time.time() + self._config.retry_base_s * 2 ** (attempt - 1)
        self._store.record_attempt(delivery_id, attempt, status, next_at, status_code, error, duration_ms)
        log.info(
            "webhook %s %s -> %s (attempt %d, %s)",
            event["type"],
            event_id,
            url,
            attempt,
            status if error is None else f"{status}: {error}",
        )
