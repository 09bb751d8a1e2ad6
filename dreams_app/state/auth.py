"""Who is logged in: the session cookie, read from the websocket handshake, looked up in Mongo.

The cookie is HttpOnly (set by dreams_app/session_routes.py), so page scripts never see it; the
server sees it in the headers of the websocket's opening request, which Reflex 0.10 keeps as
`self.router.headers.cookie` (server-side only: 0.10 no longer sends cookies to the browser). The
headers are those of the current connection, so a reload or reconnect picks up a new or cleared
cookie, and a session ended elsewhere (log-out in another tab) fails the next look-up.

Every check goes to Mongo; `signed_in`/`user_first_name` are only what the header shows.
"""
from __future__ import annotations

import logging
from urllib.parse import urlencode

import reflex as rx

from dreams_app import routes
from dreams_app.state.base import AppState
from services.config import get_settings
from services.sessions import api as sessions
from services.sessions.models import ActiveSession, SessionUser
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
    user_first_name: str = ""
    _user: dict = {}  # SessionUser.model_dump() of the current session

    def _session_token(self) -> str | None:
        return cookie_value(self.router.headers.cookie)

    def _apply(self, session: ActiveSession | None) -> None:
        self.signed_in = session is not None
        self.user_first_name = session.user.first_name if session else ""
        self._user = session.user.model_dump() if session else {}
        self.session_checked = True

    async def _check(self, token: str | None) -> ActiveSession | None:
        try:
            return await sessions.lookup(token)
        except Exception:  # Mongo down: act as logged out rather than break the page
            logger.exception("session look-up failed")
            return None

    async def current_session(self) -> ActiveSession | None:
        """Look the session up again (for normal event handlers; background ones use `_check`)."""
        session = await self._check(self._session_token())
        self._apply(session)
        return session

    @property
    def session_user(self) -> SessionUser | None:
        return SessionUser.model_validate(self._user) if self._user else None

    @rx.event
    async def sync_session(self):
        """The header's check on every page mount. Idempotent."""
        await self.current_session()

    @rx.event
    async def require_session(self):
        """on_load of logged-in-only pages: off to the log-in page (and back here) without a session."""
        if await self.current_session() is None:
            return rx.redirect(routes.login_url(self.router.url.path or routes.HOME), replace=True)
        return None
