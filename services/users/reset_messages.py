"""Password reset messages on dreams-users / users-dreams, and its event on users-created.

users.request_password_reset → users.accepted   (the same for any address)
users.check_password_reset   → users.accepted   (the link still works) or an error code
users.reset_password         → users.password_reset (user id and time: the gateway ends the sessions)
users.password_changed       (event, key = user id): the projector ends sessions older than it
"""

from datetime import datetime

from pydantic import Field

from services.messaging.registry import Message, message
from services.users.messages import Client, OptionalLocale

TOKEN_MAX = 200
# Error codes (ErrorReply.code) and their English texts; the UI translates by code.
TOKEN_TEXTS: dict[str, str] = {
    "reset_token_unknown": "This password reset link is not valid. Check that you copied the whole link.",
    "reset_token_used": "This password reset link was already used. Ask for a new one if you need it.",
    "reset_token_expired": "This password reset link has expired or was replaced by a newer one. Ask for a new one.",
}


@message("users.request_password_reset", 1)
class RequestPasswordReset(Message):
    email: str = Field(max_length=1000)
    locale: OptionalLocale = None  # None: the language chosen at sign-up
    client: Client


@message("users.check_password_reset", 1)
class CheckPasswordReset(Message):
    token: str = Field(max_length=TOKEN_MAX, repr=False)


@message("users.reset_password", 1)
class ResetPassword(Message):
    token: str = Field(max_length=TOKEN_MAX, repr=False)
    new_password: str = Field(max_length=1000, repr=False)
    new_password_confirmation: str = Field(max_length=1000, repr=False)
    client: Client


@message("users.password_reset", 1)
class PasswordResetDone(Message):
    user_id: str
    changed_at: datetime


@message("users.password_changed", 1)
class PasswordChanged(Message):
    """Every session of the user created before `changed_at` must end (never carries the hash)."""

    user_id: str
    changed_at: datetime
