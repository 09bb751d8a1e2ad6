"""The Stripe v1 API subset the app uses (routes -> sessions/payments)."""
from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from . import objects, payments, sessions
from .context import Sandbox
from .endpoint import Call, paginate, stripe_endpoint
from .errors import StripeError, not_found
from .events import matches_type, render_event


def create_session(call: Call) -> dict[str, Any]:
    return objects.render(call.sandbox.store, sessions.create(call.sandbox, call.params),
                          call.expand)


def retrieve_session(call: Call) -> dict[str, Any]:
    session = sessions.get(call.sandbox, call.path["id"])
    return objects.render(call.sandbox.store, session, call.expand)


def list_sessions(call: Call) -> dict[str, Any]:
    wanted = {k: call.params[k] for k in ("payment_intent", "status", "customer_email")
              if call.params.get(k)}
    found = call.sandbox.store.list(
        "checkout.session", lambda s: all(s.get(k) == v for k, v in wanted.items()))
    return paginate(call, [objects.public(s) for s in found], "/v1/checkout/sessions")


def expire_session(call: Call) -> dict[str, Any]:
    return objects.render(call.sandbox.store, sessions.expire(call.sandbox, call.path["id"]),
                          call.expand)


def session_line_items(call: Call) -> dict[str, Any]:
    session = sessions.get(call.sandbox, call.path["id"])
    return paginate(call, objects.public(session["_line_items"]),
                    f"/v1/checkout/sessions/{session['id']}/line_items")


def retrieve_payment_intent(call: Call) -> dict[str, Any]:
    pi = payments.get_payment_intent(call.sandbox, call.path["id"])
    return objects.render(call.sandbox.store, pi, call.expand)


def retrieve_charge(call: Call) -> dict[str, Any]:
    charge = call.sandbox.store.get(call.path["id"], "charge")
    if charge is None:
        raise not_found("charge", call.path["id"], param="charge")
    return objects.render(call.sandbox.store, charge, call.expand)


def create_refund(call: Call) -> dict[str, Any]:
    refund = payments.refund(call.sandbox, call.params, call.request_info)
    return objects.render(call.sandbox.store, refund, call.expand)


def retrieve_refund(call: Call) -> dict[str, Any]:
    refund = call.sandbox.store.get(call.path["id"], "refund")
    if refund is None:
        raise not_found("refund", call.path["id"], param="refund")
    return objects.render(call.sandbox.store, refund, call.expand)


def list_refunds(call: Call) -> dict[str, Any]:
    wanted = {k: call.params[k] for k in ("payment_intent", "charge") if call.params.get(k)}
    found = call.sandbox.store.list("refund",
                                    lambda r: all(r.get(k) == v for k, v in wanted.items()))
    return paginate(call, found, "/v1/refunds")


def list_events(call: Call) -> dict[str, Any]:
    patterns = [call.params["type"]] if call.params.get("type") else []
    patterns += list(call.params.get("types") or [])
    found = call.sandbox.store.list("event", lambda e: matches_type(e, patterns))
    return paginate(call, [render_event(call.sandbox.store, e) for e in found], "/v1/events")


def retrieve_event(call: Call) -> dict[str, Any]:
    event = call.sandbox.store.get(call.path["id"], "event")
    if event is None:
        raise not_found("event", call.path["id"], param="id")
    return render_event(call.sandbox.store, event)


def routes(sandbox: Sandbox) -> list[Route]:
    def route(path: str, handler: Any, method: str) -> Route:
        return Route(path, stripe_endpoint(sandbox, handler), methods=[method])

    async def unrecognized(request: Request) -> JSONResponse:
        return StripeError(
            f"Unrecognized request URL ({request.method}: {request.url.path}). The local "
            "sandbox implements only the endpoints listed in devstack/stripe_sandbox/api_routes.py.",
            status=404).response()

    return [
        route("/v1/checkout/sessions", create_session, "POST"),
        route("/v1/checkout/sessions", list_sessions, "GET"),
        route("/v1/checkout/sessions/{id}", retrieve_session, "GET"),
        route("/v1/checkout/sessions/{id}/expire", expire_session, "POST"),
        route("/v1/checkout/sessions/{id}/line_items", session_line_items, "GET"),
        route("/v1/payment_intents/{id}", retrieve_payment_intent, "GET"),
        route("/v1/charges/{id}", retrieve_charge, "GET"),
        route("/v1/refunds", create_refund, "POST"),
        route("/v1/refunds", list_refunds, "GET"),
        route("/v1/refunds/{id}", retrieve_refund, "GET"),
        route("/v1/events", list_events, "GET"),
        route("/v1/events/{id}", retrieve_event, "GET"),
        Route("/v1/{rest:path}", unrecognized,
              methods=["GET", "POST", "DELETE", "PUT", "PATCH"]),
    ]
