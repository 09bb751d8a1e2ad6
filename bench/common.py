"""Shared benchmark helpers: percentiles and the resident memory of the running stack."""

from __future__ import annotations

import statistics

from devstack import process
from services.config import Settings


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)
    q = statistics.quantiles(ordered, n=100, method="inclusive")
    return {
        "n": len(ordered),
        "p50_ms": round(q[49], 3),
        "p95_ms": round(q[94], 3),
        "p99_ms": round(q[98], 3),
        "max_ms": round(ordered[-1], 3),
        "mean_ms": round(statistics.fmean(ordered), 3),
    }


def stack_rss_mib(settings: Settings, extra_pids: dict[str, int] | None = None) -> dict[str, float]:
    """RSS of every devstack component that has a pidfile, plus extra processes (e.g. workers)."""
    rss: dict[str, float] = {}
    run_dir = settings.state_dir / "run"
    for pid_path in sorted(run_dir.glob("*.pid")):
        pid = process.read_pid(pid_path)
        if pid:
            rss[pid_path.stem] = process.tree_rss_mib(pid)
    for name, pid in (extra_pids or {}).items():
        rss[name] = process.tree_rss_mib(pid)
    rss["total"] = round(sum(rss.values()), 1)
    return rss
