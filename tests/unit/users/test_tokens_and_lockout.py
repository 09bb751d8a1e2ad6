from datetime import UTC, datetime, timedelta

from services.users import tokens
from services.users.errors import AccountLocked, from_code
from services.users.lockout import LockoutPolicy, locked_until

T0 = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)


def minutes(n: float) -> datetime:
    return T0 + timedelta(minutes=n)


def test_tokens_are_random_and_stored_as_sha256():
    a, b = tokens.new_token(), tokens.new_token()
    assert a != b and len(a) >= 43
    assert tokens.hash_token(a) == tokens.hash_token(a) != tokens.hash_token(b)
    assert len(tokens.hash_token(a)) == 64 and a not in tokens.hash_token(a)


def test_token_validity_window_is_24_hours():
    expires = T0 + tokens.VALIDITY
    fresh = dict(used_at=None, revoked_at=None, expires_at=expires)
    assert tokens.problem(**fresh, now=expires - timedelta(seconds=1)) is None
    assert tokens.problem(**fresh, now=expires) == "token_expired"
    assert tokens.problem(used_at=T0, revoked_at=None, expires_at=expires, now=T0) == "token_used"
    assert tokens.problem(used_at=None, revoked_at=T0, expires_at=expires, now=T0) == "token_expired"


def failures(*at: float):
    return [(minutes(m), False) for m in at]


def test_four_failures_do_not_lock():
    assert locked_until(failures(0, 1, 2, 3), minutes(4)) is None


def test_fifth_failure_within_10_minutes_locks_for_15_minutes_from_it():
    attempts = failures(0, 1, 2, 3, 9)
    assert locked_until(attempts, minutes(9)) == minutes(24)
    assert locked_until(attempts, minutes(23.9)) == minutes(24)
    assert locked_until(attempts, minutes(24)) is None


def test_failures_spread_over_more_than_10_minutes_do_not_lock():
    assert locked_until(failures(0, 1, 2, 3, 10), minutes(10)) is None
    assert locked_until(failures(0, 1, 2, 3, 10, 11), minutes(11)) is None
    assert locked_until(failures(0, 1, 2, 3, 10, 11, 12), minutes(12)) is None
    assert locked_until(failures(0, 5, 6, 7, 10.5), minutes(10.5)) is None  # the first one aged out
    assert locked_until(failures(0, 5, 6, 7, 10.5, 11), minutes(11)) == minutes(26)


def test_a_success_resets_the_count():
    attempts = failures(0, 1, 2, 3) + [(minutes(4), True)] + failures(5)
    assert locked_until(attempts, minutes(5)) is None


def test_after_a_lock_the_count_starts_again():
    attempts = failures(0, 1, 2, 3, 4) + failures(20)  # locked 4..19; one failure after
    assert locked_until(attempts, minutes(20)) is None
    assert locked_until(attempts + failures(21, 22, 23, 24), minutes(24)) == minutes(39)


def test_custom_policy():
    policy = LockoutPolicy(max_failures=2, window=timedelta(minutes=1), lock=timedelta(minutes=5))
    assert locked_until(failures(0, 0.5), minutes(1), policy) == minutes(5.5)
    assert policy.history == timedelta(minutes=6)


def test_locked_error_carries_rounded_up_minutes_through_its_text():
    err = AccountLocked.for_remaining(timedelta(minutes=14, seconds=1))
    assert err.code == "locked" and err.minutes == 15 and "15 minutes" in str(err)
    again = from_code("locked", str(err))
    assert isinstance(again, AccountLocked) and again.minutes == 15
    assert AccountLocked.for_remaining(timedelta(seconds=5)).minutes == 1
