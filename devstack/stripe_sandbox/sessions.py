"""Checkout Session rules: create (validated like Stripe), expire, and the expiry sweep."""

from __future__ import annotations

import re
from typing import Any

from email_validator import EmailNotValidError, validate_email

from . import forms, objects
from .context import Sandbox
from .errors import StripeError, invalid, missing, not_found
from .ids import now

# Which parameters exist, their types and enums: the spec (checked before a handler runs).
# What is here are the rules the spec cannot state, and what the sandbox does not model.
MIN_EXPIRY_S, MAX_EXPIRY_S, CLOCK_SLACK_S = 30 * 60, 24 * 60 * 60, 5


def _url(params: dict[str, Any], key: str, required: bool) -> str | None:
    value = params.get(key)
    if value in (None, ""):
        if required:
            raise missing(key)
        return None
    if not re.match(r"^https?://[^\s/]+", str(value)):
        raise invalid("Not a valid URL", param=key, code="url_invalid")
    return str(value)


def _line_items(raw: Any) -> tuple[str, list[dict[str, Any]]]:
    if not raw:
        raise invalid("You must provide at least one line item (`line_items`) in payment mode.", param="line_items")
    if not isinstance(raw, list):
        raise invalid("Invalid array", param="line_items")
    items, currencies = [], set()
    for n, entry in enumerate(raw):
        name = forms.path("line_items", n)
        entry = forms.to_dict(entry, name)
        if "price" in entry:
            raise invalid(
                f"No such price: '{entry['price']}' (the sandbox supports price_data only)",
                param=forms.path("line_items", n, "price"),
                code="resource_missing",
            )
        price = forms.to_dict(forms.require(entry, "price_data", f"{name}[price_data]"), f"{name}[price_data]")
        currency = str(forms.require(price, "currency", f"{name}[price_data][currency]")).lower()
        if not re.fullmatch(r"[a-z]{3}", currency):
            raise invalid(f"Invalid currency: {currency}", param=f"{name}[price_data][currency]")
        unit_amount = forms.to_int(
            forms.require(price, "unit_amount", f"{name}[price_data][unit_amount]"),
            f"{name}[price_data][unit_amount]",
            minimum=0,
            maximum=99_999_999,
        )
        product = forms.to_dict(
            forms.require(price, "product_data", f"{name}[price_data][product_data]"),
            f"{name}[price_data][product_data]",
        )
        product_name = forms.to_str(
            forms.require(product, "name", f"{name}[price_data][product_data][name]"),
            f"{name}[price_data][product_data][name]",
            250,
        )
        description = product.get("description") or None
        quantity = forms.to_int(
            forms.require(entry, "quantity", f"{name}[quantity]"), f"{name}[quantity]", minimum=1, maximum=999_999
        )
        currencies.add(currency)
        items.append(objects.line_item(currency, unit_amount, quantity, product_name, description))
    if len(currencies) > 1:
        raise invalid("All line items must use the same currency.", param="line_items")
    return currencies.pop(), items


def create(sandbox: Sandbox, params: dict[str, Any]) -> dict[str, Any]:
    mode = forms.require(params, "mode")
    if mode != "payment":
        raise invalid(f"The sandbox supports only mode=payment, not {mode!r}.", param="mode")
    if params.get("ui_mode") not in (None, "", "hosted_page"):
        raise invalid(f"The sandbox has only the hosted page, not ui_mode={params['ui_mode']!r}.", param="ui_mode")
    fields: dict[str, Any] = {
        "success_url": _url(params, "success_url", required=True),
        "cancel_url": _url(params, "cancel_url", required=False),
        "metadata": forms.metadata(params.get("metadata")),
    }
    if params.get("client_reference_id"):
        fields["client_reference_id"] = forms.to_str(params["client_reference_id"], "client_reference_id", 200)
    if params.get("customer_email"):
        try:
            fields["customer_email"] = validate_email(
                str(params["customer_email"]), check_deliverability=False
            ).normalized
        except EmailNotValidError:
            raise invalid(
                f"Invalid email address: {params['customer_email']}", param="customer_email", code="email_invalid"
            ) from None
    for key in ("locale", "submit_type"):
        if params.get(key):
            fields[key] = str(params[key])
    pi_data = forms.to_dict(params.get("payment_intent_data") or {}, "payment_intent_data")
    fields["payment_intent_data"] = {
        "metadata": forms.metadata(pi_data.get("metadata"), "payment_intent_data[metadata]"),
        "description": pi_data.get("description") or None,
    }
    created = now()
    expires_at = created + MAX_EXPIRY_S
    if params.get("expires_at") not in (None, ""):
        expires_at = forms.to_int(params["expires_at"], "expires_at")
        if expires_at < created + MIN_EXPIRY_S - CLOCK_SLACK_S:
            raise invalid(
                "The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.",
                param="expires_at",
            )
        if expires_at > created + MAX_EXPIRY_S + CLOCK_SLACK_S:
            raise invalid(
                "The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.",
                param="expires_at",
            )
    currency, items = _line_items(params.get("line_items"))
    session = objects.checkout_session(
        currency=currency, items=items, fields=fields, expires_at=expires_at, public_base=sandbox.config.public_base
    )
    sandbox.store.put(session)
    return session


def get(sandbox: Sandbox, session_id: str) -> dict[str, Any]:
    session = sandbox.store.get(session_id, "checkout.session")
    if session is None:
        raise not_found("checkout.session", session_id, param="session")
    return session


# Stripe lets these change only on sessions created with `permissions[update_*]=server_only`,
# which the sandbox does not model; metadata can always be updated.
NEEDS_PERMISSION = {
    "line_items": "update_line_items",
    "shipping_options": "update_shipping_details",
    "collected_information": "update_shipping_details",
}


def update(sandbox: Sandbox, session_id: str, params: dict[str, Any]) -> dict[str, Any]:
    """POST /v1/checkout/sessions/{session}: metadata ("" unsets a key; metadata="" clears)."""
    for key, permission in NEEDS_PERMISSION.items():
        if key in params:
            raise invalid(
                f"You can only update `{key}` on a Checkout Session created with "
                f"`permissions[{permission}]=server_only`.",
                param=key,
            )
    with sandbox.store.transaction():
        session = get(sandbox, session_id)
        if "metadata" in params:
            raw = params["metadata"]
            if raw == "":
                session["metadata"] = {}
            else:
                merged = {**session["metadata"], **forms.to_dict(raw, "metadata")}
                session["metadata"] = forms.metadata({k: v for k, v in merged.items()})
        sandbox.store.put(session)
    return session


def expire(sandbox: Sandbox, session_id: str) -> dict[str, Any]:
    with sandbox.store.transaction():
        session = get(sandbox, session_id)
        if session["status"] != "open":
            raise StripeError('Only Checkout Sessions with a status in ["open"] can be expired.', param="session")
        session.update(status="expired", url=None)
        sandbox.store.put(session)
        sandbox.emit("checkout.session.expired", session)
    sandbox.wake_deliverer()
    return session


def sweep(sandbox: Sandbox) -> None:
    """Expire open sessions whose `expires_at` passed (Stripe does this on its own clock)."""
    for session in sandbox.store.open_sessions_expired_by(now()):
        try:
            expire(sandbox, session["id"])
        except StripeError:
            pass  # paid or expired meanwhile


def success_url(session: dict[str, Any]) -> str:
    return session["success_url"].replace("{CHECKOUT_SESSION_ID}", session["id"])
