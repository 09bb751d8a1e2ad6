"""devstack's stripe-mock: built once per version (two builds at once end with one whole tool),
started on its port, answering as Stripe's mock does."""

from __future__ import annotations

import threading
from pathlib import Path

import httpx
import psutil
import pytest

from devstack import process, stripe_mock
from services.config import Settings

from .conftest import free_ports

pytestmark = pytest.mark.timeout(300)


def test_two_builds_at_once_leave_one_complete_tool(settings: Settings, tmp_path: Path) -> None:
    stripe_mock.build(settings)  # the shared tools dir: built once, then a no-op
    tools = tmp_path / "tools"
    (tools / "stripe-mock").mkdir(parents=True)
    # Reuse the shared Go caches (Go locks them itself), so this builds, but downloads nothing.
    (tools / "stripe-mock" / "go").symlink_to(settings.tools_dir / "stripe-mock" / "go")
    fresh = settings.model_copy(update={"tools_dir": tools})
    assert not stripe_mock.is_built(fresh)

    results: list[Path | BaseException] = []

    def build() -> None:
        try:
            results.append(stripe_mock.build(fresh))
        except BaseException as exc:  # noqa: BLE001 - reported by the assert below
            results.append(exc)

    threads = [threading.Thread(target=build) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(240)
    assert results == [stripe_mock.home(fresh)] * 2
    assert stripe_mock.is_built(fresh)
    assert stripe_mock.spec_path(fresh).stat().st_size > 1_000_000
    leftovers = [p.name for p in (tools / "stripe-mock").iterdir() if p.name not in ("go", "v0.203.0")]
    assert leftovers == []  # no half-built staging dir


def test_ensure_starts_it_on_its_port_and_stop_ends_it(settings: Settings, tmp_path: Path) -> None:
    [port] = free_ports(1)
    mine = settings.model_copy(update={"state_dir": tmp_path / "state", "stripe_mock_port": port})
    assert stripe_mock.ensure(mine) == "started"
    try:
        assert stripe_mock.ensure(mine) == "reused"
        answer = httpx.post(
            f"http://127.0.0.1:{port}/v1/checkout/sessions",
            headers={"Authorization": f"Bearer {stripe_mock.API_KEY}"},
            data={"mode": "payment", "surprise": "x"},
        )
        assert answer.status_code == 400  # it checks requests against the spec
        assert answer.json()["error"]["type"] == "invalid_request_error"
        pid = process.read_pid(process.pidfile(mine, stripe_mock.NAME))
        listening = [c.laddr for c in psutil.Process(pid).net_connections(kind="tcp") if c.status == psutil.CONN_LISTEN]
        assert listening and {a.ip for a in listening} == {"127.0.0.1"}  # HTTPS too: no :12112
    finally:
        assert stripe_mock.stop(mine)
    assert not stripe_mock.is_ready(mine)
    assert process.read_pid(process.pidfile(mine, stripe_mock.NAME)) is None
