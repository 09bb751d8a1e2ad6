"""What the gateway sees of a user. Never contains the password hash."""

from datetime import datetime

from pydantic import BaseModel

from services.roles import TRAVELLER, Role


class UserSummary(BaseModel):
    id: str
    first_name: str
    last_name: str
    email: str  # validated when it was registered; plain str keeps large listings cheap
    member_since: datetime  # the sign-up date
    confirmed: bool = True  # the e-mail was confirmed (the account is active)
    role: Role = TRAVELLER


class Account(UserSummary):
    """The signed-in user's own view: the summary plus the language chosen at sign-up."""

    locale: str = "pt_BR"


class UsersPage(BaseModel):
    users: list[UserSummary]
    total: int
    limit: int
    offset: int
