import json

import pytest

from services.messaging.envelope import Envelope, PoisonMessage
from services.messaging.registry import Message, message, registered, unwrap, wrap


@message("test.greet", 1)
class GreetV1(Message):
    name: str


@message("test.greet", 2)
class GreetV2(Message):
    name: str
    language: str


def test_wrap_and_decode_round_trip_keeps_every_field():
    env = wrap(GreetV1(name="Ada"), correlation_id="c-1", reply_to="replies")
    again = Envelope.decode(env.encode())
    assert again == env
    assert (again.type, again.version, again.data) == ("test.greet", 1, {"name": "Ada"})
    assert again.occurred_at.tzinfo is not None
    assert unwrap(again) == GreetV1(name="Ada")


def test_each_envelope_gets_a_unique_id():
    assert wrap(GreetV1(name="a")).id != wrap(GreetV1(name="a")).id


def test_versions_are_distinct_models():
    assert isinstance(unwrap(wrap(GreetV2(name="a", language="pt"))), GreetV2)
    assert registered()[("test.greet", 2)] is GreetV2


@pytest.mark.parametrize(
    "raw, reason",
    [
        (b"", "empty"),
        (b"{not json", "not a valid envelope"),
        (json.dumps({"type": "test.greet", "data": {}}).encode(), "version"),
        (json.dumps({"type": "test.greet", "version": 0, "data": {}}).encode(), "version"),
        (json.dumps({"type": "x", "version": 1, "data": {}, "extra": 1}).encode(), "extra"),
    ],
)
def test_malformed_envelopes_are_poison(raw, reason):
    with pytest.raises(PoisonMessage, match=reason):
        Envelope.decode(raw)


def test_unknown_type_wrong_version_and_bad_data_are_poison():
    with pytest.raises(PoisonMessage, match="unknown message type"):
        unwrap(Envelope(type="test.nope", version=1))
    with pytest.raises(PoisonMessage, match="unsupported version 7"):
        unwrap(Envelope(type="test.greet", version=7, data={"name": "x"}))
    with pytest.raises(PoisonMessage, match="invalid test.greet v1: name"):
        unwrap(Envelope(type="test.greet", version=1, data={"name": 3}))
    with pytest.raises(PoisonMessage, match="invalid test.greet v1"):
        unwrap(Envelope(type="test.greet", version=1, data={"name": "x", "surprise": True}))


def test_registering_a_type_twice_is_refused():
    with pytest.raises(ValueError, match="registered twice"):

        @message("test.greet", 1)
        class Other(Message):
            pass
