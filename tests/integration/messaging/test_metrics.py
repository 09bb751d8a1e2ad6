"""A real worker process (the real ConsumerRunner on the real broker) serves /metrics over HTTP, and
its counters move as messages are handled, fail and are dead-lettered; its log lines are JSON with
each message's context."""

from __future__ import annotations

import json
import socket
import uuid

import httpx
from prometheus_client.parser import text_string_to_metric_families

from services.messaging.registry import wrap
from tests.integration.conftest import eventually
from tests.integration.messaging.probe_worker import Work
from tests.integration.messaging.test_delivery import probe  # noqa: F401 - the fixture


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def scrape(url: str, topic: str) -> dict[str, float]:
    """{sample name: value} of this topic's samples (histograms: their _count)."""
    text = httpx.get(url, timeout=5).raise_for_status().text
    return {
        sample.name: sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.labels.get("topic") == topic and "le" not in sample.labels
    }


def serving(url: str, topic: str) -> dict[str, float]:
    try:
        return scrape(url, topic)
    except httpx.ConnectError as exc:  # the worker is still starting
        raise AssertionError(f"not serving yet: {exc}") from exc


def test_counts_move_for_handled_failed_and_dead_lettered_messages(probe, start_worker):  # noqa: F811
    port = free_port()
    worker = start_worker(
        "tests.integration.messaging.probe_worker",
        "--topic",
        probe.topic,
        "--group",
        probe.group,
        "--db",
        probe.db.name,
        "--status-dir",
        str(probe.status_dir),
        "--metrics-port",
        str(port),
    )
    url = f"http://127.0.0.1:{port}/metrics"
    assert eventually(lambda: serving(url, probe.topic), timeout=30) == {}  # nothing counted yet

    correlation = f"corr-{uuid.uuid4().hex[:8]}"
    good = probe.send(wrap(Work(label="good"), correlation_id=correlation))
    probe.send(wrap(Work(label="flaky", fail_times=1)))  # fails once, then handled
    probe.send(wrap(Work(label="broken", fail_times=99)))  # fails 3 times → dead-lettered
    probe.send(b"{not json")  # poison → dead-lettered at once, never handled

    expected = {
        "dreams_messages_handled_total": 2,
        "dreams_messages_failed_total": 4,
        "dreams_messages_dead_lettered_total": 2,
        "dreams_handler_seconds_count": 6,
    }

    def counted() -> None:
        samples = scrape(url, probe.topic)
        assert {name: samples.get(name) for name in expected} == expected, samples

    eventually(counted, timeout=30)
    assert scrape(url, probe.topic)["dreams_handler_seconds_sum"] > 0

    lines = [json.loads(line) for line in worker.output().splitlines() if line.startswith("{")]
    assert lines and all(line["process"] == "probe-worker" for line in lines)
    [handled] = [line for line in lines if line["message"] == f"handled probe.work {good.id}"]
    assert handled["correlation_id"] == correlation and handled["message_id"] == good.id
    assert (handled["topic"], handled["partition"], handled["offset"]) == (probe.topic, 0, 0)
    failures = [line for line in lines if line["message"].startswith("handler failed")]
    assert len(failures) == 4 and all("exc" in line and line["topic"] == probe.topic for line in failures)
    [poison] = [line for line in lines if line["message"].startswith("poison message")]
    assert poison["offset"] == 3 and "correlation_id" not in poison
