"""An outbox event carries the correlation id of the command that wrote it (users worker → projector)."""

from __future__ import annotations

from datetime import UTC, datetime

from services.observability.context import bound
from services.users import outbox
from services.users.reset_messages import PasswordChanged


class Session:
    def add(self, row) -> None:
        self.row = row


def test_an_event_written_while_handling_a_command_is_published_with_its_correlation_id():
    now = datetime.now(UTC)
    with bound(correlation_id="req-42"):
        row = outbox.add(Session(), "users-created", "u1", PasswordChanged(user_id="u1", changed_at=now), now)
    assert outbox.envelope(row).correlation_id == "req-42"  # published later, outside the handler


def test_an_event_written_outside_any_handling_has_none():
    now = datetime.now(UTC)
    row = outbox.add(Session(), "users-created", "u1", PasswordChanged(user_id="u1", changed_at=now), now)
    assert outbox.envelope(row).correlation_id is None
