"""Shared benchmark helpers: percentiles and the resident memory of the running stack."""
from __future__ import annotations

import statistics

import psutil

from devstack import process
from services.config import Settings


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)
    q = statistics.quantiles(ordered, n=100, method="inclusive")
    return {"n": len(ordered), "p50_ms": round(q[49], 3), "p95_ms": round(q[94], 3),
            "p99_ms": round(q[98], 3), "max_ms": round(ordered[-1], 3), "mean_ms": round(statistics.fmean(ordered), 3)}


def tree_rss_mib(pid: int) -> float:
    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0
    total = 0
    for proc in procs:
        try:
            total += proc.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return round(total / 2**20, 1)


def stack_rss_mib(settings: Settings, extra_pids: dict[str, int] | None = None) -> dict[str, float]:
    """RSS of every devstack component that has a pidfile, plus extra processes (e.g. workers)."""
    rss: dict[str, float] = {}
    run_dir = settings.state_dir / "run"
    for pid_path in sorted(run_dir.glob("*.pid")):
        pid = process.read_pid(pid_path)
        if pid:
            rss[pid_path.stem] = tree_rss_mib(pid)
    for name, pid in (extra_pids or {}).items():
        rss[name] = tree_rss_mib(pid)
    rss["total"] = round(sum(rss.values()), 1)
    return rss
