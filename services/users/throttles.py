"""The users worker's throttles: which keys log-in, sign-up and resend charge (rules in Settings).

Log-in (and the current password on "change password") takes one attempt from the account+client
pair and from the client BEFORE the password is checked, so concurrent guesses cannot overrun the
allowance; a right password then clears the pair and gives the client its attempt back, so only
failures remain counted. Keys never depend on whether the account exists. Another client's pair is
another key: an attacker hammering an account from one address does not stop its owner elsewhere.
The client's failures are not cleared by a success: logging in to one's own account between guesses
must not reset a guesser's count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from services.config import Settings
from services.throttle.policy import Rule
from services.throttle.store import Key, ThrottleStore
from services.users.deps import SessionFactory
from services.users.errors import TooManyAttempts


@dataclass(frozen=True)
class UsersThrottles:
    store: ThrottleStore
    login_pair: Rule
    login_client: Rule
    signup_client: Rule
    resend_client: Rule
    resend_email: Rule

    @classmethod
    def from_settings(cls, settings: Settings, sessions: SessionFactory) -> "UsersThrottles":
        return cls(
            ThrottleStore(sessions),
            login_pair=settings.throttle_login_pair,
            login_client=settings.throttle_login_client,
            signup_client=settings.throttle_signup_client,
            resend_client=settings.throttle_resend_client,
            resend_email=settings.throttle_resend_email,
        )

    def begin_login(self, email_normalized: str, client: str, now: datetime) -> None:
        """Charge one log-in attempt; TooManyAttempts (nothing charged) while a wait is running."""
        self._take(
            [(_pair(email_normalized, client), self.login_pair), (("login.client", client), self.login_client)], now
        )

    def login_succeeded(self, email_normalized: str, client: str) -> None:
        self.store.clear(_pair(email_normalized, client))
        self.store.release(("login.client", client), self.login_client)

    def clear_login_pair(self, email_normalized: str, client: str) -> None:
        """Forget this account's log-in failures from this client (after a password reset)."""
        self.store.clear(_pair(email_normalized, client))

    def signup(self, client: str, now: datetime) -> None:
        self._take([(("signup.client", client), self.signup_client)], now)

    def resend(self, email_normalized: str, client: str, now: datetime) -> None:
        self._take(
            [(("resend.client", client), self.resend_client), (("resend.email", email_normalized), self.resend_email)],
            now,
        )

    def _take(self, attempts: list[tuple[Key, Rule]], now: datetime) -> None:
        wait = self.store.take(attempts, now)
        if wait:
            raise TooManyAttempts.after(wait)


def _pair(email_normalized: str, client: str) -> Key:
    return "login.pair", f"{email_normalized}\n{client}"  # an e-mail has no newline
