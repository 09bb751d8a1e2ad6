"""Which substates an event reads (dreams_app/state_manager.py), and the rule that makes reading
fewer safe: only AppState's own event writes the locale that every feature state's texts follow."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from reflex.state import State

import dreams_app.dreams_app  # noqa: F401  (registers every page and state)
from dreams_app.state.auth import AuthState, SessionCheckState
from dreams_app.state.base import AppState
from dreams_app.state.package import PackageState
from dreams_app.state.results import ResultsState
from dreams_app.state.users import UsersState
from dreams_app.state_manager import AppStateManager

APP = Path(dreams_app.dreams_app.__file__).parent


def _read_for(cls) -> set[str]:
    """The substates Reflex reads for an event of `cls` (its subtree included, as get_state asks)."""
    manager = object.__new__(AppStateManager)  # the walk uses no connection
    return {c.__name__ for c in manager._get_required_state_classes(cls, subclasses=True)}


@pytest.mark.parametrize(
    "cls, expected",
    [
        (ResultsState, {"State", "AppState", "ResultsState"}),
        (PackageState, {"State", "AppState", "PackageState"}),
        # the header's check on every page mount: not AuthState's eleven page states
        (SessionCheckState, {"State", "AppState", "AuthState", "SessionCheckState"}),
        (UsersState, {"State", "AppState", "AuthState", "StaffState", "UsersState"}),
    ],
)
def test_an_event_reads_its_branch_not_every_state_that_follows_the_language(cls, expected):
    assert _read_for(cls) == expected


def test_a_language_switch_reads_every_state_whose_texts_follow_it():
    followers = {c.__name__ for c in AppState._get_potentially_dirty_states()}
    assert {"ResultsState", "PackageState", "UsersState"} <= followers
    assert followers <= _read_for(AppState)


def test_app_state_holds_only_the_locale():
    # Another var here, written by a feature state's event, would need its followers read too.
    assert AppState.get_fields().keys() - State.get_fields().keys() == {"locale"}
    assert set(AppState.computed_vars) - set(State.computed_vars or {}) == {"lang"}


def test_only_set_locale_writes_the_locale():
    writers = []
    for path in APP.rglob("*.py"):
        tree = ast.parse(path.read_text())
        for func in ast.walk(tree):
            if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(func):
                targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
                if any(isinstance(t, ast.Attribute) and t.attr == "locale" for t in targets):
                    writers.append(f"{path.relative_to(APP)}:{func.name}")
    assert writers == ["state/base.py:set_locale"]


def test_auth_state_keeps_no_events_of_its_own():
    # Its events would read all its page states; they belong on a leaf such as SessionCheckState.
    assert set(AuthState.event_handlers) == {"setvar"}  # Reflex's own, unused
