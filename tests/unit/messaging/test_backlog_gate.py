"""BacklogGate: the other runner waits while the priority runner reports full batches, and only
for a bounded time; a small batch or an empty poll lets it through at once."""

from __future__ import annotations

import threading
import time

from services.messaging.runners import BacklogGate


def waited(gate: BacklogGate) -> float:
    began = time.monotonic()
    gate.wait()
    return time.monotonic() - began


def test_no_backlog_no_wait():
    gate = BacklogGate(backlog_at=10, max_wait_s=5)
    assert waited(gate) < 1
    gate.report(9)  # a batch smaller than a backlog
    assert waited(gate) < 1


def test_a_backlog_holds_the_other_runner_for_at_most_max_wait():
    gate = BacklogGate(backlog_at=10, max_wait_s=0.3)
    gate.report(10)
    assert 0.25 <= waited(gate) < 3  # slowed, never starved
    gate.report(0)  # caught up (an empty poll)
    assert waited(gate) < 0.25


def test_the_waiter_goes_as_soon_as_the_backlog_is_gone():
    gate = BacklogGate(backlog_at=10, max_wait_s=30)
    gate.report(50)
    threading.Timer(0.2, gate.report, args=(3,)).start()
    assert waited(gate) < 10


def test_with_several_priority_runners_the_waiter_is_held_while_any_has_a_backlog():
    gate = BacklogGate(backlog_at=10, max_wait_s=0.3)
    first, second = gate.reporter(), gate.reporter()
    first(10)
    second(0)  # one caught up: the other still has a backlog
    assert 0.25 <= waited(gate) < 3
    first(2)
    assert waited(gate) < 0.25  # both caught up
    second(12)
    assert 0.25 <= waited(gate) < 3
