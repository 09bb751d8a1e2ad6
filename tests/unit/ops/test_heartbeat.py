"""The heartbeat writer's logic with an in-memory sink (the Mongo path is in tests/integration/ops)."""

import threading
import time

from services.messaging.heartbeat import Heartbeat


class Sink:
    def __init__(self, fail: bool = False):
        self.docs, self.fail, self.calls = [], fail, 0

    def __call__(self, doc):
        self.calls += 1
        if self.fail:
            raise ConnectionError("mongo is down")
        self.docs.append(doc)


def test_beats_carry_identity_partitions_and_the_last_message():
    sink = Sink()
    beat = Heartbeat("probe-worker", sink, version="v1", interval_s=0.05)
    beat.loop_started("main")
    beat.partitions("main", {("t", 1), ("t", 0)})
    beat.handled("main", "t", 1, 41)
    time.sleep(0.2)
    beat.loop_stopped("main")
    first, last = sink.docs[0], sink.docs[-1]
    assert first["_id"] == beat.worker_id and first["worker"] == "probe-worker" and first["version"] == "v1"
    assert first["pid"] > 0 and first["host"] and first["stopped_at"] is None
    assert last["partitions"] == [] and last["stopped_at"] is not None  # the last loop stopped: a final beat
    during = sink.docs[-2]
    assert during["partitions"] == ["t[0]", "t[1]"]
    assert during["last_message"] == {"topic": "t", "partition": 1, "offset": 41}
    assert during["last_message_at"] is not None


def test_a_loop_that_stops_ticking_makes_the_beat_stale_although_writes_go_on():
    sink = Sink()
    beat = Heartbeat("w", sink, version="v", interval_s=0.05)
    beat.loop_started("busy")
    beat.loop_started("hung")
    stop = threading.Event()

    def tick():
        while not stop.is_set():
            beat.tick("busy")
            time.sleep(0.01)

    ticker = threading.Thread(target=tick)
    ticker.start()
    time.sleep(0.5)
    stop.set()
    ticker.join()
    doc = sink.docs[-1]
    assert doc["loops"]["busy"]["beat_at"] > doc["loops"]["hung"]["beat_at"]
    assert doc["beat_at"] == doc["loops"]["hung"]["beat_at"]  # the oldest loop decides
    assert len(sink.docs) >= 5
    beat.loop_stopped("busy")
    assert not sink.docs[-1]["stopped_at"]  # one loop still registered: no final beat yet
    beat.loop_stopped("hung")
    assert sink.docs[-1]["stopped_at"]


def test_a_failing_write_never_reaches_the_loops_and_is_retried():
    sink = Sink(fail=True)
    beat = Heartbeat("w", sink, version="v", interval_s=0.02)
    beat.loop_started("main")
    for _ in range(20):
        beat.tick("main")
        time.sleep(0.01)
    beat.loop_stopped("main")  # does not raise either
    assert sink.calls >= 3
