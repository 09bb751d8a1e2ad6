"""Users handler fixtures: a migrated SQLite file per test and the handlers bound to fakes."""

from __future__ import annotations

import pytest

from services.users.db import make_engine, migrate
from services.users.passwords import Passwords

from .fakes import Worker, cheap_hasher, worker_on


@pytest.fixture(scope="session")
def hasher() -> Passwords:
    return cheap_hasher()


@pytest.fixture
def engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'users.sqlite'}")
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def worker(engine, hasher) -> Worker:
    return worker_on(engine, hasher)
