"""Events on users-created (key = user id, so one user's events stay in order on one partition).

Each carries the user's full public snapshot and a per-user `version` that grows with every change:
a projection keeps the highest version it has seen, so replays and reordering cannot roll it back.
Never the password hash.
"""

from datetime import datetime

from services.messaging.registry import Message, message
from services.roles import TRAVELLER, Role


class UserSnapshot(Message):
    id: str
    first_name: str
    last_name: str
    email: str
    locale: str
    created_at: datetime
    confirmed_at: datetime
    updated_at: datetime
    version: int
    role: Role = TRAVELLER  # events written before roles existed are travellers'


@message("users.created", 1)
class UserCreated(UserSnapshot):
    """A user confirmed the e-mail: the account is active."""


@message("users.profile_changed", 1)
class UserProfileChanged(UserSnapshot):
    """An active user changed their name."""


@message("users.role_changed", 1)
class UserRoleChanged(UserSnapshot):
    """An active user was made staff, or staff went back to traveller (services/users/admin.py)."""
