"""Redis (Debian's redis-server): Reflex's state manager, shared by every web backend.

devstack runs its OWN redis-server on the port of settings.redis_url, with its own config and
directory under <state_dir>/data/redis (a system redis the Debian package may start on 6379 is
never used or touched). No persistence: the state must survive a *backend's* death, which it does
because Redis keeps it in memory; a Redis restart loses the tabs' state (log-in is a cookie and
survives anyway).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from urllib.parse import urlsplit

import redis as redis_client

from devstack import process
from services.config import Settings

NAME = "redis"
PACKAGES = ("redis-server", "haproxy")  # the web tier's Debian packages (devstack/load_balancer.py)


def port(settings: Settings) -> int:
    return urlsplit(settings.redis_url).port or 6379


def is_local(settings: Settings) -> bool:
    return urlsplit(settings.redis_url).hostname in ("127.0.0.1", "localhost")


def install_packages() -> None:
    """`apt-get install redis-server haproxy` unless both commands exist (a fresh Debian machine)."""
    if all(shutil.which(cmd) or os.path.exists(f"/usr/sbin/{cmd}") for cmd in ("redis-server", "haproxy")):
        return
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", *PACKAGES]):
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            raise RuntimeError(f"redis: {' '.join(cmd)} failed:\n{done.stderr[-3000:]}")


def _executable() -> str:
    found = shutil.which("redis-server")
    if not found:
        raise RuntimeError("redis: redis-server not found; run `make install` (apt-get install redis-server)")
    return found


def config_text(settings: Settings) -> str:
    """redis.conf for devstack's own server: loopback only, no disk persistence, no daemon."""
    data = process.datadir(settings, NAME)
    return "\n".join(
        [
            "bind 127.0.0.1",
            f"port {port(settings)}",
            "protected-mode yes",
            "daemonize no",
            f"dir {data}",
            'save ""',
            "appendonly no",
            # Reflex's lock waiters listen for keyspace events (it also sets this itself).
            "notify-keyspace-events KA",
            "loglevel notice",
            "",
        ]
    )


def is_ready(settings: Settings) -> bool:
    """A real PING."""
    if not process.port_open("127.0.0.1", port(settings)):
        return False
    client = redis_client.Redis.from_url(settings.redis_url, socket_timeout=0.5, socket_connect_timeout=0.5)
    try:
        return client.ping() is True
    except redis_client.RedisError:
        return False
    finally:
        client.close()


def start(settings: Settings) -> None:
    pid_path = process.pidfile(settings, NAME)
    process.stop(pid_path)
    data = process.datadir(settings, NAME)
    data.mkdir(parents=True, exist_ok=True)
    conf = data / "redis.conf"
    conf.write_text(config_text(settings))
    process.spawn([_executable(), str(conf)], cwd=data, log=process.logfile(settings, NAME), pid_path=pid_path)


def wait_ready(settings: Settings, timeout: float) -> None:
    process.wait_until(
        lambda: is_ready(settings),
        timeout,
        f"redis on 127.0.0.1:{port(settings)}",
        log=process.logfile(settings, NAME),
        pid=process.read_pid(process.pidfile(settings, NAME)),
    )


def stop(settings: Settings) -> bool:
    return process.stop(process.pidfile(settings, NAME), timeout=10)


def ensure(settings: Settings, timeout: float = 15) -> process.Outcome:
    return process.ensure_component(sys.modules[__name__], settings, timeout)
