"""The registry of devstack components, in start order.

Every component is a module with the same interface:

    NAME: str
    port(settings) -> int                      optional: the TCP port it serves on 127.0.0.1
    is_ready(settings) -> bool                 a real protocol call, short timeouts
    start(settings) -> None                    spawn (devstack.process.spawn), do not wait
    wait_ready(settings, timeout: float)       poll is_ready; TimeoutError naming the log file
    stop(settings) -> bool                     stop what devstack started; True if it was running
    ensure(settings, timeout) -> "reused" | "started"
                                               usually devstack.process.ensure_component(...)

Modules are imported lazily, so a component whose module is absent (or whose libraries are not
installed) never breaks the others.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from urllib.parse import urlsplit

from services.config import Settings


INTERFACE = ("NAME", "is_ready", "start", "wait_ready", "stop", "ensure")


@dataclass(frozen=True)
class Entry:
    module: str
    wanted: Callable[[Settings], bool]  # does `up` start it with these settings?
    port: Callable[[Settings], int | None]


def _local(url: str | None) -> bool:
    return bool(url) and ("//127.0.0.1:" in url or "//localhost:" in url)


# In start order.
REGISTRY: dict[str, Entry] = {
    "kafka": Entry("devstack.kafka", lambda s: True, lambda s: s.kafka_port),
    "mongo": Entry("devstack.mongo", lambda s: True, lambda s: s.mongo_port),
    "postgres": Entry("devstack.postgres", lambda s: s.uses_postgres, lambda s: s.postgres_port),
    # Local SendGrid-compatible mail server (another helper's), when SendGrid points here.
    "mail": Entry("devstack.mailserver", lambda s: _local(s.sendgrid_host), lambda s: s.mail_port),
    # Local Stripe sandbox (another helper's), when the Stripe API base points here.
    "stripe": Entry("devstack.stripe_sandbox", lambda s: _local(s.stripe_api_base), lambda s: s.stripe_port),
    # Stripe's own stripe-mock: the contract tests' oracle, never needed to run the app.
    "stripe-mock": Entry("devstack.stripe_mock", lambda s: False, lambda s: s.stripe_mock_port),
    # The workers, then the app: after the servers they use. ("module:attribute" names an object
    # shaped like a component module.)
    "users-worker": Entry("devstack.workers:users", lambda s: True, lambda s: None),
    "projector-worker": Entry("devstack.workers:projector", lambda s: True, lambda s: None),
    "payments-worker": Entry("devstack.workers:payments", lambda s: True, lambda s: None),
    # Reflex's state manager (every tab's state, shared by the web backends), before the app.
    "redis": Entry("devstack.redis", lambda s: _local(s.redis_url), lambda s: urlsplit(s.redis_url).port),
    "app": Entry("devstack.reflex_app", lambda s: True, lambda s: s.frontend_port),
}

INFRASTRUCTURE = ("kafka", "mongo", "postgres", "mail", "stripe", "stripe-mock")
# Servers only the test suite uses (contract oracles): no part of the running system, so no compose service.
TEST_ONLY = ("stripe-mock",)


def names() -> list[str]:
    return list(REGISTRY)


def wanted(settings: Settings) -> list[str]:
    """The components `up` starts by default with these settings."""
    return [name for name, entry in REGISTRY.items() if entry.wanted(settings)]


def load(name: str) -> ModuleType | None:
    """The component's module, or None if that module does not exist (yet).

    Raises ImportError if it exists but cannot be imported or lacks part of the interface.
    """
    module_name, _, attribute = REGISTRY[name].module.partition(":")
    try:
        module = importlib.import_module(module_name)
        if attribute:
            module = getattr(module, attribute)
    except ModuleNotFoundError as exc:
        if exc.name == module_name:
            return None
        raise
    missing = [attr for attr in INTERFACE if not hasattr(module, attr)]
    if missing:
        raise ImportError(f"{module_name} lacks {', '.join(missing)} of the devstack interface")
    return module
