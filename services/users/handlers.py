"""The users worker's handlers: plain functions, one per command or query, routed at the bottom.

Dependencies are keyword-only parameters bound by name in bootstrap (see deps.py for the list).
"""

from __future__ import annotations

from services.messaging.envelope import Envelope
from services.users import account, password_reset, repository, signup
from services.users.deps import SessionFactory
from services.users.messages import (
    Authenticate,
    ChangePassword,
    Confirm,
    ListUsers,
    Register,
    ResendConfirmation,
    UpdateProfile,
    UsersListed,
)


def list_users(query: ListUsers, _env: Envelope, *, sessions: SessionFactory) -> UsersListed:
    with sessions() as session:
        users, total = repository.list_users(session, query=query.query, limit=query.limit, offset=query.offset)
    return UsersListed(users=users, total=total)


HANDLERS = {
    ListUsers: list_users,
    Register: signup.register,
    ResendConfirmation: signup.resend_confirmation,
    Confirm: signup.confirm,
    Authenticate: account.authenticate,
    UpdateProfile: account.update_profile,
    ChangePassword: account.change_password,
    **password_reset.HANDLERS,
}
