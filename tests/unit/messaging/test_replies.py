import pytest

from services.errors import DreamsError, NotFound, ServiceUnavailable, ValidationFailed
from services.messaging.registry import unwrap, wrap
from services.messaging.replies import ErrorReply
from services.payments.errors import QuoteExpired, TooSoon
from services.users.errors import AccountError


@pytest.mark.parametrize(
    "error, cls",
    [
        (ValidationFailed({"email": "taken"}, "Check the form"), ValidationFailed),
        (NotFound("no such user"), NotFound),
        (ServiceUnavailable("mail down"), ServiceUnavailable),
        (DreamsError("nope"), DreamsError),
    ],
)
def test_errors_survive_the_trip_through_a_reply(error, cls):
    back = unwrap(wrap(ErrorReply.from_error(error))).to_error()
    assert type(back) is cls
    assert str(back) == str(error) and back.code == error.code
    if isinstance(error, ValidationFailed):
        assert back.fields == {"email": "taken"}


def test_every_error_has_its_code_without_being_patched():
    assert [
        e.code
        for e in (
            DreamsError(),
            ValidationFailed({}),
            NotFound(),
            ServiceUnavailable(),
            TooSoon("wait"),
            QuoteExpired("pkg"),
            AccountError("token_used"),
        )
    ] == ["rejected", "validation", "not_found", "unavailable", "too_soon", "quote_expired", "token_used"]


def test_a_code_sent_over_the_wire_is_kept_with_its_wait():
    back = unwrap(wrap(ErrorReply(code="throttled", message="slow down", retry_after_s=7))).to_error()
    assert (type(back), back.code, back.retry_after_s) == (DreamsError, "throttled", 7)
