"""`page()`: the one decorator that registers a page — route, translated title, on_load, layout."""

import functools
from collections.abc import Callable

import reflex as rx

from dreams_app.components.page_layout import page_layout
from dreams_app.i18n import t

FAVICON = "/favicon.svg"
# route → on_load, for the pages whose on_load checks the session (the header does not there)
SESSION_CHECKED_BY_ON_LOAD: dict[str, rx.event.EventType[()]] = {}


def page(
    route: str,
    title_key: str,
    on_load: rx.event.EventType[()] | None = None,
    on_load_checks_session: bool = False,
) -> Callable[[Callable[[], rx.Component]], Callable[[], rx.Component]]:
    """Wrap a content function in the page layout and register it at `route`.

    `on_load_checks_session`: the page's on_load checks the session on every path and applies it to
    AuthState (`_checked` or `_staff_gate`), so the header does not check it again
    (tests/unit/test_session_checked_pages.py)."""

    def decorator(content: Callable[[], rx.Component]) -> Callable[[], rx.Component]:
        if on_load_checks_session:
            SESSION_CHECKED_BY_ON_LOAD[route] = on_load

        @rx.page(route=route, title=t(title_key), image=FAVICON, on_load=on_load)
        @functools.wraps(content)
        def render() -> rx.Component:
            return page_layout(content(), check_session=not on_load_checks_session)

        return render

    return decorator
