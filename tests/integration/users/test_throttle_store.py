"""The throttle store on both databases (SQLite file, PostgreSQL): state round trips, all-or-none
charging of several keys, clearing, pruning, and many threads charging one key at the same moment."""

from __future__ import annotations

import threading
from datetime import timedelta
from functools import partial

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from services.throttle.policy import Rule, State
from services.throttle.store import ThrottleRow, ThrottleStore, subject_id
from tests.unit.users.fakes import NOW

pytestmark = pytest.mark.timeout(900)  # a fresh machine may `apt-get install postgresql` first

RULE = Rule(free=3, window_s=3600)
CLIENT = ("login.client", "198.51.100.7")
PAIR = ("login.pair", "ana@example.com\n198.51.100.7")


@pytest.fixture
def store(engine) -> ThrottleStore:
    return ThrottleStore(partial(Session, engine))


def test_state_round_trips_with_aware_times_and_hashed_subjects(store, engine):
    for _ in range(3):
        assert store.take([(CLIENT, RULE)], NOW) == timedelta(0)
    assert store.state(CLIENT) == State(count=3, window_start=NOW, blocked_until=NOW + timedelta(seconds=1))
    assert store.take([(CLIENT, RULE)], NOW + timedelta(seconds=0.25)) == timedelta(seconds=0.75)
    with Session(engine) as s:
        [row] = s.execute(select(ThrottleRow)).scalars().all()
    assert row.subject == subject_id(CLIENT[1]) and "198.51" not in row.subject and row.version == 3


def test_several_keys_are_charged_all_or_none(store):
    for _ in range(3):
        store.take([(PAIR, RULE)], NOW)  # the pair is now waiting
    assert store.take([(CLIENT, RULE), (PAIR, RULE)], NOW) == timedelta(seconds=1)
    assert store.state(CLIENT) is None  # the refused attempt charged nothing
    store.take([(CLIENT, RULE), (PAIR, RULE)], NOW + timedelta(seconds=1))
    assert (store.state(CLIENT).count, store.state(PAIR).count) == (1, 4)


def test_clear_and_release(store):
    for _ in range(3):
        store.take([(PAIR, RULE), (CLIENT, RULE)], NOW)
    store.clear(PAIR)
    store.release(CLIENT, RULE)
    assert store.state(PAIR) is None
    assert store.state(CLIENT) == State(count=2, window_start=NOW)
    store.release(("login.client", "never seen"), RULE)  # nothing to give back: no row appears
    assert store.state(("login.client", "never seen")) is None


def test_expired_rows_are_pruned(store, engine):
    short = Rule(free=3, window_s=60)
    store.take([(CLIENT, short)], NOW)
    store.take([(PAIR, RULE)], NOW)
    assert store.prune(NOW + timedelta(minutes=30)) == 0  # within the grace period
    assert store.prune(NOW + timedelta(hours=1, minutes=2)) == 1  # the client's 60 s window is long over
    assert store.state(CLIENT) is None and store.state(PAIR) is not None


@pytest.mark.parametrize("keys", [1, 2])
def test_threads_charging_at_once_get_exactly_the_allowance(engine, keys):
    """20 threads released together on one key (or on a client+pair, charged as one): exactly
    `free` get through, the rest are refused, and the stored count is exact (nothing lost)."""
    rule = Rule(free=7, window_s=3600)
    attempts = [(CLIENT, rule), (PAIR, rule)][:keys]
    store = ThrottleStore(partial(Session, engine))
    start, results = threading.Barrier(20), []
    lock = threading.Lock()

    def attempt():
        start.wait()
        wait = store.take(attempts, NOW)
        with lock:
            results.append(wait)

    threads = [threading.Thread(target=attempt) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(results) == 20
    assert sum(1 for wait in results if wait == timedelta(0)) == 7
    assert all(wait == timedelta(seconds=1) for wait in results if wait)
    for key, _ in attempts:
        assert store.state(key).count == 7
    with Session(engine) as s:
        assert s.execute(select(func.count()).select_from(ThrottleRow)).scalar_one() == keys


def test_threads_adding_failures_past_the_allowance_lose_none(engine):
    """Each thread waits out the key's current wait before its attempt; all 12 are counted once."""
    rule = Rule(free=2, window_s=3600, base_s=0.001, cap_s=0.001)
    store = ThrottleStore(partial(Session, engine))
    start = threading.Barrier(12)
    counted = []

    def attempt(i):
        start.wait()
        now = NOW + timedelta(seconds=1 + i)  # each far past any earlier 1 ms wait
        counted.append(store.take([(CLIENT, rule)], now) == timedelta(0))

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert counted.count(True) >= 2
    assert store.state(CLIENT).count == counted.count(True)  # every allowed attempt counted exactly once
