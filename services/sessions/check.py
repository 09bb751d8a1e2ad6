"""A session check has three outcomes, not two: "could not check" (the session store is down) is
neither logged in nor logged out.

- SIGNED_IN: the cookie's session exists and has not expired;
- SIGNED_OUT: no cookie, or no such (or an expired) session → the log-in page;
- UNCHECKED: the store did not answer → "temporarily unavailable", never the log-in page and never
  the protected page itself. A web state that already knew this cookie's user keeps showing the
  name (`known_user`), and checks again on the next page load or event.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum

from services.errors import ServiceUnavailable
from services.sessions.models import ActiveSession

Lookup = Callable[[str | None], Awaitable[ActiveSession | None]]


class Access(StrEnum):
    SIGNED_IN = "signed_in"
    SIGNED_OUT = "signed_out"
    UNCHECKED = "unchecked"


@dataclass(frozen=True)
class SessionCheck:
    access: Access
    session: ActiveSession | None = None

    @property
    def user_id(self) -> str | None:
        return self.session.user.user_id if self.session else None


SIGNED_OUT = SessionCheck(Access.SIGNED_OUT)
UNCHECKED = SessionCheck(Access.UNCHECKED)


async def check(token: str | None, lookup: Lookup) -> SessionCheck:
    """Look `token` up; an outage (ServiceUnavailable, see services.faults) is UNCHECKED. Any other
    failure propagates: the caller decides (the web state logs it and treats it as UNCHECKED)."""
    if not token:
        return SIGNED_OUT
    try:
        session = await lookup(token)
    except ServiceUnavailable:
        return UNCHECKED
    return SessionCheck(Access.SIGNED_IN, session) if session else SIGNED_OUT


def cookie_key(token: str | None) -> str:
    """What a web state remembers of the cookie its user was checked with: a keyed digest, neither
    the token nor the store's SHA-256 key, since the state is pickled to the state store."""
    if not token:
        return ""
    return hmac.new(b"dreams.state.cookie", token.encode(), hashlib.sha256).hexdigest()


def known_user(result: SessionCheck, token: str | None, known: dict, known_key: str) -> dict:
    """The user (SessionUser as a dict; {} = nobody) a web state holds after `result`.

    UNCHECKED keeps what the state knew only for the same cookie it was checked with: a fresh tab
    (nothing known) or a changed cookie (log-out, another account) stays nobody.
    """
    if result.access is Access.SIGNED_IN and result.session is not None:
        return result.session.user.model_dump()
    if result.access is Access.UNCHECKED and known and known_key and hmac.compare_digest(known_key, cookie_key(token)):
        return known
    return {}
