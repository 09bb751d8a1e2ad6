"""Fixtures for devstack's own tests.

The shared stack (default ports, .devstack/) is the one every integration test uses: these tests
restart Kafka and Mongo on it and leave them running. Tests of the CLI's start/stop/rollback paths
use an isolated state dir and ports of their own, so they never touch the shared stack.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from devstack import kafka, process
from services.config import ROOT, Settings, get_settings


def free_ports(n: int) -> list[int]:
    """`n` distinct ports nothing listens on now (the kernel's choice), so a private stack never
    meets a process left over on a fixed port, nor another run of this suite on the machine."""
    sockets = [socket.socket() for _ in range(n)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


@pytest.fixture
def isolated(tmp_path: Path) -> Iterator[tuple[Settings, dict[str, str]]]:
    """Settings and the matching environment for a private stack under tmp_path.

    Kafka's jars live in the shared tools dir (fetched once), so no download.
    Everything this private stack started is stopped afterwards.
    """
    kafka.fetch_jars(get_settings())
    state = tmp_path / "state"
    kafka_port, controller_port, mongo_port, postgres_port = free_ports(4)
    env = {
        **os.environ,
        "STATE_DIR": str(state),
        "KAFKA_BOOTSTRAP_SERVERS": f"127.0.0.1:{kafka_port}",
        "KAFKA_CONTROLLER_PORT": str(controller_port),
        "MONGO_URL": f"mongodb://127.0.0.1:{mongo_port}/?directConnection=true",
        "POSTGRES_PORT": str(postgres_port),
        "DATABASE_URL": "",
        # No local mail server or Stripe sandbox in this stack: "real" keys and no overrides.
        "SENDGRID_HOST": "",
        "SENDGRID_API_KEY": "SG.isolated",
        "STRIPE_API_BASE": "",
        "STRIPE_SECRET_KEY": "sk_test_isolated",
    }
    settings = Settings(
        state_dir=state,
        kafka_bootstrap_servers=env["KAFKA_BOOTSTRAP_SERVERS"],
        kafka_controller_port=controller_port,
        mongo_url=env["MONGO_URL"],
        postgres_port=postgres_port,
        sendgrid_api_key="SG.isolated",
        stripe_secret_key="sk_test_isolated",
    )
    yield settings, env
    for pid_path in (state / "run").glob("*.pid"):
        process.stop(pid_path, timeout=10)


@pytest.fixture
def devstack_cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run `python -m devstack ...` to completion with the given environment."""

    def run(*args: str, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "devstack", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    return run
