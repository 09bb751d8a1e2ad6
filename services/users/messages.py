"""Messages on dreams-users (requests) and users-dreams (replies).

Expected refusals (bad input, wrong password, expired token …) come back as ErrorReply with a code:
see services/users/errors.py and services/users/validation.py for the codes.
Passwords travel in these requests in clear text (TLS on a real cluster); they are never logged.
Commands that can be abused by repetition carry `client`, which the users worker throttles by.
"""

from datetime import date
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, field_validator

from services.i18n import normalise_locale
from services.messaging.registry import Message, message
from services.users.views import Account, UserRow

Locale = Literal["pt_BR", "en"]
# A language a command may name (BCP 47 spellings too; junk → the default); None: the user's own.
OptionalLocale = Annotated[Locale | None, BeforeValidator(lambda v: None if v is None else normalise_locale(v))]
# The address the request came from, as the gateway saw it (an IP, or "unknown"): the throttles' key.
CLIENT_MAX = 100  # an IPv6 address with a zone fits
Client = Annotated[str, Field(min_length=1, max_length=CLIENT_MAX)]


@message("users.list", 1)
class ListUsers(Message):
    """The seed's "List All Users", paged: a listing never ships an unbounded table over Kafka.
    `query` keeps the users whose name or e-mail contains it (case-insensitive); "" lists everyone."""

    query: str = Field("", max_length=200)
    limit: int = Field(50, ge=1, le=1000)
    offset: int = Field(0, ge=0)


@message("users.listed", 1)
class UsersListed(Message):
    users: list[UserRow]  # the same JSON as UserSummary, without a model per row
    total: int


# Field lengths are generous caps against abuse; the real rules are in validation.py, so a bad value
# gets a field error instead of being dead-lettered as an invalid message.
@message("users.register", 1)
class Register(Message):
    first_name: str = Field(max_length=1000)
    last_name: str = Field(max_length=1000)
    email: str = Field(max_length=1000)
    password: str = Field(max_length=1000, repr=False)
    password_confirmation: str = Field(max_length=1000, repr=False)
    birth_date: date | None
    locale: Locale = "pt_BR"
    client: Client

    @field_validator("locale", mode="before")
    @classmethod
    def _norm(cls, value: object) -> object:
        return normalise_locale(value)  # BCP 47 spellings too; junk → the default


@message("users.resend_confirmation", 1)
class ResendConfirmation(Message):
    email: str = Field(max_length=1000)
    locale: OptionalLocale = None  # None: the language chosen at sign-up
    client: Client


@message("users.confirm", 1)
class Confirm(Message):
    token: str = Field(max_length=200)


@message("users.authenticate", 1)
class Authenticate(Message):
    email: str = Field(max_length=1000)
    password: str = Field(max_length=1000, repr=False)
    client: Client


@message("users.update_profile", 1)
class UpdateProfile(Message):
    user_id: str = Field(max_length=32)
    first_name: str = Field(max_length=1000)
    last_name: str = Field(max_length=1000)


@message("users.change_password", 1)
class ChangePassword(Message):
    user_id: str = Field(max_length=32)
    current_password: str = Field(max_length=1000, repr=False)
    new_password: str = Field(max_length=1000, repr=False)
    new_password_confirmation: str = Field(max_length=1000, repr=False)
    client: Client


@message("users.accepted", 1)
class Accepted(Message):
    """The command was carried out (register, resend, change password): nothing more to say."""


@message("users.account", 1)
class AccountReply(Message):
    account: Account
