"""Sign-up: register, resend the confirmation e-mail, confirm.

Duplicates: registering an e-mail that exists (case-insensitively) gets the field error
`email_taken` on the form — the issue asks for a clear message. Nothing is ever *sent* to anyone
because of it, and "resend confirmation" answers the same for unknown, pending and active
addresses, so no e-mail tells a third party whether an address has an account.

Throttles (throttles.py): sign-up counts requests per client, resend per client and per address;
a refused request answers `throttled` with the seconds to wait (sign-up once its field rules
passed, since they reveal nothing; resend first of all).

Durability before mail: the user and the token's hash are committed (with the request's envelope id
in the inbox) before the e-mail goes out. If the mail service is unavailable, `MailPending` (a
ServiceUnavailable naming "mail") makes the consumer runner wait and retry the command; the retry
finds its envelope id already processed, so it creates no second user — it issues a fresh token
(the raw token of the failed one was never stored) and sends that. If every retry fails, the account stays pending and "resend
confirmation" sends a link later. An address the mail service rejects outright (4xx) undoes the
sign-up and answers `email_undeliverable`.

Confirming marks the user active and writes `users.created` to the outbox in the same transaction
(token consumption is a conditional UPDATE, so a double click confirms once), then publishes it
(see outbox.py: a failed publish is retried, and the retry still publishes).
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from services.config import Settings
from services.errors import ServiceUnavailable, ValidationFailed
from services.messaging.envelope import Envelope
from services.messaging.topics import USERS_CREATED
from services.notifications import EmailSender, MailRejected
from services.users import outbox, repository, tokens
from services.users.deps import Clock, SessionFactory
from services.users.emails import confirmation_email, confirmation_link
from services.users.errors import AccountError
from services.users.events import UserCreated
from services.users.messages import AccountReply, Accepted, Confirm, Register, ResendConfirmation
from services.users.models import ConfirmationToken, ProcessedMessage, User
from services.users.passwords import Passwords
from services.users.repository import as_utc, snapshot
from services.users.throttles import UsersThrottles
from services.users.validation import canonical_email, normalized_email, validate_registration

log = logging.getLogger(__name__)


class MailPending(ServiceUnavailable):
    """The mail service could not take the e-mail now: the runner waits for it and retries the command."""

    dependency = "mail"


def register(
    cmd: Register,
    env: Envelope,
    *,
    sessions: SessionFactory,
    hasher: Passwords,
    mailer: EmailSender,
    clock: Clock,
    settings: Settings,
    throttles: UsersThrottles,
) -> Accepted:
    now = clock()
    errors = validate_registration(
        first_name=cmd.first_name,
        last_name=cmd.last_name,
        email=cmd.email,
        password=cmd.password,
        password_confirmation=cmd.password_confirmation,
        birth_date=cmd.birth_date,
        today=now.date(),
    )
    if errors:
        raise ValidationFailed(errors)
    email = normalized_email(cmd.email)
    assert email is not None  # validated above
    with sessions() as session:
        if repository.already_processed(session, env.id):  # a retry: it was counted the first time
            return _resume(session, email, now, mailer, settings)
    # Counted before "e-mail taken" can answer: sign-up must not probe for accounts at full speed.
    throttles.signup(cmd.client, now)
    with sessions() as session:
        if repository.get_by_email(session, email) is not None:
            raise ValidationFailed({"email": "email_taken"})
    password_hash = hasher.hash(cmd.password)  # ~75 ms: outside any transaction
    with sessions() as session:
        user = User(
            first_name=cmd.first_name.strip(),
            last_name=cmd.last_name.strip(),
            email=email,
            email_normalized=email.lower(),
            password_hash=password_hash,
            birth_date=cmd.birth_date,
            status="pending",
            created_at=now,
            locale=cmd.locale,
        )
        session.add(user)
        session.flush()
        raw = _issue_token(session, user.id, now)
        repository.mark_processed(session, env.id, env.type)
        try:
            session.commit()
        except IntegrityError:  # the same address registered concurrently
            session.rollback()
            raise ValidationFailed({"email": "email_taken"}) from None
        try:
            _send(session, mailer, settings, user, raw, cmd.locale, now)
        except MailRejected as exc:
            log.warning("confirmation e-mail rejected for user %s: %s", user.id, exc)
            _undo_signup(session, user.id, env.id)
            raise ValidationFailed({"email": "email_undeliverable"}) from None
    return Accepted()


def _resume(session: Session, email: str, now: datetime, mailer: EmailSender, settings: Settings) -> Accepted:
    """A retry of a register command whose user is committed: send the link if none went out."""
    user = repository.get_by_email(session, email)
    if user is not None and user.status == "pending":
        latest = repository.latest_token(session, user.id)
        if latest is None or latest.sent_at is None:
            raw = _issue_token(session, user.id, now)
            session.commit()
            try:
                _send(session, mailer, settings, user, raw, user.locale, now)
            except MailRejected as exc:
                log.warning("confirmation e-mail rejected for user %s: %s", user.id, exc)
    return Accepted()


def resend_confirmation(
    cmd: ResendConfirmation,
    _env: Envelope,
    *,
    sessions: SessionFactory,
    mailer: EmailSender,
    clock: Clock,
    settings: Settings,
    throttles: UsersThrottles,
) -> Accepted:
    """Same answer whatever the address; only a pending account gets a new link (the old ones die).
    Throttled per client and per address alike for any address, so the throttle reveals nothing."""
    now = clock()
    throttles.resend(canonical_email(cmd.email), cmd.client, now)
    with sessions() as session:
        user = repository.get_by_email(session, cmd.email)
        if user is None or user.status != "pending":
            return Accepted()
        raw = _issue_token(session, user.id, now)
        session.commit()
        try:
            _send(session, mailer, settings, user, raw, cmd.locale or user.locale, now)
        except MailRejected as exc:
            log.warning("confirmation e-mail rejected for user %s: %s", user.id, exc)
    return Accepted()


def confirm(
    cmd: Confirm, env: Envelope, *, sessions: SessionFactory, publish: outbox.Publish, clock: Clock
) -> AccountReply:
    now = clock()
    token_hash = tokens.hash_token(cmd.token)
    with sessions() as session:
        token = repository.get_token(session, token_hash)
        if token is None:
            raise AccountError("token_unknown")
        user = repository.get_user(session, token.user_id)
        if not repository.already_processed(session, env.id):  # else: a retry, only the publish is left
            code = tokens.problem(
                used_at=token.used_at, revoked_at=token.revoked_at, expires_at=as_utc(token.expires_at), now=now
            )
            if code is None and not _consume(session, token_hash, now):
                code = "token_used"  # a concurrent confirm won
            if code:
                raise AccountError(code)
            user.status, user.confirmed_at, user.updated_at = "active", now, now
            user.version += 1
            outbox.add(session, USERS_CREATED.name, user.id, UserCreated(**snapshot(user)), now)
            repository.mark_processed(session, env.id, env.type)
        reply = AccountReply(account=repository.account(user))
        session.commit()
    outbox.flush(sessions, publish, clock)
    return reply


def _consume(session: Session, token_hash: str, now: datetime) -> bool:
    result = session.execute(
        update(ConfirmationToken)
        .where(ConfirmationToken.token_hash == token_hash, ConfirmationToken.used_at.is_(None))
        .values(used_at=now)
    )
    return result.rowcount == 1


def _issue_token(session: Session, user_id: str, now: datetime) -> str:
    """A new token for the user; every older unused one is revoked. Returns the raw token."""
    repository.revoke_tokens(session, user_id, now)
    raw = tokens.new_token()
    session.add(
        ConfirmationToken(
            token_hash=tokens.hash_token(raw), user_id=user_id, created_at=now, expires_at=now + tokens.VALIDITY
        )
    )
    return raw


def _send(
    session: Session, mailer: EmailSender, settings: Settings, user: User, raw: str, locale: str, now: datetime
) -> None:
    mail = confirmation_email(
        to=user.email,
        first_name=user.first_name,
        locale=locale,
        link=confirmation_link(settings.public_url, raw),
        user_id=user.id,
    )
    try:
        mailer.send(mail)
    except ServiceUnavailable as exc:
        raise MailPending(f"confirmation e-mail for user {user.id} not sent yet: {exc}") from exc
    session.execute(
        update(ConfirmationToken).where(ConfirmationToken.token_hash == tokens.hash_token(raw)).values(sent_at=now)
    )
    session.commit()


def _undo_signup(session: Session, user_id: str, message_id: str) -> None:
    session.execute(delete(ConfirmationToken).where(ConfirmationToken.user_id == user_id))
    session.execute(delete(User).where(User.id == user_id))
    session.execute(delete(ProcessedMessage).where(ProcessedMessage.id == message_id))
    session.commit()
