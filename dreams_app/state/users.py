"""The users list (/users, staff only): loads through the users client (services.users.api) in a
background event, after the staff check (dreams_app/state/staff.py) — on every load, page turn and
search, so the list never reaches a traveller or a visitor.

State is pickled between events, so it holds plain JSON data only: no clients, no models.
"""

import logging
import time
from datetime import datetime
from functools import lru_cache
from typing import Literal

import reflex as rx

from dreams_app import backend
from dreams_app.i18n import translate
from dreams_app.state.staff import StaffState
from services.config import get_settings
from services.errors import ServiceUnavailable
from services.i18n import format_day
from services.sessions.access import StaffAccess
from services.users.views import rows_as_json

logger = logging.getLogger(__name__)

PAGE_SIZE = 50  # users per page: a listing never ships the whole table
QUERY_MAX = 200  # as the request allows (services/users/messages.py ListUsers.query)

# A load older than this is presumed lost (e.g. the server restarted mid-request) and may restart.
_STALE_LOAD_S = get_settings().kafka_request_timeout_s + 5


def _initials(first: str, last: str) -> str:
    return f"{first[:1]}{last[:1]}".upper()


@lru_cache(maxsize=4096)
def _day(iso_moment: str, locale: str) -> str:
    """A sign-up day as the list shows it; Babel's formatting is most of a page's CPU, and the list
    shows the same days to every staff tab and page turn."""
    return format_day(datetime.fromisoformat(iso_moment), None, locale)


def _display_row(user: dict, locale: str) -> dict[str, str]:
    confirmed = bool(user.get("confirmed", True))
    return {
        "id": user["id"],
        "name": f"{user['first_name']} {user['last_name']}".strip(),
        "initials": _initials(user["first_name"], user["last_name"]),
        "email": user["email"],
        "member_since": _day(user["member_since"], locale),
        "confirmed": "yes" if confirmed else "no",
        "status": translate("users.confirmed" if confirmed else "users.not_confirmed", locale),
        "role": translate("users.role_staff", locale) if user.get("role") == "staff" else "",
    }


class UsersState(StaffState):
    status: Literal["idle", "loading", "ready", "error"] = "idle"
    total: int = 0
    offset: int = 0
    query: str = ""  # the search whose results are shown ("" = everyone)
    _users: list[dict] = []  # services.users.views.rows_as_json items
    _load_started: float = 0.0
    # Bumped by every search and page turn: a load answers only for the newest one, so a search
    # typed while an earlier load is in flight is never lost nor overwritten by the older answer.
    _wanted: int = 0
    _loading: int = -1

    def _forget(self) -> None:
        self._users, self.total, self.status = [], 0, "idle"

    @rx.var(cache=True)
    def rows(self) -> list[dict[str, str]]:
        """The users, formatted for the visitor's locale; recomputed when the language changes."""
        return [_display_row(user, self.lang) for user in self._users]

    @rx.var
    def has_users(self) -> bool:
        return bool(self._users)

    @rx.var
    def searching(self) -> bool:
        return bool(self.query)

    @rx.var
    def range_text(self) -> str:
        """ "1–50 of 1,000", in the visitor's language."""
        end = self.offset + len(self._users)
        return translate("users.range", self.lang).format(
            start=self.offset + 1 if end else 0, end=end, total=self.total
        )

    @rx.var
    def has_previous(self) -> bool:
        return self.offset > 0

    @rx.var
    def has_next(self) -> bool:
        return self.offset + PAGE_SIZE < self.total

    @rx.event
    def previous_page(self):
        self.offset = max(0, self.offset - PAGE_SIZE)
        self._wanted += 1
        return UsersState.load_users

    @rx.event
    def next_page(self):
        if self.offset + PAGE_SIZE < self.total:
            self.offset += PAGE_SIZE
        self._wanted += 1
        return UsersState.load_users

    @rx.event
    def search(self, form: dict[str, str]):
        """The search form (Enter or the button): from the first page, by name or e-mail."""
        self.query = " ".join(str(form.get("query", "")).split())[:QUERY_MAX]
        self.offset = 0
        self._wanted += 1
        return UsersState.load_users

    @rx.event
    def clear_search(self):
        return UsersState.search({"query": ""})

    @rx.event(background=True)
    async def load_users(self):
        """on_load, page turns, searches and the retry button. A load in flight for the same request
        is not repeated."""
        async with self:
            fresh = time.time() - self._load_started < _STALE_LOAD_S
            if self.status == "loading" and fresh and self._loading == self._wanted:
                return
            self.status = "loading"
            self._load_started = time.time()
            self._loading = wanted = self._wanted
            offset, query = self.offset, self.query
        access = await self._staff_gate()
        if access is not StaffAccess.ALLOWED:
            return await self._refused(access)
        try:
            page = await backend.services().users.list_users(limit=PAGE_SIZE, offset=offset, query=query)
            users, total, status = rows_as_json(page.users), page.total, "ready"
        except ServiceUnavailable as err:
            logger.warning("users list unavailable: %s", err)
            users, total, status = [], 0, "error"
        except Exception:
            # Any other failure still ends the spinner; the page shows the same retryable error.
            logger.exception("users list failed")
            users, total, status = [], 0, "error"
        async with self:
            if wanted != self._wanted:
                return None  # a newer search or page turn is loading; its answer is the one to show
            self._users, self.total, self.status = users, total, status
        return None
