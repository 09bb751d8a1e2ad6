"""Every test session runs against its own stack (ports and state dir in tests/test.env).

The variables are set before anything reads the settings, and child processes (workers, the app)
inherit them.
"""

from __future__ import annotations

import os
from pathlib import Path

from dotenv import dotenv_values

ROOT = Path(__file__).resolve().parent.parent

for _key, _value in dotenv_values(Path(__file__).with_name("test.env")).items():
    os.environ.setdefault(_key, _value if not _key.endswith("_DIR") else str(ROOT / _value))

import pytest  # noqa: E402 - after the environment is set

from devstack import components  # noqa: E402
from services.config import Settings, get_settings  # noqa: E402


class Stack:
    """Starts devstack components on demand (reusing running ones) and stops, at the end of the
    session, only what it started itself. DREAMS_KEEP_STACK=1 leaves them running for the next run."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.started: list = []

    def ensure(self, *names: str) -> Settings:
        for name in names:
            if name == "app":  # the app would start its Redis itself, and then nobody would stop it
                self.ensure(*(n for n in components.wanted(self.settings) if n == "redis"))
            module = components.load(name)
            if module.ensure(self.settings) == "started":
                self.started.append(module)
        return self.settings

    def adopt(self, name: str) -> None:
        """A test (re)started this component itself: stop it at the end like the others."""
        module = components.load(name)
        if module not in self.started:
            self.started.append(module)

    def stop(self, *names: str) -> None:
        """Stop these components (whoever started them in this state dir); `ensure` restarts them."""
        for name in names:
            module = components.load(name)
            module.stop(self.settings)
            self.started = [m for m in self.started if m is not module]

    def stop_started(self) -> None:
        for module in reversed(self.started):
            module.stop(self.settings)
        self.started.clear()


@pytest.fixture(scope="session")
def settings() -> Settings:
    return get_settings()


@pytest.fixture(scope="session")
def stack(settings: Settings):
    stack = Stack(settings)
    yield stack
    if os.environ.get("DREAMS_KEEP_STACK") != "1":
        stack.stop_started()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests last, whatever the command line's order: pytest-playwright's sync API keeps an
    event loop running in the main thread for the rest of the session, and an async test (anyio)
    after it fails with "Cannot run the event loop while another loop is running"."""
    e2e = ROOT / "tests" / "e2e"
    items.sort(key=lambda item: item.path.is_relative_to(e2e))  # stable: the rest keeps its order
