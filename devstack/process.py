"""Process helpers shared by every devstack component: detached spawn, pidfiles, stop, waits.

A component's process runs in its own session (process group), so Ctrl-C in the terminal that ran
`python -m devstack up` never reaches it, and `stop` can end the whole tree it forked.
Pidfiles hold "<pid> <start time>", so a pid reused by an unrelated process is never signalled.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Literal

import psutil

from services.config import Settings

POLL_INTERVAL_S = 0.1


# --- where a component keeps its things -------------------------------------------------------


def pidfile(settings: Settings, name: str) -> Path:
    return settings.state_dir / "run" / f"{name}.pid"


def logfile(settings: Settings, name: str) -> Path:
    settings.log_dir.mkdir(parents=True, exist_ok=True)  # a fresh state dir: PostgreSQL's initdb logs first
    return settings.log_dir / f"{name}.log"


def datadir(settings: Settings, name: str) -> Path:
    return settings.state_dir / "data" / name


# --- liveness -----------------------------------------------------------------------------------


def _start_time(pid: int) -> str | None:
    """When `pid` started (psutil's create time, seconds since the epoch), or None if there is no such
    process. Two processes that reuse one pid never share it."""
    try:
        return f"{psutil.Process(pid).create_time():.2f}"
    except psutil.Error:
        return None


def is_alive(pid: int) -> bool:
    """True if `pid` runs and is not a zombie (a dead child of ours is reaped here)."""
    try:
        reaped, _ = os.waitpid(pid, os.WNOHANG)
        if reaped == pid:
            return False
    except ChildProcessError:
        pass  # not our child: ask psutil
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def read_pid(path: Path) -> int | None:
    """The live pid recorded in `path`, or None (missing file, garbage, dead or reused pid)."""
    try:
        pid_text, _, started = path.read_text().strip().partition(" ")
        pid = int(pid_text)
    except (OSError, ValueError):
        return None
    if not is_alive(pid) or (started and _start_time(pid) != started):
        return None
    return pid


def port_open(host: str, port: int, timeout: float = 0.3) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


# --- start / stop -------------------------------------------------------------------------------


def spawn(
    cmd: Sequence[str | os.PathLike[str]],
    *,
    log: Path,
    pid_path: Path,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    user: str | None = None,
) -> int:
    """Start `cmd` detached (new session), output appended to `log`, pid recorded in `pid_path`.
    glibc gives each thread that allocates its own malloc arena (up to 8 per core), and a threaded
    server's freed memory then stays scattered over all of them: at most MALLOC_ARENA_MAX=2 arenas
    per process (unless the caller's environment sets it) keeps the stack's RSS down (issue 15)."""
    env = {**(os.environ if env is None else env)}
    env.setdefault("MALLOC_ARENA_MAX", "2")
    log.parent.mkdir(parents=True, exist_ok=True)
    pid_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "ab") as out:
        stamp = datetime.now().isoformat(timespec="seconds")
        out.write(f"\n=== devstack {stamp}: {' '.join(map(str, cmd))}\n".encode())
        out.flush()
        proc = subprocess.Popen(
            [str(c) for c in cmd],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=cwd,
            env=env,
            start_new_session=True,
            user=user,
            group=user,
            extra_groups=[] if user else None,
        )
    pid_path.write_text(f"{proc.pid} {_start_time(proc.pid) or ''}\n")
    return proc.pid


def _signal(pid: int, sig: int, group: bool) -> None:
    try:
        # Our processes lead their own group (start_new_session); anything else gets a plain kill.
        if group and os.getpgid(pid) == pid:
            os.killpg(pid, sig)
        else:
            os.kill(pid, sig)
    except ProcessLookupError:
        pass


def stop(
    pid_path: Path,
    timeout: float = 15.0,
    *,
    sig: int = signal.SIGTERM,
    group: bool = True,
) -> bool:
    """Stop the process recorded in `pid_path`: `sig`, wait up to `timeout`, then SIGKILL the group.

    Returns True if a process was running. The pidfile is removed either way.
    """
    pid = read_pid(pid_path)
    if pid is not None:
        _signal(pid, sig, group)
        deadline = time.monotonic() + timeout
        while is_alive(pid) and time.monotonic() < deadline:
            time.sleep(POLL_INTERVAL_S)
        if is_alive(pid):
            _signal(pid, signal.SIGKILL, True)
            deadline = time.monotonic() + 5.0
            while is_alive(pid) and time.monotonic() < deadline:
                time.sleep(POLL_INTERVAL_S)
    pid_path.unlink(missing_ok=True)
    return pid is not None


def wait_until(
    predicate: Callable[[], bool],
    timeout: float,
    what: str,
    *,
    log: Path | None = None,
    pid: int | None = None,
    interval: float = POLL_INTERVAL_S,
) -> None:
    """Poll `predicate` until true; RuntimeError as soon as `pid` dies, TimeoutError at the end."""
    where = f"; see {log}" if log else ""
    deadline = time.monotonic() + timeout
    while True:
        if predicate():
            return
        if pid is not None and not is_alive(pid):
            raise RuntimeError(f"{what}: the process (pid {pid}) exited{where}")
        if time.monotonic() >= deadline:
            raise TimeoutError(f"{what}: not ready after {timeout:.0f}s{where}")
        time.sleep(interval)


# --- the shared `ensure` of every component ------------------------------------------------------

Outcome = Literal["reused", "started"]


def ensure_component(component: ModuleType, settings: Settings, timeout: float) -> Outcome:
    """Reuse `component` if it is ready (or already starting), else start it and wait.

    `component` follows the devstack interface (see devstack/components.py); if it has
    `port(settings)`, a port held by something else gives a clear error instead of a failed start.

    A component that fails to come up, or is interrupted (Ctrl-C) while starting, is stopped
    again, so no half-started process is left behind.
    """
    name: str = component.NAME
    if component.is_ready(settings):
        return "reused"
    if read_pid(pidfile(settings, name)) is not None:
        component.wait_ready(settings, timeout)  # ours, still starting (e.g. a parallel `up`)
        return "reused"
    port = component.port(settings) if hasattr(component, "port") else None
    if port and port_open("127.0.0.1", port):
        try:  # someone else's instance, perhaps still starting: give it the same deadline
            component.wait_ready(settings, timeout)
        except (TimeoutError, RuntimeError) as exc:
            raise RuntimeError(f"{name}: port {port} is taken by something that is not a ready {name}") from exc
        return "reused"
    try:
        component.start(settings)
        component.wait_ready(settings, timeout)
    except BaseException:
        component.stop(settings)
        raise
    return "started"


def tree_rss_mib(pid: int) -> float:
    """Resident memory of `pid` and every process below it, in MiB (0 if it is gone)."""
    return round(_tree_sum(pid, lambda proc: proc.memory_info().rss) / 2**20, 1)


def tree_pss_mib(pid: int) -> float:
    """Proportional resident memory of `pid` and its descendants, in MiB: a page shared by k processes
    counts 1/k in each (a forked worker shares most of its supervisor's pages; RSS counts them in
    both). Summed over processes it is the memory they really occupy together."""
    return round(_tree_sum(pid, lambda proc: proc.memory_full_info().pss) / 2**20, 1)


def tree_cpu_s(pid: int) -> float:
    """CPU seconds (user + system) used so far by `pid` and its descendants that are alive."""
    return round(_tree_sum(pid, lambda proc: sum(proc.cpu_times()[:2])), 2)


def _tree_sum(pid: int, measure) -> float:
    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0
    total = 0.0
    for proc in procs:
        try:
            total += measure(proc)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return total
