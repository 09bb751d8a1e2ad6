"""What the web app calls for users: `UsersClient`, requests to the users worker over the web
process's RequestClient (bootstrap.web_services builds it). Async, never blocks the event loop;
raises DreamsError subclasses, each with its `code`:
- `ValidationFailed` (code "validation"): `.fields` maps a field name to a message KEY
  (services/users/validation.py: `MESSAGES[key]` is the English default), e.g.
  {"email": "email_taken"}, {"password": "password_too_short"}.
- `AccountError` (services/users/errors.py): token_unknown | token_used | token_expired |
  invalid_credentials | unconfirmed | not_found | reset_token_unknown | reset_token_used |
  reset_token_expired; `TooManyAttempts` (code "throttled") adds
  `.retry_after_s` (log-in, sign-up, resend, password-reset requests and change-password are throttled
  per `client`).
- `ServiceUnavailable` (code "unavailable"): the users worker did not answer in time.
The form should run `validation.validate_registration` itself first; the worker checks again.
`client` is the browser's address as the app sees it (`AppState.client_address()` in the app); the worker
throttles by it, so pass the real one (a bench or script passes its own made-up addresses).
"""

from __future__ import annotations

from datetime import date

from services.errors import DreamsError, NotFound, ServiceUnavailable, ValidationFailed
from services.messaging.registry import Message
from services.messaging.request_reply import RequestClient
from services.messaging.topics import DREAMS_USERS
from services.users.errors import AccountError, from_code
from services.users.messages import (
    CLIENT_MAX,
    AccountReply,
    Authenticate,
    ChangePassword,
    Confirm,
    ListUsers,
    Register,
    ResendConfirmation,
    UpdateProfile,
    UsersListed,
)
from services.users.reset_messages import (
    TOKEN_TEXTS,
    CheckPasswordReset,
    PasswordResetDone,
    RequestPasswordReset,
    ResetPassword,
)
from services.users.validation import canonical_email
from services.users.views import Account, UsersPage

# Log-in and sign-up hash a password (~75 ms) and sign-up sends an e-mail: allow a little more.
_SLOW_TIMEOUT_S_EXTRA = 5.0


def users_page(reply: UsersListed, limit: int, offset: int) -> UsersPage:
    """The gateway's view of a listing. The reply's rows were validated when it was decoded
    (registry.unwrap), so they are not checked again here."""
    return UsersPage.model_construct(users=reply.users, total=reply.total, limit=limit, offset=offset)


class UsersClient:
    def __init__(self, requests: RequestClient, timeout_s: float):
        self._requests = requests
        self._timeout_s = timeout_s

    async def list_users(self, limit: int = 50, offset: int = 0, query: str = "") -> UsersPage:
        """A page of every account (confirmed or not); `query` searches names and e-mails. The caller
        checks that the asker is staff (the worker answers whoever the gateway asks for)."""
        reply = await self._request(ListUsers(limit=limit, offset=offset, query=query[:200]))
        assert isinstance(reply, UsersListed)
        return users_page(reply, limit, offset)

    async def register(
        self,
        first_name: str,
        last_name: str,
        email: str,
        password: str,
        password_confirmation: str,
        birth_date: date | None,
        locale: str,
        client: str,
    ) -> None:
        """Sign up; a confirmation e-mail follows. ValidationFailed (fields → keys, incl. email_taken)."""
        await self._request(
            Register(
                first_name=first_name,
                last_name=last_name,
                email=email,
                password=password,
                password_confirmation=password_confirmation,
                birth_date=birth_date,
                locale=locale,
                client=_client(client),
            ),
            key=canonical_email(email),
            slow=True,
        )

    async def confirm(self, token: str) -> Account:
        """Activate the account of this e-mail link. AccountError code token_unknown|token_used|token_expired."""
        if not token or len(token) > 200:
            raise AccountError("token_unknown")
        reply = await self._request(Confirm(token=token))
        assert isinstance(reply, AccountReply)
        return reply.account

    async def resend_confirmation(self, email: str, locale: str, client: str) -> None:
        """Send a new link (the old ones stop working). The same answer for any address."""
        await self._request(
            ResendConfirmation(email=email[:1000], locale=locale, client=_client(client)),
            key=canonical_email(email),
            slow=True,
        )

    async def authenticate(self, email: str, password: str, client: str) -> Account:
        """AccountError code invalid_credentials | unconfirmed; TooManyAttempts (`.retry_after_s`)."""
        reply = await self._request(
            Authenticate(email=email[:1000], password=password[:1000], client=_client(client)),
            key=canonical_email(email),
            slow=True,
        )
        assert isinstance(reply, AccountReply)
        return reply.account

    async def update_profile(self, user_id: str, first_name: str, last_name: str) -> Account:
        reply = await self._request(
            UpdateProfile(user_id=user_id, first_name=first_name, last_name=last_name), key=user_id
        )
        assert isinstance(reply, AccountReply)
        return reply.account

    async def change_password(
        self, user_id: str, current_password: str, new_password: str, new_password_confirmation: str, client: str
    ) -> None:
        """ValidationFailed with fields current_password (password_incorrect) / new_password / …_confirmation;
        TooManyAttempts like log-in (wrong current passwords spend the same allowance)."""
        await self._request(
            ChangePassword(
                user_id=user_id,
                current_password=current_password[:1000],
                new_password=new_password[:1000],
                new_password_confirmation=new_password_confirmation[:1000],
                client=_client(client),
            ),
            key=user_id,
            slow=True,
        )

    async def request_password_reset(self, email: str, locale: str, client: str) -> None:
        """E-mail a reset link if the address has an account; the same answer either way. TooManyAttempts."""
        await self._request(
            RequestPasswordReset(email=email[:1000], locale=locale, client=_client(client)), key=canonical_email(email)
        )

    async def check_password_reset(self, token: str) -> None:
        """AccountError code reset_token_unknown | reset_token_used | reset_token_expired if the link is dead."""
        if not token or len(token) > 200:
            raise AccountError("reset_token_unknown", TOKEN_TEXTS["reset_token_unknown"])
        await self._request(CheckPasswordReset(token=token))

    async def reset_password(
        self, token: str, new_password: str, new_password_confirmation: str, client: str
    ) -> PasswordResetDone:
        """Set a new password with a reset link: ValidationFailed (new_password / …_confirmation), or the
        codes of `check_password_reset`. The caller must then end every session of `.user_id`."""
        if not token or len(token) > 200:
            raise AccountError("reset_token_unknown", TOKEN_TEXTS["reset_token_unknown"])
        reply = await self._request(
            ResetPassword(
                token=token,
                new_password=new_password[:1000],
                new_password_confirmation=new_password_confirmation[:1000],
                client=_client(client),
            ),
            slow=True,
        )
        assert isinstance(reply, PasswordResetDone)
        return reply

    async def _request(self, request: Message, *, key: str | None = None, slow: bool = False) -> Message:
        timeout = self._timeout_s + (_SLOW_TIMEOUT_S_EXTRA if slow else 0.0)
        try:
            return await self._requests.request(DREAMS_USERS.name, request, key=key, timeout=timeout)
        except DreamsError as exc:
            raise _typed(exc) from None


def _typed(exc: DreamsError) -> DreamsError:
    """The account error a generic reply stands for; our typed errors pass as they are."""
    if isinstance(exc, (AccountError, ValidationFailed, ServiceUnavailable)):
        return exc
    if isinstance(exc, NotFound):
        return AccountError("not_found", str(exc))
    return from_code(exc.code, str(exc), exc.retry_after_s)


def _client(client: str) -> str:
    """Within the message's bounds: an empty address is "unknown" (all such share one key)."""
    return (client or "").strip()[:CLIENT_MAX] or "unknown"
