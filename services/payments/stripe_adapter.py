"""Stripe over the official SDK: Checkout Sessions and refunds. Real Stripe or the local sandbox.

Blocking calls (the SDK's sync client): the async API runs them in `asyncio.to_thread`. Every
write carries an idempotency key chosen by the caller, so a retried call never charges or refunds
twice. Stripe's errors become our errors: unreachable/5xx → ServiceUnavailable, others → DreamsError.
"""

from __future__ import annotations

import logging
from typing import Any

import stripe

from services.config import Settings
from services.errors import DreamsError, NotFound, ServiceUnavailable

log = logging.getLogger(__name__)

UNAVAILABLE = "The payment service is not answering right now. Please try again in a moment."


class StripeGateway:
    def __init__(self, client: stripe.StripeClient):
        self._client = client

    @classmethod
    def from_settings(cls, settings: Settings) -> "StripeGateway":
        options: dict[str, Any] = {"max_network_retries": 2}
        if settings.stripe_api_base:
            options["base_addresses"] = {"api": settings.stripe_api_base}
        return cls(stripe.StripeClient(settings.stripe_secret_key.get_secret_value(), **options))

    def create_checkout_session(self, params: dict[str, Any], idempotency_key: str) -> dict[str, Any]:
        return self._call(
            self._client.v1.checkout.sessions.create, params=params, options={"idempotency_key": idempotency_key}
        )

    def retrieve_checkout_session(self, session_id: str) -> dict[str, Any]:
        return self._call(self._client.v1.checkout.sessions.retrieve, session_id)

    def expire_checkout_session(self, session_id: str) -> dict[str, Any]:
        """POST /v1/checkout/sessions/{id}/expire: nobody can pay it any more (idempotent at Stripe's
        side only for an open session; the caller checks it is open first)."""
        return self._call(self._client.v1.checkout.sessions.expire, session_id)

    def refund(
        self, payment_intent: str, amount_cents: int, idempotency_key: str, metadata: dict[str, str]
    ) -> dict[str, Any]:
        return self._call(
            self._client.v1.refunds.create,
            params={
                "payment_intent": payment_intent,
                "amount": amount_cents,
                "reason": "requested_by_customer",
                "metadata": metadata,
            },
            options={"idempotency_key": idempotency_key},
        )

    @staticmethod
    def _call(method, *args: Any, **kwargs: Any) -> dict[str, Any]:
        try:
            return method(*args, **kwargs).to_dict()
        except (stripe.APIConnectionError, stripe.RateLimitError) as exc:
            log.warning("stripe unreachable: %s", exc)
            raise ServiceUnavailable(UNAVAILABLE, dependency="stripe") from exc
        except stripe.StripeError as exc:
            if (exc.http_status or 500) >= 500:
                log.warning("stripe failed: %s", exc)
                raise ServiceUnavailable(UNAVAILABLE, dependency="stripe") from exc
            if getattr(exc, "code", None) == "resource_missing":
                raise NotFound("Payment not found.") from exc
            log.error("stripe refused the request: %s", exc)
            raise DreamsError(f"The payment service refused the request: {exc.user_message or exc}") from exc
