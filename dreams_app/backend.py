"""The web process's one set of services (services.bootstrap.web.WebServices): built when the app
starts, closed when it stops, reached through `services()` by the state handlers and HTTP routes.

Start-up runs in Reflex's lifespan, on the event loop that serves the websocket events and the
`api_transformer` routes, so the async Mongo client is bound to the loop that uses it. Building
does no I/O: the app starts with Kafka or Mongo down and serves once they are back. Only plain
values ever enter Reflex state (it is pickled); the services stay here.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator

from services.bootstrap.web import WebServices, web_services
from services.config import get_settings
from services.heap import freeze_startup_heap
from services.observability.setup import observe_web

log = logging.getLogger(__name__)

_services: WebServices | None = None


class NotStarted(RuntimeError):
    """A handler ran before the app's start-up built the services (or after its shutdown)."""


def services() -> WebServices:
    if _services is None:
        raise NotStarted(
            "the web services are not built: dreams_app.backend.lifespan has not run "
            "(is it registered with app.register_lifespan_task?)"
        )
    return _services


@contextlib.asynccontextmanager
async def lifespan() -> AsyncIterator[None]:
    """Reflex lifespan task: build the services on start-up, close them on shutdown."""
    global _services
    if _services is not None:
        raise RuntimeError("the web services are already built")
    observe_web(get_settings())  # JSON log lines, as the workers'
    _services = web_services()
    # The app's component tree, states and schemas are built by now: later collections skip them
    # (services/heap.py), and a forked backend worker keeps sharing those pages with its parent.
    freeze_startup_heap()
    log.info("web services built")
    try:
        yield
    finally:
        built, _services = _services, None
        await built.close()
