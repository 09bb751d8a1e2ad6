"""Session load (issue 13): N simulated browser tabs against the running app, with 1 backend, with
the default number of backends (separate processes behind haproxy) and with as many granian workers
in one Reflex process (Reflex's own multi-worker mode), in one run.

Each tab (bench/reflex_tab.py speaks Reflex's socket.io protocol as the compiled frontend does)
loops through bench/session_scenario.py — hydrate, /users p1 and p2 (staff), search, a package,
"Reservar", the travellers step, its submit up to the Stripe Checkout URL — about one interaction
per second. Per N: a warm-up, then a measured window; interactions that began in the window count.
Per N it reports p50/p95/p99 per interaction, errors, the backend process tree's CPU-ms per
interaction (psutil, summed over EVERY process under the app: with several backends, all of them)
and RSS per process, and this load generator's own CPU. Set-up (accounts, log-ins) is not measured.

Needs the stack the checkout needs (started here if not running). The app is restarted with
WEB_BACKENDS=1, with WEB_BACKENDS=1 and state leases switched the other way (WEB_STATE_LEASE_MS
200 if the default has none, else 0: the same run's before/after), then with the default
(services.config's `web_backends`), then with WEB_BACKENDS=1 and GRANIAN_WORKERS=default, and left
as it was found. The issue's targets are checked on the default topology. Exit status 1 if any
level recorded an error or no interaction.

    .venv/bin/python -m bench.bench_session_load [--tabs 1,50,100,200,300] [--seconds 20] [--warmup 5]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import sys
import time
from functools import partial

import httpx
import psutil

from bench.common import components_cpu_s, percentiles
from bench.reflex_tab import Frontend, Tab, client_events
from bench.session_scenario import INTERACTIONS, TIMEOUT_S, Record, run_tab
from devstack import components, process, reflex_app
from services.config import Settings, get_settings
from services.payments.stripe_adapter import StripeGateway

ACCOUNTS = 10  # staff accounts the tabs share round-robin (tabs of a few browsers); the login throttle allows 20/15 min
PASSWORD = "bench load password 13"
USERS_IN_DB = 120  # /users has a page 2
LEASE_MS = 200  # WEB_STATE_LEASE_MS the default is compared with when it has none
TARGETS = {"tabs": 200, "errors": 0, "p95_ms": 300, "backend_cpu_ms_per_interaction": 5}


# --- set-up (not measured) ----------------------------------------------------------------------


def _stack(settings: Settings) -> None:
    from services.messaging.admin import ensure_topics

    for name in components.wanted(settings):
        if name != "app":
            components.load(name).ensure(settings)
    ensure_topics(settings)


def _accounts(settings: Settings) -> list[str]:
    """ACCOUNTS active staff accounts (idempotent), once the web's read model shows them as staff."""
    import pymongo
    from sqlmodel import Session

    from services.users import admin
    from services.users.db import make_engine, migrate
    from services.users.seed import seed

    # example.com: Stripe (and its sandbox) refuse special-use domains such as .test in customer_email.
    emails = [f"bench-load-{i}@example.com" for i in range(ACCOUNTS)]
    engine = make_engine(settings.database_url)
    migrate(engine)
    seed(engine, USERS_IN_DB)
    sessions = partial(Session, engine)
    for email in emails:
        admin.create_staff(sessions, email, password=PASSWORD, first_name="Bench", last_name="Load")
    admin.publish_pending(sessions, settings)
    engine.dispose()
    with pymongo.MongoClient(settings.mongo_url, serverSelectionTimeoutMS=5000) as client:
        users = client[settings.mongo_db]["users"]
        deadline = time.monotonic() + 60
        while users.count_documents({"email_normalized": {"$in": emails}, "role": "staff"}) < len(emails):
            if time.monotonic() > deadline:
                raise RuntimeError("the bench's staff accounts never reached Mongo users (projector down?)")
            time.sleep(0.2)
    return emails


async def _log_in(base_url: str, frontend: Frontend, email: str) -> str:
    """The log-in page's submit (as a tab), then /api/session/start: the session cookie header."""
    from dreams_app.state.login import LoginState

    tab = Tab(base_url, frontend)
    await tab.hydrate("/login")
    _, update = await tab.timed(
        lambda: tab.emit(f"{LoginState.get_full_name()}.submit", {"form": {"email": email, "password": PASSWORD}}),
        lambda u: bool(client_events(u, "_call_script")),
    )
    await tab.close()
    script = client_events(update, "_call_script")[0]["payload"]["javascript_code"]
    found = re.search(r"assign\((\".*\")\)", script)
    if not found:
        raise RuntimeError(f"log-in of {email} did not answer with the session start: {script[:200]}")
    async with httpx.AsyncClient(base_url=base_url) as http:
        response = await http.get(json.loads(found.group(1)), headers={"Sec-Fetch-Site": "same-origin"})
    if not response.cookies:
        raise RuntimeError(f"log-in of {email}: no session cookie ({response.status_code} {response.headers})")
    return "; ".join(f"{name}={value}" for name, value in response.cookies.items())


def _default_backends(settings: Settings) -> int:
    return int(getattr(settings, "web_backends", 1) or 1)


def _restart_app(backends: int | None, reuse: bool = False, workers: int = 1, lease_ms: int | None = None) -> Settings:
    """The app (prod mode) with WEB_BACKENDS=backends (None: as the environment had it), each a
    Reflex process serving with `workers` granian workers (GRANIAN_WORKERS: Reflex's own
    multi-worker mode) and WEB_STATE_LEASE_MS=lease_ms (None: the default). `reuse` keeps a
    running app as it is (for profiling runs against an app started by hand)."""
    if backends is None:
        os.environ.pop("WEB_BACKENDS", None)
    else:
        os.environ["WEB_BACKENDS"] = str(backends)
    os.environ["GRANIAN_WORKERS"] = str(workers)
    if lease_ms is None:
        os.environ.pop("WEB_STATE_LEASE_MS", None)
    else:
        os.environ["WEB_STATE_LEASE_MS"] = str(lease_ms)
    # Every unit ample, as in the test suite: the demo's 1-3-seat flights would sell out under
    # hundreds of tabs and count as errors that are not the app's.
    os.environ["INVENTORY_SMALL_UNITS"] = "false"
    get_settings.cache_clear()
    settings = get_settings()
    if reuse and reflex_app.is_ready(settings):
        return settings
    reflex_app.stop(settings)
    reflex_app.ensure(settings, timeout=300)
    return settings


# --- measuring ----------------------------------------------------------------------------------


def _app_processes(settings: Settings) -> list[psutil.Process]:
    """The app's whole process tree: the reflex CLI and every backend worker under it, and with
    several backends the balancer and each backend's tree (separate pidfiles, not children)."""
    pids = [process.read_pid(process.pidfile(settings, reflex_app.NAME))]
    if reflex_app.balanced(settings):
        pids += reflex_app.backend_pids(settings).values()
    if None in pids:
        raise RuntimeError("the app is not running")
    roots = [psutil.Process(pid) for pid in pids]
    return [p for root in roots for p in (root, *root.children(recursive=True))]


def _cpu_s(proc: psutil.Process) -> float:
    try:
        times = proc.cpu_times()
        return times.user + times.system
    except psutil.Error:
        return 0.0


def _rss_mib(proc: psutil.Process) -> float:
    try:
        return round(proc.memory_info().rss / 2**20, 1)
    except psutil.Error:
        return 0.0


async def _level(settings: Settings, frontend: Frontend, cookies: list[str], emails: list[str], n: int, args) -> dict:
    base_url = f"http://127.0.0.1:{settings.frontend_port}"
    start = time.monotonic()
    # Tabs open over a few seconds (a burst of N page loads at once is not what N tabs do).
    stagger = min(5.0, max(1.0, n / 50))
    window = (start + stagger + args.warmup, start + stagger + args.warmup + args.seconds)
    record = Record(window=window)
    stripe = StripeGateway.from_settings(settings)

    async def abandon(checkout_url: str) -> None:
        """The traveller leaves Stripe's page: the session expires (as Stripe's own expiry would)."""
        await asyncio.to_thread(stripe.expire_checkout_session, checkout_url.rstrip("/").rsplit("/", 1)[-1])

    async def tab_task(i: int) -> None:
        await asyncio.sleep(stagger * i / max(1, n))
        await run_tab(
            Tab(base_url, frontend, cookie=cookies[i % len(cookies)]),
            i,
            emails[i % len(emails)],
            record,
            window[1],
            abandon,
            args.days_ahead,
            args.scenario == "book",
        )

    tasks = [asyncio.create_task(tab_task(i)) for i in range(n)]
    await asyncio.sleep(max(0.0, window[0] - time.monotonic()))
    procs = _app_processes(settings)
    cpu_before = {p.pid: _cpu_s(p) for p in procs}
    stack_before = components_cpu_s(settings)
    me = psutil.Process()
    me_before, wall_before = _cpu_s(me), time.monotonic()
    await asyncio.sleep(max(0.0, window[1] - time.monotonic()))
    wall = time.monotonic() - wall_before
    me_cpu = _cpu_s(me) - me_before
    stack_after = components_cpu_s(settings)
    procs = _app_processes(settings)  # a backend started (or restarted) mid-window counts from 0
    per_proc = [
        {
            "pid": p.pid,
            "name": p.name(),
            "cpu_ms": round((_cpu_s(p) - cpu_before.get(p.pid, 0.0)) * 1000, 1),
            "rss_mib": _rss_mib(p),
        }
        for p in procs
    ]
    # Each tab ends its current interaction (bounded), so every one begun in the window is counted.
    _, pending = await asyncio.wait(tasks, timeout=TIMEOUT_S + 10)
    for task in pending:
        task.cancel()
    for outcome in await asyncio.gather(*tasks, return_exceptions=True):
        if isinstance(outcome, Exception):  # a tab that died outside an interaction is an error too
            record.fail("tab", window[0], outcome)

    interactions = sum(len(s) for s in record.samples.values())
    errors = sum(record.errors.values())
    backend_cpu_ms = sum(p["cpu_ms"] for p in per_proc)
    return {
        "tabs": n,
        "window_s": round(wall, 1),
        "interactions": interactions,
        "interactions_per_s": round(interactions / wall, 1),
        "errors": errors,
        "errors_by_interaction": dict(record.errors),
        "error_examples": record.error_examples,
        "latency": {name: _stats(record.samples.get(name, [])) for name in INTERACTIONS},
        "backend_cpu_ms_per_interaction": round(backend_cpu_ms / interactions, 2) if interactions else None,
        "backend_cpu_percent_of_one_core": round(backend_cpu_ms / 10 / wall, 1),
        "backend_processes": per_proc,
        "backend_rss_mib_total": round(sum(p["rss_mib"] for p in per_proc), 1),
        "loadgen_cpu_percent_of_one_core": round(me_cpu * 100 / wall, 1),
        # Where the machine's cores went in the window: every devstack component (the app included).
        "stack_cpu_percent_of_one_core": {
            name: round((stack_after[name] - stack_before.get(name, 0.0)) * 100 / wall, 1)
            for name in stack_after
            if name != "total"
        },
        "loadgen_cpu_ms_per_interaction": round(me_cpu * 1000 / interactions, 2) if interactions else None,
    }


def _stats(samples: list[float]) -> dict | None:
    if not samples:
        return None
    if len(samples) == 1:
        return {"n": 1, "p50_ms": round(samples[0], 1), "p95_ms": round(samples[0], 1), "p99_ms": round(samples[0], 1)}
    return {k: v for k, v in percentiles(samples).items() if k in ("n", "p50_ms", "p95_ms", "p99_ms", "max_ms")}


def _meets_targets(level: dict) -> bool:
    worst_p95 = max((s["p95_ms"] for s in level["latency"].values() if s), default=float("inf"))
    return (
        level["errors"] == TARGETS["errors"]
        and worst_p95 <= TARGETS["p95_ms"]
        and (level["backend_cpu_ms_per_interaction"] or float("inf")) <= TARGETS["backend_cpu_ms_per_interaction"]
    )


async def run(tab_counts: list[int], args) -> dict:
    settings = get_settings()
    was_running = reflex_app.is_ready(settings)
    _stack(settings)
    emails = _accounts(settings)
    default = _default_backends(settings)
    default_lease = settings.web_state_lease_ms
    # (backends, granian workers each, state lease ms): one process, with and without state leases
    # (before/after for docs/DESIGN.md §1b); the default, separate processes behind haproxy; and as
    # many workers in ONE Reflex process (its own multi-worker mode).
    configs = [(1, 1, None), (1, 1, 0 if default_lease else LEASE_MS)]
    if default > 1:
        configs += [(default, 1, None), (1, default, None)]
    cookies: list[str] = []
    runs = []
    try:
        for backends, workers, lease_ms in configs:
            if args.reuse_app and lease_ms is not None:
                continue  # a reused app keeps the lease it was started with
            settings = _restart_app(backends, args.reuse_app and default == 1, workers, lease_ms)
            frontend = Frontend.from_web_dir(settings.state_dir / "web")
            base_url = f"http://127.0.0.1:{settings.frontend_port}"
            if not cookies:  # sessions live in Mongo: they outlast an app restart
                cookies = [await _log_in(base_url, frontend, email) for email in emails]
            levels = []
            for n in tab_counts:
                print(
                    f"session_load: {backends} backend(s) × {workers} worker(s), lease {lease_ms}, {n} tabs …",
                    file=sys.stderr,
                    flush=True,
                )
                levels.append(await _level(settings, frontend, cookies, emails, n, args))
            runs.append(
                {
                    "web_backends": backends,
                    "granian_workers": workers,
                    "state_lease_ms": settings.web_state_lease_ms,
                    "levels": levels,
                }
            )
    finally:
        os.environ.pop("WEB_BACKENDS", None)
        os.environ.pop("GRANIAN_WORKERS", None)
        os.environ.pop("WEB_STATE_LEASE_MS", None)
        os.environ.pop("INVENTORY_SMALL_UNITS", None)
        get_settings.cache_clear()
        settings = get_settings()
        if not args.reuse_app:
            reflex_app.stop(settings)
            if was_running:
                try:  # the results stand even if the app cannot come back up here
                    reflex_app.ensure(settings, timeout=300)
                except RuntimeError as exc:
                    print(f"session_load: could not restart the app as it was: {exc}", file=sys.stderr)
    # The targets are the default topology's (`make run`: one process per core behind haproxy).
    at_target = [
        lv
        for r in runs
        if (r["web_backends"], r["granian_workers"], r["state_lease_ms"]) == (default, 1, default_lease)
        for lv in r["levels"]
        if lv["tabs"] == TARGETS["tabs"]
    ]
    return {
        "benchmark": "session_load",
        "scenario": list(INTERACTIONS),
        "think_time_s": 1.0,
        "warmup_s": args.warmup,
        "accounts": len(emails),
        "first_departure_days_ahead": args.days_ahead,
        "scenario_kind": args.scenario,
        "cpu_count": os.cpu_count(),
        "default_web_backends": default,
        "runs": runs,
        "targets": TARGETS,
        "targets_met": bool(at_target) and all(_meets_targets(lv) for lv in at_target),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tabs", default="1,50,100,200,300", help="comma-separated tab counts")
    parser.add_argument("--seconds", type=float, default=20.0, help="measured window per tab count")
    parser.add_argument("--warmup", type=float, default=5.0, help="unmeasured seconds before each window")
    parser.add_argument("--reuse-app", action="store_true", help="with one backend config: keep a running app")
    parser.add_argument(
        "--scenario",
        choices=("book", "browse"),
        default="book",
        help="book: the whole loop up to the Stripe URL (the issue's); browse: up to the package page",
    )
    # Departures on days no earlier run touched (inventory counters keep the capacity they were made with).
    parser.add_argument("--days-ahead", type=int, default=random.randint(60, 300), help="first departure day")
    args = parser.parse_args()
    result = asyncio.run(run([int(n) for n in args.tabs.split(",")], args))
    print(json.dumps(result, indent=2))
    levels = [lv for r in result["runs"] for lv in r["levels"]]
    failed = [lv["tabs"] for lv in levels if lv["errors"] or not lv["interactions"]]
    if failed:
        print(f"session_load: errors or no interactions at tabs={failed}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
