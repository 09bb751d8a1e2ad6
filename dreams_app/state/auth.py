"""Who is logged in: the session cookie, read from the websocket handshake, looked up in Mongo.

The cookie is HttpOnly (set by dreams_app/session_routes.py), so page scripts never see it; the
server sees it in the headers of the websocket's opening request, which Reflex 0.10 keeps as
`self.router.headers.cookie` (server-side only: 0.10 no longer sends cookies to the browser). The
headers are those of the current connection, so a reload or reconnect picks up a new or cleared
cookie, and a session ended elsewhere (log-out in another tab) fails the next look-up.

Every check goes to Mongo; `signed_in`/`user_first_name` are only what the header shows. A check
has three outcomes (services/sessions/check.py): signed in, signed out, or UNCHECKED when Mongo is
down — then nobody is logged out, protected pages say "temporarily unavailable", and the next page
load or event checks again.
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

import reflex as rx

from dreams_app import backend
from dreams_app.state.base import AppState
from services.config import get_settings
from services.roles import is_staff
from services.sessions import check
from services.sessions.check import Access, SessionCheck
from services.sessions.models import SessionUser
from services.sessions.policy import cookie_name, safe_next

logger = logging.getLogger(__name__)

COOKIE = cookie_name(get_settings().public_url)


def cookie_value(header: str | None, name: str = COOKIE) -> str | None:
    """One cookie from a Cookie header; tolerant of junk other cookies may contain."""
    for part in (header or "").split(";"):
        key, sep, value = part.strip().partition("=")
        if sep and key == name:
            return value.strip().strip('"') or None
    return None


def session_start_url(ticket: str, next_path: str | None) -> str:
    return f"/api/session/start?{urlencode({'ticket': ticket, 'next': safe_next(next_path)})}"


class AuthState(AppState):
    signed_in: bool = False
    session_checked: bool = False  # the header waits for the first check instead of flashing
    # The last check could not reach the session store (Mongo down): the header keeps the name it
    # knew for this cookie, protected pages say "temporarily unavailable"; the next check retries.
    session_unavailable: bool = False
    user_first_name: str = ""
    # Shows the staff links (the session's role at log-in). Not access: staff pages and events ask
    # for the current role each time (dreams_app/state/staff.py).
    is_staff: bool = False
    _user: dict = {}  # SessionUser.model_dump() of the current session
    _user_key: str = ""  # check.cookie_key() of the cookie `_user` was checked with

    def _session_token(self) -> str | None:
        return cookie_value(self.router.headers.cookie)

    def _applied(self, result: SessionCheck, token: str | None) -> dict:
        """The vars `result` sets, by name."""
        user = check.known_user(result, token, self._user, self._user_key)
        return {
            "_user": user,
            "_user_key": check.cookie_key(token) if user else "",
            "signed_in": bool(user),
            "user_first_name": user.get("first_name", ""),
            "is_staff": is_staff(user.get("role")),
            "session_unavailable": result.access is Access.UNCHECKED,
            "session_checked": True,
        }

    def _apply(self, result: SessionCheck, token: str | None) -> None:
        for name, value in self._applied(result, token).items():
            setattr(self, name, value)

    def _would_change(self, values: dict) -> bool:
        """Would setting `values` change this state as the background task last saw it (at its
        dispatch or its last `async with self`)? A check that changes nothing is not written: each
        `async with self` is a state round trip (lock, read, write, delta) and most checks find
        what the tab already shows. That saves one in the events that write the state anyway (the
        staff gate on every users page load and page turn, the booking steps); the header's own
        check gains nothing, since Reflex flushes a background event that never entered `async
        with self` under the lock all the same. An event that changed these vars since the snapshot
        is newer than this check (a log-in or log-out), so leaving it be is right."""
        return any(getattr(self, name) != value for name, value in values.items())

    async def _check(self, token: str | None) -> SessionCheck:
        """Never raises: an outage is UNCHECKED, and so is a bug (logged), so nobody is logged out
        because a look-up failed."""
        try:
            result = await check.check(token, backend.services().sessions.lookup)
        except Exception:
            logger.exception("session look-up failed")
            return check.UNCHECKED
        if result.access is Access.UNCHECKED:
            logger.warning("session look-up: the session store is unavailable")
        return result

    async def _checked(self) -> SessionCheck:
        """Look the session up again and apply it (state access under `async with self`).

        Only from background events: with Mongo down a look-up takes up to mongo_timeout_ms, and a
        normal event would hold the tab's event queue that long (a click right after a page load
        then waited for the header's check before its own: > 5 s to any message)."""
        result, token = await self._look_up()
        if self._would_change(self._applied(result, token)):
            async with self:
                self._apply(result, token)
        return result

    async def _look_up(self) -> tuple[SessionCheck, str | None]:
        """The look-up alone, for a caller that applies it in an `async with self` of its own. The
        cookie comes with the tab's connection, so it is read without taking the state (each
        `async with self` is one more state round trip and update to the tab)."""
        token = self._session_token()
        return await self._check(token), token

    @property
    def session_user(self) -> SessionUser | None:
        return SessionUser.model_validate(self._user) if self._user else None


class SessionCheckState(AuthState):
    """The header's session check, as an event of a leaf state. An event is given its state's whole
    subtree: one of AuthState itself would read and write every page state under it (eleven), on
    every page mount. This one reads the root, AppState, AuthState and itself; what it changes is
    AuthState's (inherited vars are set on the parent)."""

    @rx.event(background=True)
    async def sync_session(self):
        """On every page mount. Idempotent."""
        await self._checked()
