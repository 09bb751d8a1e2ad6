"""The webhook's decisions, with a recording publisher and an in-memory purchases lookup."""

import json
import time

import pytest
import stripe

from services.messaging.publisher import PublishFailed
from services.payments.messages import StripeEventReceived
from services.payments.webhook import receive

pytestmark = pytest.mark.anyio
SECRET = "whsec_unit"


@pytest.fixture
def anyio_backend():
    return "asyncio"


class Purchases:
    def __init__(self, docs=()):
        self.docs = list(docs)

    async def find_one(self, where, projection=None):
        [(field, value)] = where.items()
        return next((d for d in self.docs if d["payment"]["payment_intent"] == value), None)


class Recorder:
    def __init__(self, fail=False):
        self.sent, self.fail = [], fail

    async def __call__(self, topic, envelope, *, key):
        if self.fail:
            raise PublishFailed("broker down")
        self.sent.append((topic, envelope, key))


def signed(event, secret=SECRET):
    body = json.dumps(event).encode()
    return body, stripe.WebhookSignature.generate_signature_header(body.decode(), secret)


def completed(session_id="cs_test_1"):
    return {
        "id": "evt_1",
        "type": "checkout.session.completed",
        "created": 1700000000,
        "object": "event",
        "data": {"object": {"id": session_id, "object": "checkout.session", "payment_status": "paid"}},
    }


async def test_a_verified_event_is_published_keyed_by_its_session():
    publish = Recorder()
    status, body = await receive(*signed(completed()), secret=SECRET, publish=publish, purchases=Purchases())
    assert (status, body["id"]) == (200, "evt_1")
    [(topic, envelope, key)] = publish.sent
    assert (topic, key, envelope.id, envelope.type) == ("payments", "cs_test_1", "evt_1", "stripe.event")
    assert StripeEventReceived.model_validate(envelope.data).event.data.object["payment_status"] == "paid"


@pytest.mark.parametrize("header", [None, "", "t=1,v1=00", "garbage"])
async def test_missing_or_bad_signatures_are_refused_and_nothing_is_published(header):
    publish = Recorder()
    body, _ = signed(completed())
    status, _ = await receive(body, header, secret=SECRET, publish=publish, purchases=Purchases())
    assert status == 400 and publish.sent == []


async def test_a_signature_made_with_another_secret_or_over_other_bytes_is_refused():
    publish = Recorder()
    body, header = signed(completed(), secret="whsec_other")
    assert (await receive(body, header, secret=SECRET, publish=publish, purchases=Purchases()))[0] == 400
    body, header = signed(completed())
    tampered = body.replace(b'"paid"', b'"unpaid"')
    assert (await receive(tampered, header, secret=SECRET, publish=publish, purchases=Purchases()))[0] == 400
    assert publish.sent == []


async def test_kafka_unavailable_answers_503_so_stripe_retries():
    status, _ = await receive(*signed(completed()), secret=SECRET, publish=Recorder(fail=True), purchases=Purchases())
    assert status == 503


async def test_a_refund_is_keyed_by_the_session_of_its_purchase_or_else_its_payment_intent():
    refund = {
        "id": "evt_2",
        "type": "charge.refunded",
        "created": 1700000000,
        "object": "event",
        "data": {"object": {"id": "ch_1", "object": "charge", "payment_intent": "pi_1", "amount_refunded": 5}},
    }
    known = Purchases([{"payment": {"payment_intent": "pi_1", "session_id": "cs_test_9"}}])
    publish = Recorder()
    await receive(*signed(refund), secret=SECRET, publish=publish, purchases=known)
    await receive(*signed(refund), secret=SECRET, publish=publish, purchases=Purchases())
    assert [key for _, _, key in publish.sent] == ["cs_test_9", "pi_1"]


async def test_a_signed_body_that_is_not_an_event_is_refused():
    body = b'{"hello": "world"}'
    header = stripe.WebhookSignature.generate_signature_header(body.decode(), SECRET)
    assert (await receive(body, header, secret=SECRET, publish=Recorder(), purchases=Purchases()))[0] == 400


async def test_the_app_entry_point_refuses_a_forged_request_before_touching_kafka_or_mongo():
    from services.bootstrap.web import web_services
    from services.config import Settings

    down = Settings(
        kafka_bootstrap_servers="127.0.0.1:1",
        mongo_url="mongodb://127.0.0.1:1/?directConnection=true",
        stripe_webhook_secret=SECRET,
    )
    services = web_services(down)  # builds with both down: no I/O at start-up
    try:
        body, _ = signed(completed(), secret="whsec_not_ours")
        started = time.monotonic()
        assert (await services.webhook.handle(body, "t=1,v1=00"))[0] == 400
        assert (await services.webhook.handle(body, None))[0] == 400
        assert time.monotonic() - started < 0.5  # neither the dead broker nor the dead Mongo was waited for
    finally:
        await services.close()
