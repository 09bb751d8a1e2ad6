"""The users list (/users): loads through the users client (services.users.api) in a background event.

State is pickled between events, so it holds plain JSON data only: no clients, no models.
"""
import logging
import time
from datetime import datetime
from typing import Literal

import reflex as rx

from dreams_app import backend
from dreams_app.i18n import translate
from dreams_app.state.base import AppState
from services.config import get_settings
from services.errors import ServiceUnavailable
from services.i18n import format_day

logger = logging.getLogger(__name__)

PAGE_SIZE = 50  # users per page: a listing never ships the whole table

# A load older than this is presumed lost (e.g. the server restarted mid-request) and may restart.
_STALE_LOAD_S = get_settings().kafka_request_timeout_s + 5


def _initials(first: str, last: str) -> str:
    return f"{first[:1]}{last[:1]}".upper()


def _display_row(user: dict, locale: str) -> dict[str, str]:
    return {
        "id": user["id"],
        "name": f"{user['first_name']} {user['last_name']}".strip(),
        "initials": _initials(user["first_name"], user["last_name"]),
        "email": user["email"],
        "member_since": format_day(datetime.fromisoformat(user["member_since"]), None, locale),
    }


class UsersState(AppState):
    status: Literal["idle", "loading", "ready", "error"] = "idle"
    total: int = 0
    offset: int = 0
    _users: list[dict] = []  # UserSummary.model_dump(mode="json") items
    _load_started: float = 0.0

    @rx.var(cache=True)
    def rows(self) -> list[dict[str, str]]:
        """The users, formatted for the visitor's locale; recomputed when the language changes."""
        return [_display_row(user, self.lang) for user in self._users]

    @rx.var
    def has_users(self) -> bool:
        return bool(self._users)

    @rx.var
    def range_text(self) -> str:
        """"1–50 of 1,000", in the visitor's language."""
        end = self.offset + len(self._users)
        return translate("users.range", self.lang).format(start=self.offset + 1 if end else 0, end=end,
                                                          total=self.total)

    @rx.var
    def has_previous(self) -> bool:
        return self.offset > 0

    @rx.var
    def has_next(self) -> bool:
        return self.offset + PAGE_SIZE < self.total

    @rx.event
    def previous_page(self):
        self.offset = max(0, self.offset - PAGE_SIZE)
        return UsersState.load_users

    @rx.event
    def next_page(self):
        if self.offset + PAGE_SIZE < self.total:
            self.offset += PAGE_SIZE
        return UsersState.load_users

    @rx.event(background=True)
    async def load_users(self):
        """on_load and the retry button. Safe to run twice: a load in flight is not repeated."""
        async with self:
            if self.status == "loading" and time.time() - self._load_started < _STALE_LOAD_S:
                return
            self.status = "loading"
            self._load_started = time.time()
            offset = self.offset
        try:
            page = await backend.services().users.list_users(limit=PAGE_SIZE, offset=offset)
        except ServiceUnavailable as err:
            logger.warning("users list unavailable: %s", err)
            async with self:
                self.status = "error"
            return
        except Exception:
            # Any other failure still ends the spinner; the page shows the same retryable error.
            logger.exception("users list failed")
            async with self:
                self.status = "error"
            return
        async with self:
            self._users = [user.model_dump(mode="json") for user in page.users]
            self.total = page.total
            self.status = "ready"
