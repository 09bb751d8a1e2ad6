"""Staff-only pages (/users, /ops): who may see them, decided on the server for every page load
and event from the session check and the user's CURRENT role.

The role is read each time from Mongo `users` (the projection of the users database, which
services/users/admin.py changes through users events), not from the session's snapshot taken at
log-in: a demoted account loses access at its next event, not at its next log-in.
"""

from __future__ import annotations

from enum import StrEnum

from pymongo.asynchronous.collection import AsyncCollection

from services.roles import TRAVELLER, Role, is_staff
from services.sessions.check import Access, SessionCheck


class StaffAccess(StrEnum):
    ALLOWED = "allowed"
    LOG_IN = "log_in"  # nobody is logged in: to the log-in page (and back)
    FORBIDDEN = "forbidden"  # a traveller: "no access", nothing of the page's data
    UNAVAILABLE = "unavailable"  # the session or the role could not be read: try again shortly


def staff_access(result: SessionCheck, role: str | None) -> StaffAccess:
    """`role` is None when it could not be read (only looked at for a signed-in session)."""
    if result.access is Access.SIGNED_OUT:
        return StaffAccess.LOG_IN
    if result.access is Access.UNCHECKED or role is None:
        return StaffAccess.UNAVAILABLE
    return StaffAccess.ALLOWED if is_staff(role) else StaffAccess.FORBIDDEN


class RoleReader:
    """The current role of a user, from the web's read copy of the users (Mongo `users`)."""

    def __init__(self, users: AsyncCollection):
        self._users = users

    async def role(self, user_id: str) -> Role:
        """A user the projection does not hold (yet) is a traveller: access is never assumed."""
        doc = await self._users.find_one({"_id": user_id}, {"role": 1})
        return "staff" if doc is not None and is_staff(doc.get("role")) else TRAVELLER
