"""`page()`: the one decorator that registers a page — route, translated title, on_load, layout."""

import functools
from collections.abc import Callable

import reflex as rx

from dreams_app.components.page_layout import page_layout
from dreams_app.i18n import t

FAVICON = "/favicon.svg"


def page(
    route: str,
    title_key: str,
    on_load: rx.event.EventType[()] | None = None,
) -> Callable[[Callable[[], rx.Component]], Callable[[], rx.Component]]:
    """Wrap a content function in the page layout and register it at `route`."""

    def decorator(content: Callable[[], rx.Component]) -> Callable[[], rx.Component]:
        @rx.page(route=route, title=t(title_key), image=FAVICON, on_load=on_load)
        @functools.wraps(content)
        def render() -> rx.Component:
            return page_layout(content())

        return render

    return decorator
