"""The web tier's settings (WEB_BACKENDS, REDIS_*) and the config files devstack writes for it."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import timedelta

import pytest
from pydantic import ValidationError
from reflex_base.environment import oplock_hold_time

from devstack import load_balancer, reflex_app
from devstack import redis as redis_component
from services.config import Settings


def _settings(tmp_path, **values) -> Settings:
    return Settings(_env_file=None, state_dir=tmp_path, **values)


def test_backends_default_to_the_cores_and_redis_to_devstacks_own_port(monkeypatch, tmp_path):
    for name in ("WEB_BACKENDS", "REDIS_URL", "REDIS_PORT"):
        monkeypatch.delenv(name, raising=False)
    settings = _settings(tmp_path)
    assert settings.web_backends == (os.cpu_count() or 1)
    assert settings.redis_url == "redis://127.0.0.1:6380/0"  # not 6379: a system redis may be there


def test_environment_sets_backends_ports_and_redis(monkeypatch, tmp_path):
    monkeypatch.setenv("WEB_BACKENDS", "3")
    monkeypatch.setenv("BACKEND_PORT", "8200")
    monkeypatch.setenv("REDIS_PORT", "16379")
    monkeypatch.delenv("REDIS_URL", raising=False)
    settings = _settings(tmp_path)
    assert settings.backend_ports == [8200, 8201, 8202]
    assert settings.redis_url == "redis://127.0.0.1:16379/0"
    assert redis_component.port(settings) == 16379 and redis_component.is_local(settings)
    remote = _settings(tmp_path, redis_url="redis://redis:6379")
    assert not redis_component.is_local(remote) and redis_component.port(remote) == 6379


@pytest.mark.parametrize("backends", [0, -1, 11, "two"])
def test_bad_backend_counts_are_refused_by_name(tmp_path, backends):
    with pytest.raises(ValidationError, match="web_backends"):
        _settings(tmp_path, web_backends=backends)


def test_a_redis_url_without_a_redis_scheme_is_refused(tmp_path):
    with pytest.raises(ValidationError, match="REDIS_URL must start with redis://"):
        _settings(tmp_path, redis_url="http://127.0.0.1:6379")


def test_one_backend_is_one_process_on_the_frontend_port(monkeypatch, tmp_path):
    monkeypatch.delenv("GRANIAN_WORKERS", raising=False)
    settings = _settings(tmp_path, web_backends=1, frontend_port=3300)
    env = reflex_app.reflex_env(settings)
    assert not reflex_app.balanced(settings)
    assert "REFLEX_API_URL" not in env  # the page's websocket goes to the port that served it
    assert env["GRANIAN_WORKERS"] == "1"  # Reflex would fork 2 x cores + 1 with a Redis URL


def test_several_backends_send_the_websocket_through_the_balancer(monkeypatch, tmp_path):
    monkeypatch.delenv("GRANIAN_WORKERS", raising=False)
    settings = _settings(tmp_path, web_backends=2, frontend_port=3300, trusted_proxy_hops=1)
    env = reflex_app.reflex_env(settings)
    assert env["REFLEX_API_URL"] == "http://127.0.0.1:3300"
    assert env["TRUSTED_PROXY_HOPS"] == "2"  # haproxy's X-Forwarded-For entry is one more hop
    assert env["GRANIAN_WORKERS"] == "1"


@pytest.mark.parametrize(
    ("lease_ms", "enabled", "hold_ms"), [(None, "false", 1), (200, "true", 200), (1500, "true", 1500)]
)
def test_state_leases_reach_reflex_as_its_opportunistic_lock(monkeypatch, tmp_path, lease_ms, enabled, hold_ms):
    monkeypatch.delenv("WEB_STATE_LEASE_MS", raising=False)
    values = {} if lease_ms is None else {"web_state_lease_ms": lease_ms}
    env = reflex_app.reflex_env(_settings(tmp_path, **values))
    assert env["REFLEX_OPLOCK_ENABLED"] == enabled
    # As Reflex reads it (a bare number would be seconds).
    monkeypatch.setenv("REFLEX_OPLOCK_HOLD_TIME", env["REFLEX_OPLOCK_HOLD_TIME"])
    monkeypatch.delenv("REFLEX_OPLOCK_HOLD_TIME_MS", raising=False)
    assert oplock_hold_time() == timedelta(milliseconds=hold_ms)


def test_a_lease_must_end_well_before_reflexs_lock_expires(tmp_path):
    with pytest.raises(ValidationError, match="web_state_lease_ms"):
        _settings(tmp_path, web_state_lease_ms=10_000)


def test_haproxy_config_lists_every_backend_and_checks_ping(tmp_path):
    settings = _settings(tmp_path, web_backends=3, frontend_port=3300, backend_port=8300)
    text = load_balancer.config_text(settings)
    assert "bind 127.0.0.1:3300" in text
    for i, port in enumerate((8300, 8301, 8302)):
        assert f"server web{i} 127.0.0.1:{port} check" in text
    assert "option httpchk GET /ping" in text and "option redispatch" in text
    assert "option logasap" in text  # websockets logged when they open (the browser test reads it)


@pytest.mark.skipif(not shutil.which("haproxy") and not os.path.exists("/usr/sbin/haproxy"), reason="no haproxy")
def test_haproxy_accepts_the_config(tmp_path):
    conf = tmp_path / "haproxy.cfg"
    conf.write_text(load_balancer.config_text(_settings(tmp_path, web_backends=2)))
    done = subprocess.run([load_balancer.executable(), "-c", "-f", str(conf)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_redis_config_is_loopback_only_and_keeps_nothing_on_disk(tmp_path):
    settings = _settings(tmp_path, redis_url="redis://127.0.0.1:16399/0")
    lines = redis_component.config_text(settings).splitlines()
    assert "bind 127.0.0.1" in lines and "port 16399" in lines
    assert 'save ""' in lines and "appendonly no" in lines and "daemonize no" in lines
    assert f"dir {tmp_path / 'data' / 'redis'}" in lines


def test_a_prod_backend_is_served_in_its_own_process_and_dev_mode_is_plain_reflex(tmp_path):
    settings = _settings(tmp_path, web_backends=2, frontend_port=3300)
    prod = reflex_app._reflex_cmd(settings, "prod", 8000, 8000, "127.0.0.1")
    dev = reflex_app._reflex_cmd(settings, "dev", 3300, 8000, "127.0.0.1")
    assert prod[1:4] == ["-m", "devstack.web_backend", "run"]  # granian's embedded server, no fork
    assert dev[1:4] == ["-m", "reflex", "run"]
