"""The pure throttle rule: allowance, doubling, cap, refusals that change nothing, window, release."""

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from services.throttle.policy import Rule, State, release, take, waiting

T0 = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
RULE = Rule(free=3, window_s=3600, base_s=1, cap_s=900)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def run(times: list[float], rule: Rule = RULE, state: State | None = None) -> tuple[list[bool], State | None]:
    allowed = []
    for t in times:
        decision = take(state, at(t), rule)
        allowed.append(decision.allowed)
        state = decision.state
    return allowed, state


def test_the_free_attempts_go_back_to_back_and_the_last_one_starts_a_one_second_wait():
    allowed, state = run([0, 0, 0])
    assert allowed == [True, True, True] and state.count == 3 and state.blocked_until == at(1)
    refused = take(state, at(0.2), RULE)
    assert not refused.allowed and refused.retry_after == timedelta(seconds=0.8) and refused.retry_after_s == 1


def test_each_further_attempt_doubles_the_wait():
    _, state = run([0, 0, 0])
    waits = []
    t = 1.0
    for _ in range(6):
        decision = take(state, at(t), RULE)
        assert decision.allowed
        state = decision.state
        wait = (state.blocked_until - at(t)).total_seconds()
        waits.append(wait)
        t += wait
    assert waits == [2, 4, 8, 16, 32, 64]


def test_the_wait_is_capped():
    state = State(count=50, window_start=at(0))
    decision = take(state, at(1), RULE)
    assert decision.state.blocked_until == at(1 + 900)
    assert Rule(free=1, window_s=60, base_s=1, cap_s=5).delay(10_000) == timedelta(seconds=5)  # no overflow


def test_attempts_during_the_wait_are_refused_and_do_not_lengthen_it():
    _, state = run([0, 0, 0])
    for t in (0.1, 0.5, 0.9, 0.99):
        decision = take(state, at(t), RULE)
        assert not decision.allowed and decision.state == state  # nothing counted
    assert waiting(state, at(0.5)) == timedelta(seconds=0.5)
    assert take(state, at(1), RULE).allowed  # the wait ends exactly when it said


def test_the_count_starts_again_after_the_window():
    _, state = run([0, 0, 0])
    decision = take(state, at(3600), RULE)
    assert decision.allowed and decision.state == State(count=1, window_start=at(3600))
    assert waiting(decision.state, at(3600)) == timedelta(0)


def test_a_wait_running_past_the_window_is_still_served():
    state = State(count=12, window_start=at(0), blocked_until=at(4000))
    assert not take(state, at(3700), RULE).allowed
    assert take(state, at(4000), RULE).state.count == 1  # then a new window


def test_release_gives_one_back_and_lifts_a_wait_that_attempt_started():
    _, state = run([0, 0, 0])  # the 3rd started a 1 s wait
    released = release(state, RULE)
    assert released.count == 2 and released.blocked_until is None
    assert take(released, at(0.1), RULE).allowed
    deep = State(count=6, window_start=at(0), blocked_until=at(20))
    assert release(deep, RULE).blocked_until == at(20)  # other failures still justify a wait
    assert release(None, RULE) is None


def test_keys_are_independent_states():
    # The policy keeps no global state: one key's refusals say nothing about another's.
    _, hammered = run([0, 0, 0])
    assert not take(hammered, at(0.5), RULE).allowed
    assert take(None, at(0.5), RULE).allowed


def test_rules_are_validated():
    with pytest.raises(ValidationError):
        Rule(free=0, window_s=60)
    with pytest.raises(ValidationError):
        Rule(free=3, window_s=0)
    assert Rule.model_validate_json('{"free": 5, "window_s": 60}').base_s == 1.0
