"""Test-only controls and debug views, outside Stripe's namespace (/_sandbox/...).

Unauthenticated on purpose: the sandbox listens on 127.0.0.1 and holds only test data.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from . import objects, payments, sessions
from .config import API_VERSION
from .context import Sandbox
from .errors import StripeError, invalid, not_found
from .ids import now

SERVICE = "stripe-sandbox"


class PayRequest(BaseModel):
    card_number: str = "4242424242424242"
    exp_month: int = 12
    exp_year: int = dt.date.today().year + 3
    cvc: str = "123"
    name: str = "Test Customer"
    email: str = ""


def routes(sandbox: Sandbox) -> list[Route]:
    async def health(_: Request) -> JSONResponse:
        return JSONResponse(
            {"ok": True, "service": SERVICE, "api_version": API_VERSION, "webhook_urls": sandbox.config.webhook_urls}
        )

    async def pay(request: Request) -> JSONResponse:
        """Pay a session as the hosted page would: {"card_number": "4242..."} (all optional)."""
        try:
            body = PayRequest.model_validate_json((await request.body()) or b"{}")
            payment = payments.CardPayment(
                number=body.card_number,
                exp_month=body.exp_month,
                exp_year=body.exp_year,
                cvc=body.cvc,
                name=body.name,
                email=body.email,
            )
            session = payments.pay(sandbox, request.path_params["id"], payment)
        except ValidationError as exc:
            return invalid(f"Invalid control request: {exc.errors()[0]['msg']}").response()
        except StripeError as error:
            return error.response()
        return JSONResponse(objects.render(sandbox, session, ["payment_intent"]))

    async def lapse(request: Request) -> JSONResponse:
        """Move an open session's expires_at to now and let the sweep expire it (natural expiry)."""
        try:
            session = sessions.get(sandbox, request.path_params["id"])
        except StripeError as error:
            return error.response()
        if session["status"] == "open":
            session["expires_at"] = now()
            sandbox.store.put(session)
            sessions.sweep(sandbox)
        return JSONResponse(objects.public(sandbox.store.get(session["id"])))

    async def deliveries(request: Request) -> JSONResponse:
        """Webhook deliveries with every attempt; filter by ?event_id= / ?type= / ?object_id=."""
        query = request.query_params
        events: dict[str, Any] = {e["id"]: e for e in sandbox.store.list("event")}
        wanted = {
            eid
            for eid, e in events.items()
            if (not query.get("event_id") or eid == query["event_id"])
            and (not query.get("type") or e["type"] == query["type"])
            and (not query.get("object_id") or e["data"]["object"]["id"] == query["object_id"])
        }
        rows = sandbox.store.deliveries(wanted)
        for row in rows:
            event = events[row["event_id"]]
            row["event_type"] = event["type"]
            row["object_id"] = event["data"]["object"]["id"]
        return JSONResponse({"data": rows})

    async def resend(request: Request) -> JSONResponse:
        """Queue a fresh delivery of an event to every endpoint (like `stripe events resend`)."""
        event = sandbox.store.get(request.path_params["id"], "event")
        if event is None:
            return not_found("event", request.path_params["id"]).response()
        ids = [sandbox.store.add_delivery(event["id"], url) for url in sandbox.config.webhook_urls]
        sandbox.wake_deliverer()
        return JSONResponse({"event": event["id"], "deliveries": ids})

    return [
        Route("/_sandbox/health", health, methods=["GET"]),
        Route("/_sandbox/events/{id}/resend", resend, methods=["POST"]),
        Route("/_sandbox/sessions/{id}/pay", pay, methods=["POST"]),
        Route("/_sandbox/sessions/{id}/lapse", lapse, methods=["POST"]),
        Route("/_sandbox/deliveries", deliveries, methods=["GET"]),
    ]
