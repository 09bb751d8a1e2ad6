import json

from services.messaging.dead_letter import redact
from services.messaging.envelope import Envelope


def test_secrets_are_blanked_everything_else_kept():
    raw = Envelope(
        type="users.register",
        version=1,
        data={
            "email": "a@b.test",
            "password": "hunter2hunter2",
            "password_confirmation": "hunter2hunter2",
            "nested": {"current_password": "x", "items": [{"token": "t"}]},
        },
    ).encode()
    data = json.loads(redact(raw))["data"]
    assert data["email"] == "a@b.test"
    assert data["password"] == data["password_confirmation"] == "[redacted]"
    assert data["nested"]["current_password"] == "[redacted]"
    assert data["nested"]["items"] == [{"token": "[redacted]"}]
    assert b"hunter2" not in redact(raw)


def test_messages_without_secrets_and_non_json_are_untouched():
    clean = Envelope(type="probe.work", version=1, data={"label": "x"}).encode()
    assert redact(clean) is clean
    assert redact(b"{not json") == b"{not json"
    assert redact(b"\xff\xfe") == b"\xff\xfe"
