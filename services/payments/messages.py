"""Messages of the payments area on Kafka.

- `stripe.event` v1 on `payments` (key: Checkout Session id): a verified Stripe event, whole. The
  envelope id is the Stripe event id. Only the fields the worker relies on are checked here; the
  rest of the event travels untouched (extra fields allowed).
- `packages.purchased` v1 on `packages-purchased` (key: purchase id): a purchase was recorded.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from services.messaging.registry import Message, message


class StripeEventData(BaseModel):
    model_config = ConfigDict(extra="allow")

    object: dict[str, Any]


class StripeEvent(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str = Field(min_length=1, max_length=255)
    type: str = Field(min_length=1, max_length=100)
    created: int
    data: StripeEventData


@message("stripe.event", 1)
class StripeEventReceived(Message):
    event: StripeEvent


@message("packages.purchased", 1)
class PackagePurchased(Message):
    purchase_id: str
    user_id: str
    package_id: str
    session_id: str
    total_cents: int
    currency: str
    departure_at: datetime
    purchased_at: datetime
