"""Signed-up users: log in, change the name, change the password.

Log-in answers `invalid_credentials` for a wrong password and for an unknown e-mail alike, after
the same argon2 work (a dummy verify when there is no hash). Only the right password reveals that
an account is still `unconfirmed`. Guesses are throttled per account+client and per client
(throttles.py): while a wait runs, `throttled` answers without looking at the password.
"""

from __future__ import annotations

from sqlmodel import Session

from services.errors import ValidationFailed
from services.messaging.envelope import Envelope
from services.messaging.topics import USERS_CREATED
from services.users import outbox, repository
from services.users.deps import Clock, SessionFactory
from services.users.errors import AccountError
from services.users.events import UserProfileChanged
from services.users.messages import AccountReply, Accepted, Authenticate, ChangePassword, UpdateProfile
from services.users.models import User
from services.users.passwords import Passwords
from services.users.throttles import UsersThrottles
from services.users.validation import canonical_email, validate_password_change, validate_profile


def authenticate(
    cmd: Authenticate,
    _env: Envelope,
    *,
    sessions: SessionFactory,
    hasher: Passwords,
    clock: Clock,
    throttles: UsersThrottles,
) -> AccountReply:
    now = clock()
    email = canonical_email(cmd.email)
    throttles.begin_login(email, cmd.client, now)  # TooManyAttempts before any password work
    with sessions() as session:
        user = repository.get_by_email(session, email)
        password_hash = user.password_hash if user else None
    if not hasher.verify(password_hash, cmd.password):  # a dummy verify when there is no hash
        raise AccountError("invalid_credentials")
    throttles.login_succeeded(email, cmd.client)
    if hasher.needs_rehash(password_hash):  # parameters were raised since this hash was made
        _set_password_hash(sessions, user.id, hasher.hash(cmd.password), now)
    if user.status != "active":
        raise AccountError("unconfirmed")
    return AccountReply(account=repository.account(user))


def update_profile(
    cmd: UpdateProfile, env: Envelope, *, sessions: SessionFactory, publish: outbox.Publish, clock: Clock
) -> AccountReply:
    errors = validate_profile(first_name=cmd.first_name, last_name=cmd.last_name)
    if errors:
        raise ValidationFailed(errors)
    now = clock()
    first, last = cmd.first_name.strip(), cmd.last_name.strip()
    with sessions() as session:
        user = _active_user(session, cmd.user_id)
        changed = (first, last) != (user.first_name, user.last_name)
        if changed and not repository.already_processed(session, env.id):
            user.first_name, user.last_name, user.updated_at = first, last, now
            user.version += 1
            outbox.add(session, USERS_CREATED.name, user.id, UserProfileChanged(**repository.snapshot(user)), now)
            repository.mark_processed(session, env.id, env.type)
        reply = AccountReply(account=repository.account(user))
        session.commit()
    outbox.flush(sessions, publish, clock)
    return reply


def change_password(
    cmd: ChangePassword,
    _env: Envelope,
    *,
    sessions: SessionFactory,
    hasher: Passwords,
    clock: Clock,
    throttles: UsersThrottles,
) -> Accepted:
    now = clock()
    with sessions() as session:
        user = _active_user(session, cmd.user_id)
        email, email_normalized, password_hash = user.email, user.email_normalized, user.password_hash
    errors = validate_password_change(
        new_password=cmd.new_password, new_password_confirmation=cmd.new_password_confirmation, email=email
    )
    # Guessing the current password from a stolen session spends the same allowance as log-in.
    throttles.begin_login(email_normalized, cmd.client, now)
    if hasher.verify(password_hash, cmd.current_password):
        throttles.login_succeeded(email_normalized, cmd.client)
    else:
        errors["current_password"] = "password_incorrect"
    if errors:
        raise ValidationFailed(errors)
    _set_password_hash(sessions, cmd.user_id, hasher.hash(cmd.new_password), now)
    return Accepted()


def _active_user(session: Session, user_id: str) -> User:
    user = repository.get_user(session, user_id)
    if user is None or user.status != "active":
        raise AccountError("not_found")
    return user


def _set_password_hash(sessions: SessionFactory, user_id: str, password_hash: str, now) -> None:
    with sessions() as session:
        user = repository.get_user(session, user_id)
        user.password_hash, user.updated_at = password_hash, now
        session.commit()
