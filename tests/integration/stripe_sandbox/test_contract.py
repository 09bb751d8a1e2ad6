"""The sandbox against Stripe's own stripe-mock, request by request (issue 14).

Every request the app makes through the official SDK (services/payments/stripe_adapter.py: session
create / retrieve / expire, refunds) and the other endpoints the sandbox serves are sent to both.
Both must accept, and the sandbox's object must have stripe-mock's fields with the same types and
the spec's enum values (contract.py); or both must reject with the same HTTP status and error
type, the sandbox naming Stripe's code and param. Where stripe-mock checks nothing (it is
stateless, and lax about currencies, idempotency keys and `expand`), the sandbox must reject as
Stripe does. The module ends with a summary table (requests, fields compared, rejections).
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
import stripe

from devstack import stripe_mock
from devstack.stripe_sandbox.spec import Spec
from services.config import Settings
from services.payments.checkout import session_params as app_session_params
from services.payments.stripe_adapter import StripeGateway

from .contract import TALLY, Tally, compare
from .helpers import pay, session_params


@dataclass
class Side:
    """One server as the app sees it: the SDK client and the app's own adapter over it."""

    client: stripe.StripeClient
    gateway: StripeGateway


@dataclass
class World:
    sandbox: Side
    mock: Side
    http: httpx.Client  # the sandbox's test controls (/_sandbox/...)

    def open_session(self) -> str:
        return self.sandbox.client.v1.checkout.sessions.create(params=session_params()).id

    def paid_session(self) -> dict[str, str]:
        session_id = self.open_session()
        paid = pay(self.http, session_id).json()
        return {
            "session": session_id,
            "intent": paid["payment_intent"]["id"],
            "charge": paid["payment_intent"]["latest_charge"],
        }

    def refunded(self) -> dict[str, str]:
        ids = self.paid_session()
        refund = self.sandbox.gateway.refund(ids["intent"], 500, f"contract:{uuid.uuid4()}", {})
        return {**ids, "refund": refund["id"]}


@dataclass
class Case:
    name: str
    send: Callable[[Side, dict[str, str]], Any]
    schema: str | None = None  # the object the answer is ("list:<object>" for a list)
    prepare: Callable[[World], dict[str, str]] = lambda world: {}
    reject: tuple[int, str | None, str | None] | None = None  # (status, code, param)
    oracle_checks: bool = True  # False: stripe-mock accepts it; Stripe (and the sandbox) do not


def _app_quote() -> dict[str, Any]:
    now = datetime.now(UTC)
    return {
        "_id": f"q_{uuid.uuid4().hex[:12]}",
        "user_id": "u-contract",
        "package_id": "pkg-1",
        "currency": "BRL",
        "total_cents": 512300,
        "summary": {
            "departure_at": now + timedelta(days=30),
            "return_at": now + timedelta(days=35),
            "travellers": 2,
            "origin": "GRU",
            "destination": "GIG",
            "hotel_name": "Hotel Contrato",
        },
    }


def _app_params(**overrides: Any) -> dict[str, Any]:
    """Exactly what services/payments/checkout.py sends to open a checkout."""
    params = app_session_params(
        _app_quote(), "ana@example.com", "pt-BR", "http://127.0.0.1:3000", int(time.time()) + 3600
    )
    params.update(overrides)
    return params


def _key() -> str:
    return f"contract:{uuid.uuid4()}"


def _create_with(**overrides: Any) -> Callable[[Side, dict[str, str]], Any]:
    return lambda side, ids: side.client.v1.checkout.sessions.create(
        params=_app_params(**overrides), options={"idempotency_key": _key()}
    )


def _line_item(**price_data: Any) -> list[dict[str, Any]]:
    return [
        {
            "quantity": 1,
            "price_data": {"currency": "brl", "unit_amount": 1000, "product_data": {"name": "X"}, **price_data},
        }
    ]


def _sessions(side: Side) -> Any:
    return side.client.v1.checkout.sessions


CASES: list[Case] = [
    # --- what the app sends, through its own adapter --------------------------------------------
    Case(
        "app: create Checkout Session",
        lambda s, ids: s.gateway.create_checkout_session(_app_params(), _key()),
        "checkout.session",
    ),
    Case(
        "app: retrieve Checkout Session",
        lambda s, ids: s.gateway.retrieve_checkout_session(ids["session"]),
        "checkout.session",
        prepare=lambda w: {"session": w.open_session()},
    ),
    Case(
        "app: retrieve a paid Checkout Session",
        lambda s, ids: s.gateway.retrieve_checkout_session(ids["session"]),
        "checkout.session",
        prepare=World.paid_session,
    ),
    Case(
        "app: expire Checkout Session",
        lambda s, ids: s.gateway.expire_checkout_session(ids["session"]),
        "checkout.session",
        prepare=lambda w: {"session": w.open_session()},
    ),
    Case(
        "app: refund (requested_by_customer)",
        lambda s, ids: s.gateway.refund(ids["intent"], 1000, _key(), {"purchase_id": "p-1"}),
        "refund",
        prepare=World.paid_session,
    ),
    Case(
        "app: sold-out refund",
        lambda s, ids: s.gateway.refund(
            ids["intent"], 1000, _key(), {"purchase_id": "p-2", "session_id": ids["session"], "reason": "sold_out"}
        ),
        "refund",
        prepare=World.paid_session,
    ),
    # --- the rest of what the sandbox serves ----------------------------------------------------
    Case(
        "retrieve session, expand[]=payment_intent.latest_charge",
        lambda s, ids: _sessions(s).retrieve(ids["session"], params={"expand": ["payment_intent.latest_charge"]}),
        "checkout.session",
        prepare=World.paid_session,
    ),
    Case(
        "retrieve session, expand[]=line_items",
        lambda s, ids: _sessions(s).retrieve(ids["session"], params={"expand": ["line_items"]}),
        "checkout.session",
        prepare=lambda w: {"session": w.open_session()},
    ),
    Case(
        "update session metadata (POST /v1/checkout/sessions/{id})",
        lambda s, ids: _sessions(s).update(ids["session"], params={"metadata": {"note": "x"}}),
        "checkout.session",
        prepare=lambda w: {"session": w.open_session()},
    ),
    Case(
        "list session line items",
        lambda s, ids: _sessions(s).line_items.list(ids["session"]),
        "list:item",
        prepare=lambda w: {"session": w.open_session()},
    ),
    Case(
        "list sessions, created[gte] + limit",
        lambda s, ids: _sessions(s).list(params={"created": {"gte": int(time.time()) - 3600}, "limit": 3}),
        "list:checkout.session",
        prepare=lambda w: {"session": w.open_session()},
    ),
    Case(
        "list sessions, starting_after",
        lambda s, ids: _sessions(s).list(params={"starting_after": ids["session"], "limit": 2}),
        "list:checkout.session",
        prepare=lambda w: {"session": (w.open_session(), w.open_session())[1]},
    ),
    Case(
        "list sessions, expand[]=data.payment_intent",
        lambda s, ids: _sessions(s).list(params={"payment_intent": ids["intent"], "expand": ["data.payment_intent"]}),
        "list:checkout.session",
        prepare=World.paid_session,
    ),
    Case(
        "retrieve PaymentIntent",
        lambda s, ids: s.client.v1.payment_intents.retrieve(ids["intent"]),
        "payment_intent",
        prepare=World.paid_session,
    ),
    Case(
        "retrieve Charge",
        lambda s, ids: s.client.v1.charges.retrieve(ids["charge"]),
        "charge",
        prepare=World.paid_session,
    ),
    Case(
        "list refunds of a PaymentIntent",
        lambda s, ids: s.client.v1.refunds.list(params={"payment_intent": ids["intent"]}),
        "list:refund",
        prepare=World.refunded,
    ),
    Case(
        "retrieve Refund", lambda s, ids: s.client.v1.refunds.retrieve(ids["refund"]), "refund", prepare=World.refunded
    ),
    Case(
        "list events of a type",
        lambda s, ids: s.client.v1.events.list(params={"type": "checkout.session.completed", "limit": 2}),
        "list:event",
        prepare=World.paid_session,
    ),
    Case(
        "retrieve Event",
        lambda s, ids: s.client.v1.events.retrieve(ids["event"]),
        "event",
        prepare=lambda w: (
            w.paid_session(),
            {"event": w.sandbox.client.v1.events.list(params={"limit": 1}).data[0].id},
        )[1],
    ),
    # --- rejected by both -----------------------------------------------------------------------
    Case("create: unknown parameter", _create_with(surprise="x"), reject=(400, "parameter_unknown", "surprise")),
    Case(
        "create: locale=zz (outside the enum)", _create_with(locale="zz"), reject=(400, "parameter_invalid", "locale")
    ),
    Case(
        "create: mode=banana (outside the enum)", _create_with(mode="banana"), reject=(400, "parameter_invalid", "mode")
    ),
    Case(
        "create: unit_amount not an integer",
        _create_with(line_items=_line_item(unit_amount="12.5x")),
        reject=(400, "parameter_invalid_integer", "line_items[0][price_data][unit_amount]"),
    ),
    Case(
        "refund: reason=because (outside the enum)",
        lambda s, ids: s.client.v1.refunds.create(params={"payment_intent": ids["intent"], "reason": "because"}),
        reject=(400, "parameter_invalid", "reason"),
        prepare=World.paid_session,
    ),
    Case(
        "refund: unknown parameter",
        lambda s, ids: s.client.v1.refunds.create(
            params={"payment_intent": ids["intent"], "refund_everything": "true"}
        ),
        reject=(400, "parameter_unknown", "refund_everything"),
        prepare=World.paid_session,
    ),
    Case(
        "list sessions: created[gte]=abc",
        lambda s, ids: _sessions(s).list(params={"created": {"gte": "abc"}}),
        reject=(400, "parameter_invalid_integer", "created[gte]"),
    ),
    Case(
        "list sessions: limit=many",
        lambda s, ids: _sessions(s).list(params={"limit": "many"}),
        reject=(400, "parameter_invalid_integer", "limit"),
    ),
    Case(
        "expire: unknown parameter",
        lambda s, ids: _sessions(s).expire(ids["session"], params={"now": "true"}),
        reject=(400, "parameter_unknown", "now"),
        prepare=lambda w: {"session": w.open_session()},
    ),
    Case(
        "update: unknown parameter",
        lambda s, ids: _sessions(s).update(ids["session"], params={"success_url": "http://x"}),
        reject=(400, "parameter_unknown", "success_url"),
        prepare=lambda w: {"session": w.open_session()},
    ),
    Case(
        "GET /v1/checkout/sessions/search?query=…",
        lambda s, ids: _sessions(s).retrieve("search", params={"query": "status:'open'"}),
        reject=(400, "parameter_unknown", "query"),
    ),
    # --- rejected as Stripe does (stripe-mock accepts them) -------------------------------------
    Case(
        "create: unknown nested parameter",
        _create_with(line_items=_line_item(colour="red")),
        reject=(400, "parameter_unknown", "line_items[0][price_data][colour]"),
        oracle_checks=False,
    ),
    Case(
        "create: currency=xyz (no such currency)",
        _create_with(line_items=_line_item(currency="xyz")),
        reject=(400, "parameter_invalid", "line_items[0][price_data][currency]"),
        oracle_checks=False,
    ),
    Case(
        "create: idempotency key of 256 characters",
        lambda s, ids: _sessions(s).create(params=_app_params(), options={"idempotency_key": "k" * 256}),
        reject=(400, None, None),
        oracle_checks=False,
    ),
    Case(
        "retrieve: expand[]=metadata (not expandable)",
        lambda s, ids: _sessions(s).retrieve(ids["session"], params={"expand": ["metadata"]}),
        reject=(400, "parameter_invalid", "expand"),
        prepare=lambda w: {"session": w.open_session()},
        oracle_checks=False,
    ),
    Case(
        "GET /v1/checkout/sessions/search (no such endpoint)",
        lambda s, ids: _sessions(s).retrieve("search"),
        reject=(404, "resource_missing", "session"),
        oracle_checks=False,
    ),
    Case(
        "update: line_items without permissions",
        lambda s, ids: _sessions(s).update(ids["session"], params={"line_items": [{"id": "li_1", "quantity": 2}]}),
        reject=(400, "parameter_invalid", "line_items"),
        prepare=lambda w: {"session": w.open_session()},
        oracle_checks=False,
    ),
]


@pytest.fixture(scope="module")
def spec(settings: Settings) -> Spec:
    stripe_mock.build(settings)
    return Spec.load(stripe_mock.spec_path(settings))


@pytest.fixture(scope="module")
def oracle(stack, settings: Settings) -> stripe.StripeClient:
    """Stripe's stripe-mock, started by the suite like every other server."""
    stack.ensure("stripe-mock")
    return stripe.StripeClient(
        stripe_mock.API_KEY,
        max_network_retries=0,
        base_addresses={"api": f"http://127.0.0.1:{settings.stripe_mock_port}"},
    )


@pytest.fixture(scope="module")
def world(client: stripe.StripeClient, oracle: stripe.StripeClient, http: httpx.Client) -> World:
    return World(Side(client, StripeGateway(client)), Side(oracle, StripeGateway(oracle)), http)


@pytest.fixture(scope="module")
def tally() -> Tally:
    return TALLY  # printed by conftest.py's pytest_terminal_summary


def _raw(answer: Any) -> Any:
    """The JSON as the server sent it (the SDK's object, or the adapter's dict)."""
    if isinstance(answer, stripe.StripeObject) and answer.last_response is not None:
        return json.loads(answer.last_response.body)
    return answer


def _outcome(side: Side, case: Case, ids: dict[str, str]) -> tuple[Any, stripe.StripeError | None]:
    try:
        return _raw(case.send(side, ids)), None
    except stripe.StripeError as error:
        return None, error
    except Exception as error:  # the adapter wraps Stripe's errors: unwrap for the comparison
        if isinstance(error.__cause__, stripe.StripeError):
            return None, error.__cause__
        raise


def _schema(spec: Spec, name: str) -> dict[str, Any]:
    if name.startswith("list:"):
        return {
            "properties": {
                "object": {"enum": ["list"], "type": "string"},
                "data": {"type": "array", "items": {"$ref": f"#/components/schemas/{name[5:]}"}},
                "has_more": {"type": "boolean"},
                "url": {"type": "string"},
            }
        }
    return spec.object_schema(name)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_sandbox_answers_like_stripe(case: Case, world: World, spec: Spec, tally: Tally) -> None:
    ids = case.prepare(world)
    ours, our_error = _outcome(world.sandbox, case, ids)
    theirs, their_error = _outcome(world.mock, case, ids)
    tally.requests += 1

    if case.reject is None:
        assert our_error is None, f"the sandbox rejected it: {our_error}"
        assert their_error is None, f"stripe-mock rejected it: {their_error}"
        assert case.schema is not None
        before = tally.fields_compared
        problems = compare(spec, ours, theirs, _schema(spec, case.schema), tally)
        assert not problems, "\n".join(problems)
        tally.accepted_by_both += 1
        tally.rows.append((case.name, "both accept, same shape", f"{tally.fields_compared - before} fields"))
        return

    status, code, param = case.reject
    assert our_error is not None, f"the sandbox accepted it: {json.dumps(ours)[:300]}"
    assert (our_error.http_status, our_error.error.type) == (status, "invalid_request_error")
    assert (our_error.code, our_error.param) == (code, param), our_error.user_message
    if case.oracle_checks:
        assert their_error is not None, "stripe-mock accepted it"
        assert (their_error.http_status, their_error.error.type) == (our_error.http_status, our_error.error.type)
        tally.rejections_matched += 1
        outcome = "both reject"
    else:
        tally.rejections_per_stripe += 1
        outcome = f"sandbox rejects{'' if their_error else '; mock accepts'}"
    tally.rows.append((case.name, outcome, f"{status} {code or '-'} {param or '-'}"))
