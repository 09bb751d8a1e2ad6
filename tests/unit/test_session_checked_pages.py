"""Pages whose on_load checks the session leave the header's own check out (dreams_app/template.py):
each check is a background event, two state round trips. What makes that safe is that their
on_load reaches the check, which applies the session to AuthState; that is checked here on the
code (a call of `_checked` or `_staff_gate`, directly or through the state's own helpers), and in
Chromium by tests/e2e/test_accounts.py (a second tab opened on /dashboard shows the name)."""

from __future__ import annotations

import ast
import inspect
import textwrap

import dreams_app.dreams_app  # noqa: F401  (registers every page and state)
from dreams_app import routes
from dreams_app.components.account_menu import account_menu
from dreams_app.template import SESSION_CHECKED_BY_ON_LOAD

CHECKS = {"_checked", "_staff_gate"}


def _self_calls(fn) -> set[str]:
    """The names of the methods `fn` calls on self (`self.x(...)`, awaited or not)."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    return {
        node.func.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "self"
    }


def _reaches_a_check(state_cls, fn, seen: set[str]) -> bool:
    calls = _self_calls(fn)
    if calls & CHECKS:
        return True
    for name in calls - seen:
        seen.add(name)
        method = getattr(state_cls, name, None)
        if inspect.isfunction(method) and _reaches_a_check(state_cls, method, seen):
            return True
    return False


def test_the_pages_that_check_the_session_themselves():
    assert set(SESSION_CHECKED_BY_ON_LOAD) == {routes.USERS, routes.BOOKING, routes.DASHBOARD, routes.PROFILE}


def test_each_of_their_on_loads_reaches_a_session_check():
    for route, on_load in SESSION_CHECKED_BY_ON_LOAD.items():
        state_cls = on_load.state  # the EventHandler's state class (Reflex 0.10)
        assert _reaches_a_check(state_cls, on_load.fn, set()), f"{route}: on_load never checks the session"


def test_a_handler_without_a_check_is_told_apart():
    from dreams_app.state.results import ResultsState

    assert not _reaches_a_check(ResultsState, ResultsState.load.fn, set())


def test_the_header_checks_the_session_unless_told_not_to():
    assert "on_mount" in account_menu().event_triggers
    assert "on_mount" not in account_menu(check_session=False).event_triggers
