"""Prometheus collectors of the payments side (module level: registered once per process)."""

from __future__ import annotations

from prometheus_client import Counter

# type: the Stripe event type ("unverified" when refused before it could be read); status: the answer.
WEBHOOKS_RECEIVED = Counter("dreams_webhooks_received_total", "Stripe webhook deliveries received", ["type", "status"])
