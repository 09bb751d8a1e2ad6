"""The Reflex web app as a devstack component (`NAME = "app"`), plus the environment it needs.

Reflex would download bun from the internet; here bun comes from the npm registry (tools/bun) into
`<tools_dir>`, and Reflex is told to use it. Telemetry and version checks are off.

Prod mode serves frontend and backend on ONE port (settings.frontend_port); dev mode runs Vite on
the frontend port and the backend on settings.backend_port.

CLI: `python -m devstack.reflex_app start|stop|status [--dev]`.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path
from typing import Literal

import httpx

from devstack import process
from services.config import ROOT, Settings, get_settings

NAME = "app"
BUN_VERSION = "1.4.5"
Mode = Literal["prod", "dev"]


def port(settings: Settings) -> int:
    return settings.frontend_port


def bun_path(settings: Settings) -> Path:
    return settings.tools_dir / "node_modules" / ".bin" / "bun"


def ensure_bun(settings: Settings) -> Path:
    """Install bun from npm unless present (idempotent; ~3 s the first time)."""
    path = bun_path(settings)
    if not path.exists():
        env = {**os.environ, "BUN_PREFIX": str(path.parents[2]), "BUN_VERSION": BUN_VERSION}
        subprocess.run([str(ROOT / "tools" / "bun")], env=env, check=True, timeout=300, stdout=subprocess.DEVNULL)
    return path


def reflex_env(settings: Settings) -> dict[str, str]:
    """The environment `reflex` runs with: local bun, no network calls besides package registries."""
    bun_dir = bun_path(settings).parent
    return {
        **os.environ,
        "PATH": f"{bun_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "REFLEX_USE_SYSTEM_BUN": "1",
        "REFLEX_TELEMETRY_ENABLED": "false",
        "REFLEX_CHECK_LATEST_VERSION": "false",
        "NPM_CONFIG_REGISTRY": "https://registry.npmjs.org",
        # Keep Reflex's and bun's caches with the project's other local state.
        "REFLEX_DIR": str(settings.tools_dir / "reflex"),
        "BUN_INSTALL_CACHE_DIR": str(settings.tools_dir / "cache" / "bun"),
        # Each stack (`make run` on 3000, the tests on 3100) builds in its own directories: the
        # build bakes the port into the bundle, so two stacks sharing ./.web break each other.
        "REFLEX_WEB_WORKDIR": str(settings.state_dir / "web"),
        "REFLEX_STATES_WORKDIR": str(settings.state_dir / "states"),
        "PYTHONUNBUFFERED": "1",
    }


def _ok(url: str) -> bool:
    try:
        return httpx.get(url, timeout=1.0).status_code == 200
    except httpx.HTTPError:
        return False


def is_ready(settings: Settings) -> bool:
    """The backend answers /ping and the page is served (prod: both on the frontend port)."""
    front = f"http://127.0.0.1:{settings.frontend_port}"
    if _ok(f"{front}/ping"):
        return _ok(f"{front}/")
    # Dev mode: Vite on the frontend port, the backend on its own port.
    return _ok(f"http://127.0.0.1:{settings.backend_port}/ping") and _ok(f"{front}/")


def start(settings: Settings, mode: Mode = "prod") -> None:
    ensure_bun(settings)
    # Prod serves both on one port and refuses a different backend port, including the one in
    # rxconfig, so it must be passed explicitly as the frontend port.
    backend = settings.backend_port if mode == "dev" else settings.frontend_port
    cmd = [
        sys.executable,
        "-m",
        "reflex",
        "run",
        "--env",
        mode,
        "--frontend-port",
        str(settings.frontend_port),
        "--backend-port",
        str(backend),
        "--backend-host",
        settings.app_host,
    ]
    process.spawn(
        cmd,
        cwd=ROOT,
        env=reflex_env(settings),
        log=process.logfile(settings, NAME),
        pid_path=process.pidfile(settings, NAME),
    )


def wait_ready(settings: Settings, timeout: float) -> None:
    process.wait_until(
        lambda: is_ready(settings),
        timeout,
        f"app on 127.0.0.1:{settings.frontend_port}",
        log=process.logfile(settings, NAME),
        pid=process.read_pid(process.pidfile(settings, NAME)),
        interval=0.25,
    )


def stop(settings: Settings) -> bool:
    # SIGTERM to `reflex` ends its tree; process.stop also signals the whole process group.
    return process.stop(process.pidfile(settings, NAME), timeout=20)


def ensure(settings: Settings, timeout: float = 180) -> process.Outcome:
    """Reuse a running app or start one in prod mode. The first build (bun install) takes longest."""
    return process.ensure_component(sys.modules[__name__], settings, timeout)


def main() -> None:
    parser = argparse.ArgumentParser(description="Run the Dreams web app.")
    parser.add_argument("action", choices=["start", "stop", "status"])
    parser.add_argument("--dev", action="store_true", help="dev mode (hot reload, ~4x the memory)")
    parser.add_argument("--timeout", type=float, default=180)
    args = parser.parse_args()
    settings = get_settings()
    if args.action == "start":
        if is_ready(settings):
            print(f"app: reused at {settings.public_url}")
            return
        start(settings, "dev" if args.dev else "prod")
        wait_ready(settings, args.timeout)
        print(f"app: started at {settings.public_url}")
    elif args.action == "stop":
        print("app: stopped" if stop(settings) else "app: not running")
    else:
        pid = process.read_pid(process.pidfile(settings, NAME))
        state = "ready" if is_ready(settings) else "not ready"
        rss = f", {process.tree_rss_mib(pid):.0f} MiB RSS" if pid else ""
        print(f"app: {state} (pid {pid}{rss}) {settings.public_url}")


if __name__ == "__main__":
    main()
