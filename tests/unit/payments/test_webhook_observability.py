"""The webhook starts a purchase's correlation id and counts every delivery."""

from __future__ import annotations

import io
import json
import logging

import pytest
from prometheus_client import REGISTRY

from services.observability import logs
from services.payments.webhook import receive
from tests.unit.payments.test_webhook import SECRET, Purchases, Recorder, completed, signed

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend():
    return "asyncio"


def received(event_type: str, status: str) -> float:
    return REGISTRY.get_sample_value("dreams_webhooks_received_total", {"type": event_type, "status": status}) or 0


async def test_a_session_event_is_correlated_by_its_session_id_and_logged_with_it():
    buffer = io.StringIO()
    handler = logs.configure("web", stream=buffer)
    before = received("checkout.session.completed", "200")
    try:
        publish = Recorder()
        status, _ = await receive(
            *signed(completed("cs_corr_1")), secret=SECRET, publish=publish, purchases=Purchases()
        )
    finally:
        logging.getLogger().removeHandler(handler)
    assert status == 200
    [(_, envelope, key)] = publish.sent
    assert envelope.correlation_id == key == "cs_corr_1"
    lines = [json.loads(line) for line in buffer.getvalue().splitlines()]
    assert any(
        line["correlation_id"] == "cs_corr_1" and line["message_id"] == "evt_1" and line["process"] == "web"
        for line in lines
    ), lines
    assert received("checkout.session.completed", "200") == before + 1


async def test_a_refund_is_correlated_by_the_session_of_its_purchase():
    refund = {
        "id": "evt_r",
        "type": "charge.refunded",
        "created": 1700000000,
        "object": "event",
        "data": {"object": {"id": "ch_1", "object": "charge", "payment_intent": "pi_1"}},
    }
    publish = Recorder()
    purchases = Purchases([{"payment": {"payment_intent": "pi_1", "session_id": "cs_of_pi_1"}}])
    status, _ = await receive(*signed(refund), secret=SECRET, publish=publish, purchases=purchases)
    assert status == 200 and publish.sent[0][1].correlation_id == "cs_of_pi_1"


async def test_refused_and_unpublished_deliveries_are_counted_too():
    unverified, unavailable = received("unverified", "400"), received("checkout.session.completed", "503")
    body, _ = signed(completed())
    assert (await receive(body, "t=1,v1=00", secret=SECRET, publish=Recorder(), purchases=Purchases()))[0] == 400
    assert (await receive(*signed(completed()), secret=SECRET, publish=Recorder(fail=True), purchases=Purchases()))[
        0
    ] == 503
    assert received("unverified", "400") == unverified + 1
    assert received("checkout.session.completed", "503") == unavailable + 1
