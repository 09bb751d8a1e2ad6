"""The Reflex web app as a devstack component (`NAME = "app"`), plus the environment it needs.

Reflex would download bun from the internet; here bun comes from the npm registry (tools/bun) into
`<tools_dir>`, and Reflex is told to use it. Telemetry and version checks are off.

Prod mode serves frontend and backend on ONE port, each backend ONE process (devstack/web_backend.py:
`reflex run` serving in-process). With settings.web_backends == 1 that is one such process on
settings.frontend_port. With N > 1, N such processes run on backend_port .. backend_port+N-1 and
haproxy (devstack/load_balancer.py) listens on the frontend port in front of them; the pidfile
`app.pid` is then haproxy's, and backend i has `app-web<i>.pid` and `app-web<i>.log`. Either way
Reflex keeps every tab's state in Redis (devstack/redis.py), so a backend's death loses no state and
any backend can serve any tab (docs/DESIGN.md §1b).
Dev mode (hot reload) is always one process: Vite on the frontend port, the backend on backend_port.

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

from devstack import load_balancer, process
from devstack import redis as redis_component
from services.config import MAX_WEB_BACKENDS, ROOT, Settings, get_settings

NAME = "app"
BUN_VERSION = "1.4.5"
Mode = Literal["prod", "dev"]
START_TIMEOUT_S = 300  # one backend's cold start (bun install + build) on a loaded 2-core box


def port(settings: Settings) -> int:
    return settings.frontend_port


def balanced(settings: Settings) -> bool:
    """Several backends behind the load balancer (else one process on the frontend port)."""
    return settings.web_backends > 1


def backend_name(index: int) -> str:
    return f"{NAME}-{load_balancer.server_name(index)}"  # app-web0, app-web1 …


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
    scaling: dict[str, str] = {
        # "1": the backend serves in its own process (devstack/web_backend.py); with a Redis URL
        # Reflex would fork 2 x cores + 1 workers into one process group, and granian exits whole
        # when any worker dies (§1b). Set in the environment to measure Reflex's multi-worker mode.
        "GRANIAN_WORKERS": os.environ.get("GRANIAN_WORKERS", "1"),
        # Reflex's opportunistic lock, written through (dreams_app/state_manager.py).
        "REFLEX_OPLOCK_ENABLED": str(settings.web_state_lease_ms > 0).lower(),
        "REFLEX_OPLOCK_HOLD_TIME": f"{max(settings.web_state_lease_ms, 1)}ms",
    }
    if balanced(settings):
        # The page's websocket goes to the load balancer, not to the backend that built the page;
        # haproxy appends the browser's address to X-Forwarded-For: one more trusted hop.
        scaling["REFLEX_API_URL"] = settings.public_url
        scaling["TRUSTED_PROXY_HOPS"] = str(settings.trusted_proxy_hops + 1)
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
        **scaling,
    }


def _ok(url: str) -> bool:
    try:
        return httpx.get(url, timeout=1.0).status_code == 200
    except httpx.HTTPError:
        return False


def _backend_ready(port_: int) -> bool:
    return _ok(f"http://127.0.0.1:{port_}/ping")


def is_ready(settings: Settings) -> bool:
    """The backend answers /ping and the page is served (prod: both on the frontend port); with
    several backends, each of them answers /ping too."""
    front = f"http://127.0.0.1:{settings.frontend_port}"
    if _ok(f"{front}/ping"):
        if balanced(settings) and not all(_backend_ready(p) for p in settings.backend_ports):
            return False
        return _ok(f"{front}/")
    # Dev mode: Vite on the frontend port, the backend on its own port.
    return _ok(f"http://127.0.0.1:{settings.backend_port}/ping") and _ok(f"{front}/")


def _reflex_cmd(settings: Settings, mode: Mode, frontend: int, backend: int, host: str) -> list[str]:
    # Prod: `reflex run` serving in its own process (devstack/web_backend.py), not a forked worker.
    return [
        sys.executable,
        "-m",
        "devstack.web_backend" if mode == "prod" else "reflex",
        "run",
        "--env",
        mode,
        "--frontend-port",
        str(frontend),
        "--backend-port",
        str(backend),
        "--backend-host",
        host,
    ]


def _ensure_redis(settings: Settings) -> None:
    # Reflex refuses to start (exit 1) when its Redis does not answer.
    if redis_component.is_local(settings):
        redis_component.ensure(settings)


def _start_backend(settings: Settings, index: int) -> None:
    port_ = settings.backend_ports[index]
    # Loopback only: travellers reach the backends through haproxy.
    process.spawn(
        _reflex_cmd(settings, "prod", port_, port_, "127.0.0.1"),
        cwd=ROOT,
        env=reflex_env(settings),
        log=process.logfile(settings, backend_name(index)),
        pid_path=process.pidfile(settings, backend_name(index)),
    )


def _wait_backend(settings: Settings, index: int, timeout: float) -> None:
    """One at a time: each backend builds the frontend into the shared web dir (under Reflex's lock)
    before it serves; builds side by side only compete for the CPU and time out in prerendering."""
    process.wait_until(
        lambda: _backend_ready(settings.backend_ports[index]),
        timeout,
        f"app backend {index} on 127.0.0.1:{settings.backend_ports[index]}",
        log=process.logfile(settings, backend_name(index)),
        pid=process.read_pid(process.pidfile(settings, backend_name(index))),
        interval=0.25,
    )


def _start_backend_and_wait(settings: Settings, index: int, timeout: float) -> None:
    """Start backend `index` and wait for it; once more if it exited while building (the frontend
    build's prerender step times out now and then on a loaded 2-core box)."""
    for attempt in (1, 2):
        _start_backend(settings, index)
        try:
            _wait_backend(settings, index, timeout)
            return
        except RuntimeError:  # the process exited (a timeout is TimeoutError, not retried)
            if attempt == 2:
                raise


def start(settings: Settings, mode: Mode = "prod") -> None:
    ensure_bun(settings)
    _ensure_redis(settings)
    if mode == "prod" and balanced(settings):
        for index in range(settings.web_backends):
            _start_backend_and_wait(settings, index, START_TIMEOUT_S)
        load_balancer.start(settings, process.pidfile(settings, NAME))
        return
    # Prod serves both on one port and refuses a different backend port, including the one in
    # rxconfig, so it must be passed explicitly as the frontend port.
    backend = settings.backend_port if mode == "dev" else settings.frontend_port
    process.spawn(
        _reflex_cmd(settings, mode, settings.frontend_port, backend, settings.app_host),
        cwd=ROOT,
        env=reflex_env(settings),
        log=process.logfile(settings, NAME),
        pid_path=process.pidfile(settings, NAME),
    )


def _dead_part(settings: Settings) -> None:
    """RuntimeError naming a backend (or the balancer) whose process exited, with its log."""
    if not balanced(settings):
        return
    for index in range(settings.web_backends):
        pid_path = process.pidfile(settings, backend_name(index))
        if process.read_pid(pid_path) is None and not _backend_ready(settings.backend_ports[index]):
            log = process.logfile(settings, backend_name(index))
            raise RuntimeError(f"app backend {index} (port {settings.backend_ports[index]}) exited; see {log}")


def wait_ready(settings: Settings, timeout: float) -> None:
    def ready() -> bool:
        _dead_part(settings)
        return is_ready(settings)

    log = load_balancer.log_path(settings) if balanced(settings) else process.logfile(settings, NAME)
    process.wait_until(
        ready,
        timeout,
        f"app on 127.0.0.1:{settings.frontend_port}",
        log=log,
        pid=process.read_pid(process.pidfile(settings, NAME)),
        interval=0.25,
    )


def stop(settings: Settings) -> bool:
    # SIGTERM to `reflex` ends its tree; process.stop also signals the whole process group. Every
    # backend pidfile is tried, so lowering WEB_BACKENDS between runs leaves no orphan behind.
    was_running = process.stop(process.pidfile(settings, NAME), timeout=20)
    for index in range(MAX_WEB_BACKENDS):
        was_running |= process.stop(process.pidfile(settings, backend_name(index)), timeout=20)
    return was_running


def backend_pids(settings: Settings) -> dict[str, int | None]:
    """Server name (as in haproxy's log) -> the pid of that backend's `reflex` process."""
    return {
        load_balancer.server_name(i): process.read_pid(process.pidfile(settings, backend_name(i)))
        for i in range(settings.web_backends)
    }


def detail(settings: Settings) -> str:
    if not balanced(settings):
        return ""
    parts = [
        f"{name} pid {pid or '-'} {'up' if _backend_ready(port_) else 'down'}"
        for (name, pid), port_ in zip(backend_pids(settings).items(), settings.backend_ports, strict=True)
    ]
    return "haproxy; " + ", ".join(parts)


def ensure(settings: Settings, timeout: float = START_TIMEOUT_S) -> process.Outcome:
    """Reuse a running app or start one in prod mode. The first build (bun install) takes longest.

    With several backends, only the parts that are not running are started: a backend that was
    killed comes back on its own port while the others keep serving.
    """
    if not balanced(settings):
        return process.ensure_component(sys.modules[__name__], settings, timeout)
    if is_ready(settings):
        return "reused"
    ensure_bun(settings)
    _ensure_redis(settings)
    started = False
    try:
        for index, port_ in enumerate(settings.backend_ports):
            if process.read_pid(process.pidfile(settings, backend_name(index))) is not None:
                continue  # ours, running or still starting
            if process.port_open("127.0.0.1", port_):
                raise RuntimeError(f"app: backend port {port_} is taken by a process devstack did not start")
            started = True
            _start_backend_and_wait(settings, index, timeout)
        if process.read_pid(process.pidfile(settings, NAME)) is None:
            load_balancer.start(settings, process.pidfile(settings, NAME))
            started = True
        wait_ready(settings, timeout)
    except BaseException:
        if started:
            stop(settings)
        raise
    return "started" if started else "reused"


def main() -> None:
    parser = argparse.ArgumentParser(description="Run the Dreams web app.")
    parser.add_argument("action", choices=["start", "stop", "status"])
    parser.add_argument("--dev", action="store_true", help="dev mode (hot reload, ~4x the memory)")
    parser.add_argument("--timeout", type=float, default=180)
    args = parser.parse_args()
    settings = get_settings()
    if args.action == "start":
        if args.dev:
            if is_ready(settings):
                print(f"app: reused at {settings.public_url}")
                return
            start(settings, "dev")
            wait_ready(settings, args.timeout)
            outcome = "started"
        else:
            outcome = ensure(settings, args.timeout)
        print(f"app: {outcome} at {settings.public_url}")
    elif args.action == "stop":
        print("app: stopped" if stop(settings) else "app: not running")
    else:
        pid = process.read_pid(process.pidfile(settings, NAME))
        state = "ready" if is_ready(settings) else "not ready"
        rss = f", {process.tree_rss_mib(pid):.0f} MiB RSS" if pid else ""
        print(f"app: {state} (pid {pid}{rss}) {settings.public_url}")


if __name__ == "__main__":
    main()
