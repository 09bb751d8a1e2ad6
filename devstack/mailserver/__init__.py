"""Local SendGrid stand-in (devstack component "mail").

Speaks SendGrid's `POST /v3/mail/send` (bearer key, the published schema + documented limits,
202 + X-Message-Id; see validation.py), keeps the messages in SQLite under `<state_dir>/data/mail/`,
and shows them at http://127.0.0.1:<mail_port>/.
Tests read mail from its JSON API: `GET /api/messages[?to=]`, `GET /api/messages/{id}`,
`DELETE /api/messages`.

Keys: it accepts only `SENDGRID_API_KEY` from settings (the app and the server read the same
settings, so they agree), and a wrong key gets SendGrid's 401 — a misconfigured key shows up here
rather than on the first real send. `--accept-any-sg-key` relaxes this to any `SG.…` key.

This module stays import-light (no starlette): devstack imports it just to start or probe the server.
"""

from __future__ import annotations

import os
import sys
import urllib.request
from pathlib import Path

from devstack import process
from services.config import ROOT, Settings

NAME = "mail"
DEFAULT_PORT = 8025  # only when SENDGRID_HOST has no port (or points at real SendGrid)


def port(settings: Settings) -> int:
    return settings.mail_port or DEFAULT_PORT


def data_dir(settings: Settings) -> Path:
    return process.datadir(settings, NAME)


def url(settings: Settings) -> str:
    return f"http://127.0.0.1:{port(settings)}"


def is_ready(settings: Settings) -> bool:
    """True when *our* mail server answers its health check (not just anything on the port)."""
    try:
        with urllib.request.urlopen(f"{url(settings)}/api/health", timeout=1) as resp:
            return resp.status == 200 and b"dreams-mailserver" in resp.read()
    except OSError:
        return False


def start(settings: Settings) -> int:
    """Spawn the server detached; returns its pid. Use `ensure` to reuse a running one."""
    cmd = [
        sys.executable,
        "-m",
        "devstack.mailserver",
        "--port",
        str(port(settings)),
        "--data-dir",
        str(data_dir(settings)),
    ]
    # The accepted key travels in the environment (not argv, which `ps` shows), so a caller's
    # Settings object wins over whatever .env the child would read.
    env = {**os.environ, "SENDGRID_API_KEY": settings.sendgrid_api_key.get_secret_value()}
    return process.spawn(
        cmd, log=process.logfile(settings, NAME), pid_path=process.pidfile(settings, NAME), cwd=ROOT, env=env
    )


def wait_ready(settings: Settings, timeout: float = 15.0) -> None:
    pid = process.read_pid(process.pidfile(settings, NAME))
    process.wait_until(
        lambda: is_ready(settings), timeout, f"{NAME} server", log=process.logfile(settings, NAME), pid=pid
    )


def stop(settings: Settings) -> bool:
    return process.stop(process.pidfile(settings, NAME), timeout=10)


def ensure(settings: Settings, timeout: float = 15.0) -> process.Outcome:
    return process.ensure_component(sys.modules[__name__], settings, timeout)
