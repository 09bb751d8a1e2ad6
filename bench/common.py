"""Shared benchmark helpers: percentiles and the resident memory of the running stack."""

from __future__ import annotations

import statistics

from devstack import components, process
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


def against(figures: dict[str, float], limits: dict[str, float]) -> dict[str, dict[str, float | bool]]:
    """Each limited figure beside its limit: value, limit, value/limit (≤ 1 meets it) and ok."""
    return {
        name: {
            "value": figures[name],
            "limit": limit,
            "ratio": round(figures[name] / limit, 3),
            "ok": figures[name] <= limit,
        }
        for name, limit in limits.items()
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


def per_component(settings: Settings, measure=process.tree_rss_mib) -> dict[str, float]:
    """`measure(pid)` per devstack component (devstack.components; RSS MiB by default, or
    process.tree_pss_mib / tree_cpu_s), summed over every process recorded for it (`<name>.pid`, or
    `<name>.<n>.pid` / `<name>-<n>.pid` when a kind runs several), plus the total. A pidfile no
    component claims is listed under its own name, so nothing running is left out."""
    run_dir = settings.state_dir / "run"
    pidfiles = {path.stem: path for path in run_dir.glob("*.pid")}
    totals: dict[str, float] = {}
    for name in sorted(components.names(), key=len, reverse=True):  # "users-worker" before "users"
        mine = [stem for stem in pidfiles if stem == name or stem.startswith((f"{name}.", f"{name}-"))]
        pids = [pid for stem in mine if (pid := process.read_pid(pidfiles.pop(stem)))]
        if pids:
            totals[name] = round(sum(measure(pid) for pid in pids), 1)
    for stem, path in pidfiles.items():
        if pid := process.read_pid(path):
            totals[stem] = measure(pid)
    ordered = {name: totals[name] for name in components.names() if name in totals}
    ordered.update({name: value for name, value in totals.items() if name not in ordered})
    ordered["total"] = round(sum(ordered.values()), 1)
    return ordered


def components_cpu_s(settings: Settings) -> dict[str, float]:
    """CPU seconds (user + system) used so far by each devstack component's process trees: take it
    before and after a window to see where a machine's cores went (workers, Mongo, Kafka, sandboxes)."""
    return per_component(settings, process.tree_cpu_s)
