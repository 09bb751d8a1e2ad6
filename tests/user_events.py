"""A user's public snapshot as the users worker's outbox publishes it (users-created), for tests
that feed the projector directly."""

from __future__ import annotations

from datetime import UTC, datetime


def user_snapshot(user_id: str, version: int, email: str, first_name: str = "Joana", last_name: str = "Souza") -> dict:
    """The fields of a UserCreated / UserProfileChanged event, confirmed and stamped now."""
    now = datetime.now(UTC)
    return dict(
        id=user_id,
        first_name=first_name,
        last_name=last_name,
        email=email,
        locale="en",
        created_at=now,
        confirmed_at=now,
        updated_at=now,
        version=version,
    )
