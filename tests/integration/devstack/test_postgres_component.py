"""devstack's PostgreSQL: installed if missing, runs as the postgres user, provisions the URL's
role and database. Stopped at the end (only DATABASE_URL=postgresql://... setups use it)."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest

from devstack import postgres, process
from services.config import Settings, get_settings

pytestmark = pytest.mark.timeout(900)  # may include `apt-get install postgresql` on a fresh machine

URL = "postgresql://devstack_test:s3cret@127.0.0.1:{port}/devstack_test"


@pytest.fixture
def pg_settings() -> Iterator[Settings]:
    shared = get_settings()
    settings = Settings(database_url=URL.format(port=shared.postgres_port), postgres_port=shared.postgres_port)
    try:
        postgres.install_server()
    except RuntimeError as exc:
        pytest.skip(f"PostgreSQL could not be installed here: {exc}")
    yield settings
    postgres.stop(settings)


def test_start_query_reuse_and_stop(pg_settings: Settings) -> None:
    postgres.ensure(pg_settings)
    pid = process.read_pid(process.pidfile(pg_settings, postgres.NAME))
    assert pid is not None

    with psycopg.connect(pg_settings.database_url, connect_timeout=5) as conn:
        assert conn.execute("SELECT current_user, current_database()").fetchone() == ("devstack_test", "devstack_test")
        conn.execute("CREATE TABLE IF NOT EXISTS probe (n int)")
        conn.execute("INSERT INTO probe VALUES (41)")
        assert conn.execute("SELECT max(n) + 1 FROM probe").fetchone() == (42,)

    assert postgres.ensure(pg_settings) == "reused"
    assert process.read_pid(process.pidfile(pg_settings, postgres.NAME)) == pid

    assert postgres.stop(pg_settings) is True
    assert not process.is_alive(pid)
    assert not postgres.is_ready(pg_settings)
