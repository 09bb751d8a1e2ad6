"""The staff-only pages' guard (/users, /ops): every load and event of theirs starts with
`_staff_gate()`, which checks the session in Mongo and reads the user's CURRENT role (Mongo `users`,
services/sessions/access.py) — never a flag the tab kept from an earlier check, so a traveller
cannot call a staff event by hand and a demoted account loses access at its next event.

Anonymous → the log-in page (and back); traveller → "no access" in place; session store or role
unreadable → "temporarily unavailable". A refused check also drops whatever data the state held.
"""

from __future__ import annotations

import logging
from typing import Literal

import reflex as rx

from dreams_app import backend, routes
from dreams_app.state.auth import AuthState
from services.errors import ServiceUnavailable
from services.sessions.access import StaffAccess, staff_access
from services.sessions.check import Access

logger = logging.getLogger(__name__)


class StaffState(AuthState):
    staff_access: Literal["checking", "allowed", "log_in", "forbidden", "unavailable"] = "checking"

    def _forget(self) -> None:
        """Drop the page's data (called under `async with self` when access is refused)."""

    async def _staff_gate(self) -> StaffAccess:
        """From background events only (like `_checked`). ALLOWED or not, the state says which."""
        result, token = await self._look_up()
        role = None
        if result.access is Access.SIGNED_IN and result.user_id:
            try:
                role = await backend.services().sessions.current_role(result.user_id)
            except ServiceUnavailable:
                logger.warning("staff check: the users read model is unavailable")
            except Exception:
                logger.exception("staff check failed")
        access = staff_access(result, role)
        allowed_as_shown = access is StaffAccess.ALLOWED and not self._would_change(
            {**self._applied(result, token), "staff_access": access.value, "is_staff": True}
        )
        if allowed_as_shown:  # the usual page load or page turn: nothing to write
            return access
        async with self:  # one state round trip for the session and the role
            self._apply(result, token)
            self.staff_access = access.value
            if access is not StaffAccess.UNAVAILABLE:
                self.is_staff = access is StaffAccess.ALLOWED
            if access is not StaffAccess.ALLOWED:
                self._forget()
        return access

    async def _refused(self, access: StaffAccess):
        """What a refused event returns: the log-in page for nobody, else stay (the page says why)."""
        if access is StaffAccess.LOG_IN:
            async with self:
                return rx.redirect(routes.login_url(self.router.url.path or routes.HOME), replace=True)
        return None
