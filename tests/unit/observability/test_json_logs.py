"""JSON log lines: one object per line, with the handling context of the emitting thread or task."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import threading

import pytest

from services.observability import context, logs


@pytest.fixture
def captured():
    """The root logger writing JSON lines to a buffer, as a worker's does to its log file."""
    buffer = io.StringIO()
    handler = logs.configure("unit-worker", "DEBUG", stream=buffer)
    yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
    logging.getLogger().removeHandler(handler)


def test_every_record_is_one_json_object_on_one_line_with_the_context(captured):
    log = logging.getLogger("services.unit")
    with context.bound(correlation_id="cs_1", message_id="evt_1", topic="payments", partition=2, offset=17):
        log.info("paid\nsession %s", "cs_1", extra={"amount_cents": 1200})
        try:
            raise ValueError("boom")
        except ValueError:
            log.exception("failed")
    log.warning("outside")
    first, second, third = captured()  # three records → exactly three lines, each valid JSON
    assert first["message"] == "paid\nsession cs_1" and first["level"] == "INFO"
    assert first["logger"] == "services.unit" and first["ts"].endswith("Z")
    assert {k: first[k] for k in ("process", "correlation_id", "message_id", "topic", "partition", "offset")} == {
        "process": "unit-worker",
        "correlation_id": "cs_1",
        "message_id": "evt_1",
        "topic": "payments",
        "partition": 2,
        "offset": 17,
    }
    assert first["amount_cents"] == 1200 and isinstance(first["pid"], int)
    assert second["correlation_id"] == "cs_1" and "ValueError: boom" in second["exc"]
    assert third["process"] == "unit-worker" and "correlation_id" not in third  # the block ended


def test_the_grep_in_the_readme_finds_a_line_by_correlation_id(captured):
    buffer = io.StringIO()
    handler = logs.configure("grep-worker", stream=buffer)
    try:
        with context.bound(correlation_id="cs_grep"):
            logging.getLogger("x").info("hello")
    finally:
        logging.getLogger().removeHandler(handler)
    assert '"correlation_id": "cs_grep"' in buffer.getvalue()


def test_configure_twice_keeps_one_json_handler():
    before = list(logging.getLogger().handlers)
    first = logs.configure("a", stream=io.StringIO())
    second = logs.configure("b", stream=io.StringIO())
    try:
        assert first not in logging.getLogger().handlers and second in logging.getLogger().handlers
    finally:
        logging.getLogger().removeHandler(second)
    assert logging.getLogger().handlers == before


def test_unserialisable_extras_are_written_as_text(captured):
    logging.getLogger("x").info("odd", extra={"where": object()})
    [line] = captured()
    assert line["where"].startswith("<object object")


def test_nested_bindings_add_up_and_unwind():
    with context.bound(correlation_id="c", topic="t"):
        with context.bound(offset=3, topic="t2", message_id=None):
            assert context.current() == {"correlation_id": "c", "topic": "t2", "offset": 3}
        assert context.current() == {"correlation_id": "c", "topic": "t"}
        assert context.correlation_id() == "c"
    assert context.current() == {} and context.correlation_id() is None


def test_threads_handling_at_the_same_time_each_log_their_own_message(captured):
    """Two consumer loops of one process (payments: purchases and receipts) log concurrently."""
    start = threading.Barrier(4)

    def handle(n: int) -> None:
        with context.bound(correlation_id=f"cs_{n}", topic=f"t{n}"):
            start.wait()
            for i in range(200):
                logging.getLogger("loop").info("line %d of %d", i, n)

    threads = [threading.Thread(target=handle, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    lines = captured()
    assert len(lines) == 800
    for line in lines:
        n = line["message"].rsplit(" ", 1)[1]
        assert (line["correlation_id"], line["topic"]) == (f"cs_{n}", f"t{n}")


def test_asyncio_tasks_each_keep_their_own_context(captured):
    """The web process: concurrent requests are tasks on one thread."""

    async def request(n: int) -> None:
        with context.bound(correlation_id=f"req_{n}"):
            await asyncio.sleep(0.01 * (3 - n))  # interleave
            logging.getLogger("web").info("%d", n)

    async def main() -> None:
        await asyncio.gather(*(request(n) for n in range(3)))

    asyncio.run(main())
    assert {(line["message"], line["correlation_id"]) for line in captured() if line["logger"] == "web"} == {
        ("0", "req_0"),
        ("1", "req_1"),
        ("2", "req_2"),
    }
