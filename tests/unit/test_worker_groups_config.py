"""Worker groups: how many processes of each kind devstack runs, their names and metrics ports."""

from __future__ import annotations

import subprocess
import sys

import pytest
from pydantic import ValidationError

from devstack import process
from devstack.workers import payments, users
from services.config import Settings


def settings(tmp_path, monkeypatch, **env) -> Settings:
    kinds = ("USERS", "PROJECTOR", "PAYMENTS")
    for name in (
        "WORKER_PROCESSES",
        "WORKER_INDEX",
        *(f"{k}_WORKERS" for k in kinds),
        *(f"{k}_WORKER_METRICS_PORT" for k in kinds),
    ):
        monkeypatch.delenv(name, raising=False)  # the suite's env turns metrics off
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return Settings(_env_file=None, state_dir=tmp_path)


def test_counts_default_to_one_and_a_kind_overrides_the_common_count(tmp_path, monkeypatch):
    assert settings(tmp_path, monkeypatch).worker_count("payments") == 1
    s = settings(tmp_path, monkeypatch, WORKER_PROCESSES="3", USERS_WORKERS="2")
    assert [s.worker_count(k) for k in ("users", "projector", "payments")] == [2, 3, 3]
    assert [i.NAME for i in payments.instances(s)] == ["payments-worker", "payments-worker-2", "payments-worker-3"]


@pytest.mark.parametrize("value", ["0", "11", "three"])
def test_a_bad_count_is_refused_naming_the_variable(tmp_path, monkeypatch, value):
    with pytest.raises(ValidationError, match="worker_processes"):
        settings(tmp_path, monkeypatch, WORKER_PROCESSES=value)


def test_metrics_ports_step_by_ten_per_process_so_no_two_processes_clash(tmp_path, monkeypatch):
    s = settings(tmp_path, monkeypatch, WORKER_PROCESSES="10")
    ports = [s.worker_metrics_port(kind, i) for kind in ("users", "projector", "payments") for i in range(1, 11)]
    assert len(set(ports)) == 30 and ports[:3] == [9101, 9111, 9121]
    assert settings(tmp_path, monkeypatch, WORKER_INDEX="2").worker_metrics_port("payments") == 9113  # its own
    off = settings(tmp_path, monkeypatch, PAYMENTS_WORKER_METRICS_PORT="0")
    assert off.worker_metrics_port("payments", 3) == 0  # 0 stays "no endpoint"


def test_stop_stops_every_process_of_the_kind_also_beyond_the_current_count(tmp_path, monkeypatch):
    s = settings(tmp_path, monkeypatch, USERS_WORKERS="1")
    procs = []
    for name in ("users-worker", "users-worker-2", "users-worker-3"):  # started when the count was 3
        proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], start_new_session=True)
        procs.append(proc)
        path = process.pidfile(s, name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{proc.pid} {process._start_time(proc.pid) or ''}\n")
    try:
        assert users.stop(s) is True
        assert [p.wait(10) for p in procs] and all(p.returncode is not None for p in procs)
        assert list((tmp_path / "run").glob("users-worker*.pid")) == []
        assert users.stop(s) is False  # nothing left
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
