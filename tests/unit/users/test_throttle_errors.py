"""`throttled` travels as an ErrorReply with the seconds as a field, and comes back typed."""

from datetime import timedelta

from services.messaging.registry import unwrap, wrap
from services.messaging.replies import ErrorReply
from services.users.errors import AccountError, TooManyAttempts, from_code, wait_text


def test_too_many_attempts_round_trips_with_its_seconds():
    err = TooManyAttempts.after(timedelta(seconds=4.2))
    assert err.code == "throttled" and err.retry_after_s == 5 and str(err) == "Too many attempts. Try again in 5 s."
    reply = unwrap(wrap(ErrorReply.from_error(err)))
    assert isinstance(reply, ErrorReply) and reply.retry_after_s == 5
    wire = reply.to_error()
    again = from_code(wire.code, str(wire), wire.retry_after_s)
    assert isinstance(again, TooManyAttempts) and again.retry_after_s == 5


def test_other_errors_carry_no_wait():
    assert ErrorReply.from_error(TooManyAttempts(1)).retry_after_s == 1
    assert ErrorReply.from_error(AccountError("invalid_credentials")).retry_after_s is None


def test_wait_text_uses_minutes_when_long():
    assert [wait_text(s) for s in (1, 59, 119, 120, 121, 900)] == ["1 s", "59 s", "119 s", "2 min", "3 min", "15 min"]
