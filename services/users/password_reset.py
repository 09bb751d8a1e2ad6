"""Password reset ("Esqueci minha senha"): request a link by e-mail, then set a new password with it.

Request: the same answer (`Accepted`) for unknown, pending and active addresses, throttled alike per
client and per address before the address is looked up, so neither the answer nor the throttle
reveals whether an account exists. The e-mail is sent off the reply path (a small thread pool), so
an unknown address does not answer measurably faster than a known one (what is left is one SQL
commit, not a round trip to the mail service). A mail service that is down is retried a few times
in that thread, then the link is lost: the traveller sees "if an account exists…" and can ask again.

Decision: a *pending* (unconfirmed) account may reset too, and the reset confirms it: following a
link sent to the address proves it as well as the confirmation link does, and someone who lost
both the confirmation e-mail and the password is not left stuck.

Reset: validated with the sign-up password rules (the new password may not be the e-mail); the
argon2 hash is computed outside any transaction; then one transaction consumes the token (a
conditional UPDATE: of two concurrent submits exactly one wins), replaces the hash, records the
envelope id (a retried command answers the same and changes nothing) and writes `users.password_changed`
(and, for a pending account, `users.created`) to the outbox. The log-in throttle pair of this
account and this client is cleared; another client's pair (an attacker's guesses) is not.

Sessions (Mongo) belong to the web process: the reply carries the user id and the change time, and
the gateway ends every session of the user at once. If the gateway dies before that (or Mongo is
down then), the outbox event still reaches the projector, which ends every session created before
the change (services/projection/sessions.py): at-least-once, so no session survives a reset.
"""

from __future__ import annotations

import logging
from concurrent.futures import Executor
from datetime import datetime

from tenacity import retry, retry_if_exception_type, stop_after_attempt, wait_exponential

from services.config import Settings
from services.errors import ServiceUnavailable, ValidationFailed
from services.messaging.envelope import Envelope
from services.messaging.topics import USERS_CREATED
from services.notifications import EmailMessage, EmailSender, MailRejected
from services.users import outbox, repository, reset_tokens
from services.users.deps import Clock, SessionFactory
from services.users.errors import AccountError, TooManyAttempts
from services.users.events import UserCreated
from services.users.messages import Accepted
from services.users.passwords import Passwords
from services.users.reset_emails import reset_email, reset_link
from services.users.reset_messages import (
    TOKEN_TEXTS,
    CheckPasswordReset,
    PasswordChanged,
    PasswordResetDone,
    RequestPasswordReset,
    ResetPassword,
)
from services.users.reset_tokens import PasswordResetToken
from services.users.throttles import UsersThrottles
from services.users.validation import canonical_email, validate_password_change

log = logging.getLogger(__name__)


def request_password_reset(
    cmd: RequestPasswordReset,
    _env: Envelope,
    *,
    sessions: SessionFactory,
    mailer: EmailSender,
    clock: Clock,
    settings: Settings,
    throttles: UsersThrottles,
    background: Executor,
) -> Accepted:
    """The e-mail leaves on `background` (the worker's pool) after the reply, so a known address answers
    as fast as an unknown one."""
    now = clock()
    email = canonical_email(cmd.email)
    _throttle(throttles, settings, email, cmd.client, now)  # any address alike, before the look-up
    with sessions() as session:
        user = repository.get_by_email(session, email)
        if user is None:
            return Accepted()
        raw = reset_tokens.issue(session, user.id, now)
        session.commit()
        mail = reset_email(
            to=user.email,
            first_name=user.first_name,
            locale=cmd.locale or user.locale,
            link=reset_link(settings.public_url, raw),
            user_id=user.id,
        )
    background.submit(_send, mailer, mail)
    return Accepted()


def check_password_reset(
    query: CheckPasswordReset, _env: Envelope, *, sessions: SessionFactory, clock: Clock
) -> Accepted:
    """Whether the link still works, so the page can say so before anything is typed."""
    with sessions() as session:
        code = reset_tokens.problem(reset_tokens.get(session, query.token), clock())
    if code:
        raise _token_error(code)
    return Accepted()


def reset_password(
    cmd: ResetPassword,
    env: Envelope,
    *,
    sessions: SessionFactory,
    hasher: Passwords,
    clock: Clock,
    throttles: UsersThrottles,
    publish: outbox.Publish,
) -> PasswordResetDone:
    now = clock()
    with sessions() as session:
        token = reset_tokens.get(session, cmd.token)
        if token is not None and repository.already_processed(session, env.id):
            done = _done(token)  # a retry (e.g. the publish failed): the change is committed
        else:
            done = None
            code = reset_tokens.problem(token, now)
            if code:
                raise _token_error(code)
            user = repository.get_user(session, token.user_id)
            user_id, email, email_normalized = user.id, user.email, user.email_normalized
    if done is not None:
        outbox.flush(sessions, publish, clock)
        return done
    errors = validate_password_change(
        new_password=cmd.new_password, new_password_confirmation=cmd.new_password_confirmation, email=email
    )
    if errors:
        raise ValidationFailed(errors)
    password_hash = hasher.hash(cmd.new_password)  # ~75 ms: outside the transaction
    with sessions() as session:
        if not reset_tokens.consume(session, cmd.token, now):  # the first statement: the write lock
            session.rollback()
            with sessions() as fresh:
                code = reset_tokens.problem(reset_tokens.get(fresh, cmd.token), now) or "reset_token_used"
            raise _token_error(code)
        user = repository.get_user(session, user_id)
        user.password_hash, user.updated_at = password_hash, now
        if user.status == "pending":  # the link proved the address: the reset confirms it
            user.status, user.confirmed_at = "active", now
            user.version += 1
            repository.revoke_tokens(session, user.id, now)
            outbox.add(session, USERS_CREATED.name, user.id, UserCreated(**repository.snapshot(user)), now)
        outbox.add(session, USERS_CREATED.name, user.id, PasswordChanged(user_id=user.id, changed_at=now), now)
        repository.mark_processed(session, env.id, env.type)
        session.commit()
    throttles.clear_login_pair(email_normalized, cmd.client)
    outbox.flush(sessions, publish, clock)
    return PasswordResetDone(user_id=user_id, changed_at=now)


def _throttle(throttles: UsersThrottles, settings: Settings, email: str, client: str, now: datetime) -> None:
    wait = throttles.store.take(
        [
            (("reset.client", client), settings.throttle_reset_client),
            (("reset.email", email), settings.throttle_reset_email),
        ],
        now,
    )
    if wait:
        raise TooManyAttempts.after(wait)


def _done(token: PasswordResetToken) -> PasswordResetDone:
    return PasswordResetDone(user_id=token.user_id, changed_at=repository.as_utc(token.used_at or token.created_at))


def _token_error(code: str) -> AccountError:
    return AccountError(code, TOKEN_TEXTS[code])


@retry(
    retry=retry_if_exception_type(ServiceUnavailable),
    stop=stop_after_attempt(4),
    wait=wait_exponential(multiplier=1, max=8),
    reraise=True,
)
def _send_with_retries(mailer: EmailSender, mail: EmailMessage) -> None:
    mailer.send(mail)


def _send(mailer: EmailSender, mail: EmailMessage) -> None:
    try:
        _send_with_retries(mailer, mail)
    except MailRejected as exc:
        log.warning("password reset e-mail rejected for user %s: %s", mail.custom_args.get("user_id"), exc)
    except Exception:  # noqa: BLE001 — a thread's failure must be logged, not lost
        log.exception("password reset e-mail for user %s not sent", mail.custom_args.get("user_id"))


HANDLERS = {
    RequestPasswordReset: request_password_reset,
    CheckPasswordReset: check_password_reset,
    ResetPassword: reset_password,
}
