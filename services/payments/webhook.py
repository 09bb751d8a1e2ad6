"""Stripe's webhook: verify the signature on the raw bytes, publish the event to `payments`, and
answer 2xx only once Kafka acknowledged it (acks=all), so Stripe retries whatever we did not keep.

- Missing or bad signature (or a stale timestamp, > 5 min) → 400, nothing published.
- Kafka unavailable → 503: Stripe redelivers later.
- The message is `stripe.event` v1 whose envelope id is the Stripe event id. Its key is the
  Checkout Session id, so every event of one purchase lands on one partition in order. A
  `charge.refunded` carries a charge, not a session: its key is the session of the purchase with
  that payment intent (one indexed lookup), or the payment intent id if no purchase exists yet
  (the worker handles that order too, see handlers.py).
- The correlation id of every message of one purchase is its Checkout Session id (a refund's: the
  message key above): the webhook starts it, the payments worker carries it to packages-purchased
  and the receipt, and every log line on the way has it (services/observability).
- Each delivery counts in `dreams_webhooks_received_total{type, status}`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import stripe

from services.errors import ServiceUnavailable
from services.messaging.envelope import Envelope
from services.messaging.topics import PAYMENTS
from services.observability.context import bound
from services.payments.metrics import WEBHOOKS_RECEIVED
from services.payments.messages import StripeEventReceived

log = logging.getLogger(__name__)

Publish = Callable[..., Awaitable[Any]]  # Publisher.publish_async(topic, envelope, key=...)


def stripe_event_envelope(event: dict[str, Any], correlation_id: str | None = None) -> Envelope:
    """The envelope for a Stripe event (validated like the worker will); its correlation id is the
    given one, else the Checkout Session's id when the event is about a session."""
    message = StripeEventReceived.model_validate({"event": event})
    obj = event["data"]["object"]
    session_id = obj.get("id") if obj.get("object") == "checkout.session" else None
    return Envelope(
        type=StripeEventReceived.TYPE,
        version=StripeEventReceived.VERSION,
        id=event["id"],
        correlation_id=correlation_id or session_id,
        data=message.model_dump(mode="json"),
    )


async def message_key(event: dict[str, Any], purchases) -> str:
    obj = event["data"]["object"]
    if obj.get("object") == "charge" and isinstance(obj.get("payment_intent"), str):
        found = await purchases.find_one({"payment.payment_intent": obj["payment_intent"]}, {"payment.session_id": 1})
        return found["payment"]["session_id"] if found else obj["payment_intent"]
    return str(obj.get("id") or event["id"])


async def receive(body: bytes, signature: str | None, *, secret: str, publish: Publish, purchases) -> tuple[int, dict]:
    status, answer, event_type = await _receive(body, signature, secret=secret, publish=publish, purchases=purchases)
    WEBHOOKS_RECEIVED.labels(type=event_type, status=str(status)).inc()
    return status, answer


async def _receive(
    body: bytes, signature: str | None, *, secret: str, publish: Publish, purchases
) -> tuple[int, dict, str]:
    """(HTTP status, JSON answer, the event's type or "unverified")."""
    if not signature:
        return 400, {"error": "missing Stripe-Signature header"}, "unverified"
    try:
        stripe.WebhookSignature.verify_header(body.decode("utf-8"), signature, secret, stripe.Webhook.DEFAULT_TOLERANCE)
        event = json.loads(body)
        envelope = stripe_event_envelope(event)
    except (stripe.SignatureVerificationError, UnicodeDecodeError) as exc:
        log.warning("webhook refused: %s", exc)
        return 400, {"error": "invalid signature"}, "unverified"
    except (ValueError, KeyError, TypeError) as exc:  # signed by Stripe but not an event we can read
        log.error("webhook with a valid signature but an unreadable event: %s", exc)
        return 400, {"error": "invalid event"}, "unverified"
    event_type = str(event.get("type"))[:100]
    with bound(message_id=event["id"], type=event_type, correlation_id=envelope.correlation_id):
        try:
            key = await message_key(event, purchases)
            envelope = envelope.model_copy(update={"correlation_id": envelope.correlation_id or key})
            with bound(correlation_id=envelope.correlation_id, topic=PAYMENTS.name):
                await publish(PAYMENTS.name, envelope, key=key)
                log.info("webhook %s %s published", event_type, event["id"])
        except ServiceUnavailable as exc:  # PublishFailed is one
            log.error("webhook %s not published: %s", event["id"], exc)
            return 503, {"error": "temporarily unavailable"}, event_type
        except Exception as exc:  # noqa: BLE001 - Mongo down etc.: Stripe must retry, never a lost event
            log.exception("webhook %s not published", event["id"])
            return 503, {"error": f"temporarily unavailable ({type(exc).__name__})"}, event_type
    return 200, {"received": True, "id": event["id"]}, event_type


class StripeWebhook:
    """The web app's POST /api/stripe/webhook: `handle(body, signature)` → (HTTP status, JSON body).
    A forged request is refused before anything touches Kafka or Mongo."""

    def __init__(self, secret: str, publish: Publish, purchases):
        self._secret, self._publish, self._purchases = secret, publish, purchases

    async def handle(self, body: bytes, signature: str | None) -> tuple[int, dict]:
        return await receive(body, signature, secret=self._secret, publish=self._publish, purchases=self._purchases)
