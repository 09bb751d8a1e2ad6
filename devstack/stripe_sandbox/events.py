"""Stripe events: built from an object snapshot, stored, and queued for every webhook endpoint.

The sandbox endpoint behaves like one registered with enabled_events = the types emitted here:
checkout.session.completed, checkout.session.expired, charge.refunded.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .config import API_VERSION
from .ids import new_id, now
from .objects import public
from .store import Store

if TYPE_CHECKING:
    from .context import Sandbox


def emit(
    store: Store,
    webhook_urls: list[str],
    type_: str,
    obj: dict[str, Any],
    previous: dict[str, Any] | None = None,
    request: dict[str, Any] | None = None,
    complete: Callable[[dict[str, Any]], dict[str, Any]] = lambda o: o,
) -> dict[str, Any]:
    """Record the event and its pending deliveries (call inside the state change's transaction).

    `complete` adds the fields the spec says an object always has (to the event and its object)."""
    data: dict[str, Any] = {"object": complete(public(obj))}
    if previous:
        data["previous_attributes"] = previous
    event = {
        "id": new_id("evt"),
        "object": "event",
        "api_version": API_VERSION,
        "created": now(),
        "data": data,
        "livemode": False,
        "pending_webhooks": len(webhook_urls),
        "request": request or {"id": None, "idempotency_key": None},
        "type": type_,
    }
    event = complete(event)
    with store.transaction():
        store.put(event)
        for url in webhook_urls:
            store.add_delivery(event["id"], url)
    return event


def render_event(sandbox: "Sandbox", event: dict[str, Any]) -> dict[str, Any]:
    """The event as the API shows it; its `data.object` has every field its type always has."""
    data = {**event["data"], "object": sandbox.spec.complete_object(event["data"]["object"])}
    return sandbox.spec.complete_object(
        {**event, "data": data, "pending_webhooks": sandbox.store.pending_count(event["id"])}
    )


def matches_type(event: dict[str, Any], patterns: list[str]) -> bool:
    """Stripe's `type` filter: exact names or a trailing `*` wildcard (checkout.session.*)."""
    if not patterns:
        return True
    return any(event["type"].startswith(p[:-1]) if p.endswith("*") else event["type"] == p for p in patterns)
