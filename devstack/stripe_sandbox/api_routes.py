"""The Stripe v1 API subset the app uses (routes -> sessions/payments).

Each route's path is the spec's own template (`/v1/checkout/sessions/{session}`), so the endpoint
wrapper checks its parameters against that operation of Stripe's OpenAPI spec before the handler
runs (spec.py); handlers then apply the rules the spec cannot state.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from . import payments, sessions
from .context import Sandbox
from .endpoint import Call, paginate, stripe_endpoint
from .errors import StripeError, not_found
from .events import matches_type, render_event


def create_session(call: Call) -> dict[str, Any]:
    return call.render(sessions.create(call.sandbox, call.params))


def retrieve_session(call: Call) -> dict[str, Any]:
    return call.render(sessions.get(call.sandbox, call.path["session"]))


def update_session(call: Call) -> dict[str, Any]:
    return call.render(sessions.update(call.sandbox, call.path["session"], call.params))


def list_sessions(call: Call) -> dict[str, Any]:
    wanted = {k: call.params[k] for k in ("payment_intent", "status") if call.params.get(k)}
    email = (call.params.get("customer_details") or {}).get("email")
    found = call.sandbox.store.list(
        "checkout.session",
        lambda s: (
            all(s.get(k) == v for k, v in wanted.items())
            and (not email or (s.get("customer_details") or {}).get("email") == email)
        ),
    )
    return paginate(call, found, "/v1/checkout/sessions", "checkout.session")


def expire_session(call: Call) -> dict[str, Any]:
    return call.render(sessions.expire(call.sandbox, call.path["session"]))


def session_line_items(call: Call) -> dict[str, Any]:
    session = sessions.get(call.sandbox, call.path["session"])
    return paginate(call, session["_line_items"], f"/v1/checkout/sessions/{session['id']}/line_items", "item")


def retrieve_payment_intent(call: Call) -> dict[str, Any]:
    return call.render(payments.get_payment_intent(call.sandbox, call.path["intent"]))


def retrieve_charge(call: Call) -> dict[str, Any]:
    charge = call.sandbox.store.get(call.path["charge"], "charge")
    if charge is None:
        raise not_found("charge", call.path["charge"], param="charge")
    return call.render(charge)


def create_refund(call: Call) -> dict[str, Any]:
    return call.render(payments.refund(call.sandbox, call.params, call.request_info))


def retrieve_refund(call: Call) -> dict[str, Any]:
    refund = call.sandbox.store.get(call.path["refund"], "refund")
    if refund is None:
        raise not_found("refund", call.path["refund"], param="refund")
    return call.render(refund)


def list_refunds(call: Call) -> dict[str, Any]:
    wanted = {k: call.params[k] for k in ("payment_intent", "charge") if call.params.get(k)}
    found = call.sandbox.store.list("refund", lambda r: all(r.get(k) == v for k, v in wanted.items()))
    return paginate(call, found, "/v1/refunds", "refund")


def list_events(call: Call) -> dict[str, Any]:
    patterns = [call.params["type"]] if call.params.get("type") else []
    patterns += list(call.params.get("types") or [])
    found = call.sandbox.store.list("event", lambda e: matches_type(e, patterns))
    return paginate(call, [render_event(call.sandbox, e) for e in found], "/v1/events", "event")


def retrieve_event(call: Call) -> dict[str, Any]:
    event = call.sandbox.store.get(call.path["id"], "event")
    if event is None:
        raise not_found("event", call.path["id"], param="id")
    return render_event(call.sandbox, event)


# (method, the spec's path template, handler). `/v1/checkout/sessions/search` is no Stripe
# endpoint: like Stripe, it is the retrieve of a session called "search" (404, or 400 for its
# `query` parameter, which retrieve does not take).
ENDPOINTS: list[tuple[str, str, Any]] = [
    ("POST", "/v1/checkout/sessions", create_session),
    ("GET", "/v1/checkout/sessions", list_sessions),
    ("GET", "/v1/checkout/sessions/{session}", retrieve_session),
    ("POST", "/v1/checkout/sessions/{session}", update_session),
    ("POST", "/v1/checkout/sessions/{session}/expire", expire_session),
    ("GET", "/v1/checkout/sessions/{session}/line_items", session_line_items),
    ("GET", "/v1/payment_intents/{intent}", retrieve_payment_intent),
    ("GET", "/v1/charges/{charge}", retrieve_charge),
    ("POST", "/v1/refunds", create_refund),
    ("GET", "/v1/refunds", list_refunds),
    ("GET", "/v1/refunds/{refund}", retrieve_refund),
    ("GET", "/v1/events", list_events),
    ("GET", "/v1/events/{id}", retrieve_event),
]
PATHS = {template for _, template, _ in ENDPOINTS}


def routes(sandbox: Sandbox) -> list[Route]:
    async def unrecognized(request: Request) -> JSONResponse:
        return StripeError(
            f"Unrecognized request URL ({request.method}: {request.url.path}). The local "
            "sandbox implements only the endpoints listed in devstack/stripe_sandbox/api_routes.py.",
            status=404,
        ).response()

    return [
        *(
            Route(template, stripe_endpoint(sandbox, handler, template), methods=[method])
            for method, template, handler in ENDPOINTS
        ),
        Route("/v1/{rest:path}", unrecognized, methods=["GET", "POST", "DELETE", "PUT", "PATCH"]),
    ]
