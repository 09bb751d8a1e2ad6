"""One purchase, followed by its correlation id (the Checkout Session id) across processes: the
webhook (the app's code, in this test process as in the web process) and the real payments worker
process (purchases loop, then receipts loop) all write JSON lines carrying it; the worker's /metrics
(real HTTP) counts what it handled."""

from __future__ import annotations

import json
import logging

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from services.observability import logs
from tests.integration.conftest import eventually
from tests.integration.payments.test_checkout_flow import checkout

pytestmark = pytest.mark.anyio


@pytest.fixture
def web_log(tmp_path):
    """This process's log as the web process writes it (JSON lines, process "web")."""
    path = tmp_path / "web.log"
    with path.open("w") as stream:
        handler = logs.configure("web", stream=stream)
        yield path
        logging.getLogger().removeHandler(handler)


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def samples(url: str) -> dict[tuple[str, str], float]:
    text = httpx.get(url, timeout=5).raise_for_status().text
    return {
        (s.name, s.labels.get("topic", "")): s.value
        for f in text_string_to_metric_families(text)
        for s in f.samples
        if "le" not in s.labels
    }


async def test_one_purchase_is_followed_by_its_correlation_id_across_processes(
    env, webhook, worker, service, package_id, buyer, sandbox, web_log
):
    _, _, session_id = await checkout(service, env, package_id, buyer)
    assert (
        sandbox.post(f"/_sandbox/sessions/{session_id}/pay", json={"card_number": "4242424242424242"}).status_code
        == 200
    )
    purchase = eventually(lambda: _one(env.db.purchases.find_one({"payment.session_id": session_id})), timeout=30)
    eventually(lambda: _sent(env.db.receipts.find_one({"_id": purchase["_id"]})), timeout=30)
    worker.caught_up()

    web = [line for line in json_lines(web_log.read_text()) if line.get("correlation_id") == session_id]
    assert web and {line["process"] for line in web} == {"web"}
    assert any(line["message"].startswith("webhook checkout.session.completed") for line in web), web

    worker_lines = json_lines(worker.process.output())
    assert not [line for line in worker_lines if line["level"] == "ERROR"], "the batch path failed"
    ours = [line for line in worker_lines if line.get("correlation_id") == session_id]
    assert {line["process"] for line in ours} == {"payments-worker"}
    handled = {(line["topic"], line["type"]) for line in ours if line["message"].startswith("handled ")}
    assert handled == {("payments", "stripe.event"), ("packages-purchased", "packages.purchased")}
    for line in ours:
        assert {"message_id", "topic", "partition", "offset", "pid"} <= line.keys(), line
    # `grep '"correlation_id": "<session id>"'` over the two logs finds both processes' lines.
    needle = f'"correlation_id": "{session_id}"'
    assert needle in web_log.read_text() and needle in worker.process.output()

    metrics = samples(worker.metrics_url)
    assert metrics[("dreams_messages_handled_total", "payments")] >= 1
    assert metrics[("dreams_messages_handled_total", "packages-purchased")] >= 1
    assert metrics[("dreams_batch_handler_seconds_count", "payments")] >= 1
    assert metrics.get(("dreams_messages_dead_lettered_total", "payments"), 0) == 0


def _one(doc):
    assert doc is not None
    return doc


def _sent(doc):
    assert doc is not None and doc["status"] == "sent"
