"""The running sandbox's parts, handed to every route."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from . import events
from .config import SandboxConfig
from .spec import Spec
from .store import Store


@dataclass
class Sandbox:
    store: Store
    config: SandboxConfig
    spec: Spec
    wake_deliverer: Callable[[], None] = field(default=lambda: None)

    def emit(
        self,
        type_: str,
        obj: dict[str, Any],
        previous: dict[str, Any] | None = None,
        request: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        return events.emit(
            self.store, self.config.webhook_urls, type_, obj, previous, request, complete=self.spec.complete_object
        )
