import pytest

from services.errors import DreamsError, NotFound, ValidationFailed
from services.messaging.registry import unwrap, wrap
from services.messaging.replies import ErrorReply


@pytest.mark.parametrize("error, cls", [
    (ValidationFailed({"email": "taken"}, "Check the form"), ValidationFailed),
    (NotFound("no such user"), NotFound),
    (DreamsError("nope"), DreamsError),
])
def test_errors_survive_the_trip_through_a_reply(error, cls):
    back = unwrap(wrap(ErrorReply.from_error(error))).to_error()
    assert type(back) is cls
    assert str(back) == str(error)
    if isinstance(error, ValidationFailed):
        assert back.fields == {"email": "taken"}
