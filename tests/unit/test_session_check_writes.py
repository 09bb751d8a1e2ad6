"""A session check that finds what the tab already shows writes nothing (dreams_app/state/auth.py,
staff.py): each `async with self` of a background event is a state round trip, and the header's
check runs on every page mount, the staff gate on every users page load and page turn.

The background task is played by `Background`, a proxy that counts its `async with self` blocks;
the look-up (Mongo) and the role read are fakes: what is under test is which checks write."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
import wrapt
from reflex.state import State

import dreams_app.dreams_app  # noqa: F401  (registers every page and state)
from dreams_app.state import staff
from dreams_app.state.auth import AuthState, SessionCheckState
from dreams_app.state.users import UsersState
from services.sessions.access import StaffAccess
from services.sessions.check import SIGNED_OUT, UNCHECKED, Access, SessionCheck
from services.sessions.models import ActiveSession, SessionUser

pytestmark = pytest.mark.anyio
COOKIE = "cookie-1"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


class Background(wrapt.ObjectProxy):
    """What a background event holds: its state, and how many `async with self` blocks it ran."""

    def __init__(self, state):
        super().__init__(state)
        self._self_writes = 0

    async def __aenter__(self):
        self._self_writes += 1
        return self

    async def __aexit__(self, *exc_info):
        return None


def _signed_in(first_name: str = "Ana", role: str = "traveller") -> SessionCheck:
    now = datetime.now(UTC)
    user = SessionUser(user_id="u1", first_name=first_name, last_name="Souza", email="ana@example.com", role=role)
    return SessionCheck(Access.SIGNED_IN, ActiveSession(user=user, created_at=now, expires_at=now + timedelta(days=1)))


def _tab(cls, monkeypatch, results: list[SessionCheck]) -> Background:
    """A fresh tab's state of `cls` whose successive look-ups return `results`."""
    state = State(_reflex_internal_init=True).get_substate(cls.get_full_name().split(".")[1:])
    answers = iter(results)

    async def look_up(self):
        return next(answers), COOKIE

    monkeypatch.setattr(AuthState, "_look_up", look_up)
    return Background(state)


async def _checks(tab: Background, n: int) -> list[int]:
    """Run `n` header checks; the writes counted after each."""
    counts = []
    for _ in range(n):
        await AuthState._checked(tab)
        counts.append(tab._self_writes)
    return counts


async def test_a_check_that_finds_what_the_tab_shows_writes_nothing(monkeypatch) -> None:
    tab = _tab(SessionCheckState, monkeypatch, [SIGNED_OUT, SIGNED_OUT, _signed_in(), _signed_in(), _signed_in()])
    # the first check of a fresh tab writes (session_checked), the same answer again does not;
    # a log-in seen by the next check writes once
    assert await _checks(tab, 5) == [1, 1, 2, 2, 2]
    assert tab.signed_in and tab.user_first_name == "Ana" and tab.session_checked


@pytest.mark.parametrize(
    "later, changed",
    [
        (_signed_in(first_name="Bia"), "user_first_name"),  # the name changed (another account, an edit)
        (_signed_in(role="staff"), "is_staff"),
        (UNCHECKED, "session_unavailable"),  # Mongo down: same user kept, the header says so
        (SIGNED_OUT, "signed_in"),  # logged out elsewhere
    ],
)
async def test_every_change_a_check_finds_is_written(monkeypatch, later: SessionCheck, changed: str) -> None:
    tab = _tab(SessionCheckState, monkeypatch, [_signed_in(), later])
    await AuthState._checked(tab)
    before = getattr(tab, changed)
    assert await _checks(tab, 1) == [2]
    assert getattr(tab, changed) != before


def _roles(monkeypatch, role: str) -> None:
    async def current_role(user_id: str) -> str:
        return role

    services = SimpleNamespace(sessions=SimpleNamespace(current_role=current_role))
    monkeypatch.setattr(staff.backend, "services", lambda: services)


async def test_the_staff_gate_writes_only_what_changed(monkeypatch) -> None:
    _roles(monkeypatch, "staff")
    tab = _tab(UsersState, monkeypatch, [_signed_in(role="staff")] * 3)
    assert [await staff.StaffState._staff_gate(tab) for _ in range(3)] == [StaffAccess.ALLOWED] * 3
    assert tab._self_writes == 1  # the first page load; the page turns after it write nothing
    assert tab.staff_access == "allowed" and tab.is_staff


async def test_a_refused_staff_gate_always_writes_and_forgets_the_page(monkeypatch) -> None:
    _roles(monkeypatch, "traveller")  # demoted since the page was loaded
    tab = _tab(UsersState, monkeypatch, [_signed_in(role="staff")] * 2)
    tab.staff_access, tab.is_staff, tab._users, tab.total = "allowed", True, [{"id": "u2"}], 1
    assert await staff.StaffState._staff_gate(tab) is StaffAccess.FORBIDDEN
    assert await staff.StaffState._staff_gate(tab) is StaffAccess.FORBIDDEN
    assert tab._self_writes == 2
    assert tab.staff_access == "forbidden" and not tab.is_staff and tab._users == [] and tab.total == 0
