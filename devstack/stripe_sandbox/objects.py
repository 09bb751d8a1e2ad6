"""Builders for Stripe-shaped JSON objects, rendering (private keys out) and `expand`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import invalid
from .ids import new_id, now

if TYPE_CHECKING:
    from .context import Sandbox


def public(value: Any) -> Any:
    """Drop sandbox-private keys (leading "_") at any depth."""
    if isinstance(value, dict):
        return {k: public(v) for k, v in value.items() if not k.startswith("_")}
    if isinstance(value, list):
        return [public(v) for v in value]
    return value


def list_object(data: list[dict[str, Any]], url: str, has_more: bool = False) -> dict[str, Any]:
    return {"object": "list", "data": data, "has_more": has_more, "url": url}


def line_item(currency: str, unit_amount: int, quantity: int, name: str, description: str | None) -> dict[str, Any]:
    product_id = new_id("prod", 14)
    amount = unit_amount * quantity
    return {
        "id": new_id("li"),
        "object": "item",
        "amount_discount": 0,
        "amount_subtotal": amount,
        "amount_tax": 0,
        "amount_total": amount,
        "currency": currency,
        "description": name,
        "price": {
            "id": new_id("price"),
            "object": "price",
            "active": False,
            "billing_scheme": "per_unit",
            "created": now(),
            "currency": currency,
            "livemode": False,
            "lookup_key": None,
            "metadata": {},
            "nickname": None,
            "product": product_id,
            "recurring": None,
            "tax_behavior": "unspecified",
            "type": "one_time",
            "unit_amount": unit_amount,
            "unit_amount_decimal": str(unit_amount),
        },
        "quantity": quantity,
        "_product": {"id": product_id, "name": name, "description": description},
    }


def checkout_session(
    *, currency: str, items: list[dict[str, Any]], fields: dict[str, Any], expires_at: int, public_base: str
) -> dict[str, Any]:
    session_id = new_id("cs_test", 58)
    total = sum(i["amount_total"] for i in items)
    return {
        "id": session_id,
        "object": "checkout.session",
        "after_expiration": None,
        "allow_promotion_codes": None,
        "amount_subtotal": total,
        "amount_total": total,
        "automatic_tax": {"enabled": False, "liability": None, "status": None},
        "billing_address_collection": None,
        "cancel_url": fields.get("cancel_url"),
        "client_reference_id": fields.get("client_reference_id"),
        "client_secret": None,
        "consent": None,
        "created": now(),
        "currency": currency,
        "custom_fields": [],
        "customer": None,
        "customer_creation": "if_required",
        "customer_details": None,
        "customer_email": fields.get("customer_email"),
        "expires_at": expires_at,
        "invoice": None,
        "livemode": False,
        "locale": fields.get("locale"),
        "metadata": fields.get("metadata", {}),
        "mode": "payment",
        "payment_intent": None,
        "payment_link": None,
        "payment_method_types": ["card"],
        "payment_status": "unpaid",
        "phone_number_collection": {"enabled": False},
        "recovered_from": None,
        "status": "open",
        "submit_type": fields.get("submit_type"),
        "success_url": fields["success_url"],
        "total_details": {"amount_discount": 0, "amount_shipping": 0, "amount_tax": 0},
        "ui_mode": "hosted_page",
        "url": f"{public_base}/pay/{session_id}",
        "_line_items": items,
        "_payment_intent_data": fields.get("payment_intent_data", {}),
    }


def payment_intent(session: dict[str, Any], charge_id: str, payment_method_id: str, email: str) -> dict[str, Any]:
    pi_id = new_id("pi")
    extra = session.get("_payment_intent_data") or {}
    return {
        "id": pi_id,
        "object": "payment_intent",
        "amount": session["amount_total"],
        "amount_capturable": 0,
        "amount_received": session["amount_total"],
        "amount_details": {},
        "capture_method": "automatic",
        "client_secret": f"{pi_id}_secret_{new_id('s', 20)[2:]}",
        "confirmation_method": "automatic",
        "created": now(),
        "currency": session["currency"],
        "customer": None,
        "description": extra.get("description"),
        "last_payment_error": None,
        "latest_charge": charge_id,
        "livemode": False,
        "metadata": extra.get("metadata", {}),
        "payment_method": payment_method_id,
        "payment_method_types": ["card"],
        "receipt_email": email,
        "status": "succeeded",
    }


def charge(pi: dict[str, Any], charge_id: str, card: dict[str, Any], name: str, email: str) -> dict[str, Any]:
    return {
        "id": charge_id,
        "object": "charge",
        "amount": pi["amount"],
        "amount_captured": pi["amount"],
        "amount_refunded": 0,
        "balance_transaction": new_id("txn"),
        "billing_details": {"address": None, "email": email, "name": name, "phone": None},
        "captured": True,
        "created": now(),
        "currency": pi["currency"],
        "description": pi["description"],
        "disputed": False,
        "failure_code": None,
        "failure_message": None,
        "livemode": False,
        "metadata": pi["metadata"],
        "outcome": {
            "network_status": "approved_by_network",
            "reason": None,
            "risk_level": "normal",
            "seller_message": "Payment complete.",
            "type": "authorized",
        },
        "paid": True,
        "payment_intent": pi["id"],
        "payment_method": pi["payment_method"],
        "payment_method_details": {
            "type": "card",
            "card": {**card, "overcapture": {"maximum_amount_capturable": pi["amount"], "status": "unavailable"}},
        },
        "receipt_email": email,
        "receipt_url": None,
        "refunded": False,
        "status": "succeeded",
    }


def refund(charge_obj: dict[str, Any], amount: int, reason: str | None, metadata: dict[str, str]) -> dict[str, Any]:
    return {
        "id": new_id("re"),
        "object": "refund",
        "amount": amount,
        "balance_transaction": new_id("txn"),
        "charge": charge_obj["id"],
        "created": now(),
        # A card refund goes back as a refund to the card (not a reversal of an authorisation).
        "destination_details": {
            "card": {"reference": None, "reference_status": "pending", "reference_type": None, "type": "refund"},
            "type": "card",
        },
        "currency": charge_obj["currency"],
        "metadata": metadata,
        "payment_intent": charge_obj["payment_intent"],
        "reason": reason,
        "receipt_number": None,
        "source_transfer_reversal": None,
        "status": "succeeded",
        "transfer_reversal": None,
    }


def render(sandbox: "Sandbox", obj: dict[str, Any], expand: list[str]) -> dict[str, Any]:
    """The public JSON of `obj` with `expand[]` applied (nested paths too: `payment_intent.
    latest_charge`) and every field the spec says the object always has."""
    spec = sandbox.spec
    schema = spec.object_schema(obj["object"])
    result = public(obj)
    if "_line_items" in obj and any(p.split(".")[0] == "line_items" for p in expand):
        result["line_items"] = list_object(  # includable: only there when asked for
            public(obj["_line_items"]), f"/v1/checkout/sessions/{obj['id']}/line_items"
        )
    for path in expand:
        _expand(sandbox, result, schema, path.split("."), path)
    return spec.complete(result, schema)


def render_list(
    sandbox: "Sandbox", items: list[dict[str, Any]], url: str, has_more: bool, expand: list[str], object_name: str
) -> dict[str, Any]:
    """A list object of `object_name`s; `expand[]` paths start with `data.` as at Stripe."""
    schema = {
        "properties": {
            "object": {"enum": ["list"], "type": "string"},
            "has_more": {"type": "boolean"},
            "url": {"type": "string"},
            "data": {"type": "array", "items": {"$ref": f"#/components/schemas/{object_name}"}},
        },
        "x-expandableFields": ["data"],
    }
    result = list_object([public(i) for i in items], url, has_more)
    for path in expand:
        _expand(sandbox, result, schema, path.split("."), path)
    return sandbox.spec.complete(result, schema)


def _expand(sandbox: "Sandbox", node: dict[str, Any], schema: dict[str, Any], segments: list[str], full: str) -> None:
    spec = sandbox.spec
    field, rest = segments[0], segments[1:]
    if field not in spec.expandable(schema):
        raise invalid(f"This property cannot be expanded ({full}).", param="expand")
    value = node.get(field)
    if isinstance(value, str) and spec.is_expansion(schema, field):
        target = sandbox.store.get(value)
        if target is not None:
            node[field] = value = public(target)
    if not rest or value is None:
        return
    inner = spec.field_schema(schema, field)
    if isinstance(value, list):  # a list's `data`
        for item in value:
            if isinstance(item, dict):
                _expand(sandbox, item, inner.get("items", {}), rest, full)
    elif isinstance(value, dict):
        _expand(sandbox, value, inner, rest, full)
