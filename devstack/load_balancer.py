"""haproxy (Debian) in front of several Reflex backends: part of the `app` component when
settings.web_backends > 1 (devstack/reflex_app.py starts and stops it).

It listens on the frontend port (the address travellers use) and spreads HTTP and socket.io
websockets over the backends on backend_port .. backend_port+N-1. No stickiness: every tab's state
is in Redis, so any backend can serve any event. A backend that stops answering `GET /ping` is out
within a second; a connection refused meanwhile is re-dispatched to another backend, so a tab whose
backend died reconnects to a live one at its next attempt.

Its log (<state_dir>/logs/app-lb.log) has one line per request as soon as the backend answered
(`option logasap`, so a websocket is logged when it opens, not when it closes):
`<client ip>:<port> <backend server> <status> "<request line>"` — the browser test reads which
backend holds a tab's websocket from it.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from devstack import process
from services.config import Settings

NAME = "app-lb"  # its log and config dir; its pidfile is the app component's (reflex_app.py)
SERVER_PREFIX = "web"  # server names: web0, web1 … (index i listens on backend_port + i)


def server_name(index: int) -> str:
    return f"{SERVER_PREFIX}{index}"


def config_text(settings: Settings) -> str:
    """haproxy.cfg for these settings (pure: tests/unit/test_web_tier.py)."""
    servers = "\n".join(
        f"    server {server_name(i)} 127.0.0.1:{port} check" for i, port in enumerate(settings.backend_ports)
    )
    return f"""\
global
    maxconn 4096  # 2 fds each: within a default 20,000 fd limit
    log stdout format raw local0 info

defaults
    mode http
    log global
    option logasap
    log-format "%ci:%cp %s %ST %{{+Q}}r"
    timeout connect 2s
    timeout client 1h
    timeout server 1h
    timeout tunnel 1h
    timeout http-request 15s
    # A refused connection (a backend that just died) is retried on another server.
    retries 3
    option redispatch 1

frontend web
    bind {settings.app_host}:{settings.frontend_port}
    option forwardfor
    default_backend reflex

backend reflex
    # Websockets are long-lived: send a new one to the backend with the fewest.
    balance leastconn
    option httpchk GET /ping
    http-check expect status 200
    default-server inter 1s fastinter 500ms fall 1 rise 2
{servers}
"""


def executable() -> str:
    found = shutil.which("haproxy") or next((p for p in ("/usr/sbin/haproxy",) if Path(p).is_file()), None)
    if not found:
        raise RuntimeError("haproxy not found; run `make install` (apt-get install haproxy)")
    return found


def write_config(settings: Settings) -> str:
    path = process.datadir(settings, NAME)
    path.mkdir(parents=True, exist_ok=True)
    conf = path / "haproxy.cfg"
    conf.write_text(config_text(settings))
    check = subprocess.run([executable(), "-c", "-q", "-f", str(conf)], capture_output=True, text=True, timeout=30)
    if check.returncode != 0:
        raise RuntimeError(f"haproxy rejected {conf}:\n{check.stdout}{check.stderr}")
    return str(conf)


def log_path(settings: Settings) -> Path:
    return process.logfile(settings, NAME)


def start(settings: Settings, pid_path: Path) -> int:
    """Spawn haproxy in the foreground (-db: no daemon, so the pidfile names the process itself)."""
    process.stop(pid_path)
    conf = write_config(settings)
    return process.spawn([executable(), "-db", "-f", conf], log=log_path(settings), pid_path=pid_path)
