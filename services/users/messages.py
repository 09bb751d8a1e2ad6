"""Messages on dreams-users (requests) and users-dreams (replies)."""
from pydantic import Field

from services.messaging.registry import Message, message
from services.users.views import UserSummary


@message("users.list", 1)
class ListUsers(Message):
    """The seed's "List All Users", paged: a listing never ships an unbounded table over Kafka."""

    limit: int = Field(50, ge=1, le=1000)
    offset: int = Field(0, ge=0)


@message("users.listed", 1)
class UsersListed(Message):
    users: list[UserSummary]
    total: int
