"""Assembles the sandbox: store + delivery thread + routes, as a Starlette app."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette

from . import api_routes, control_routes, pay_page, sessions
from .config import SandboxConfig
from .context import Sandbox
from .delivery import Deliverer
from .spec import Spec
from .store import Store


def build_app(config: SandboxConfig) -> Starlette:
    store = Store(config.db_path)
    sandbox = Sandbox(store, config, Spec.load(config.spec_path, api_routes.PATHS))
    deliverer = Deliverer(store, config, sweep=lambda: sessions.sweep(sandbox))
    sandbox.wake_deliverer = deliverer.notify

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        deliverer.start()
        try:
            yield
        finally:
            deliverer.stop()
            store.close()

    return Starlette(
        routes=control_routes.routes(sandbox) + pay_page.routes(sandbox) + api_routes.routes(sandbox),
        lifespan=lifespan,
    )
