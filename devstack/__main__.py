"""`python -m devstack up [names...] | down [names...] | status`: the local infrastructure.

Exit codes: 0 all good; 1 a component failed (up) or is not ready (status); 2 usage error;
130 interrupted (whatever this `up` had started is stopped again).
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from types import FrameType, ModuleType

from devstack import components, process
from services.config import Settings, get_settings


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt  # SIGTERM/SIGHUP to `up` roll back like Ctrl-C does


def _modules(names: list[str]) -> list[tuple[str, ModuleType | None]]:
    loaded = []
    for name in names:
        try:
            loaded.append((name, components.load(name)))
        except ImportError as exc:  # one broken component must not block the others
            print(f"{name:9} cannot load: {exc}", file=sys.stderr)
            loaded.append((name, None))
    return loaded


def _pid(settings: Settings, name: str) -> int | None:
    return process.read_pid(process.pidfile(settings, name))


def up(
    settings: Settings,
    names: list[str],
    timeout: float | None,
    started: list[ModuleType] | None = None,
    *,
    mode: str = "prod",
) -> int:
    """Ensure each component; what this call started is appended to `started`."""
    started = [] if started is None else started
    name = ""
    try:
        for name, module in _modules(names):
            if module is None:
                print(f"{name:9} skipped: {components.REGISTRY[name].module} is not available")
                continue
            began = time.monotonic()
            if name == "app" and mode == "dev" and not module.is_ready(settings):
                module.start(settings, "dev")
                module.wait_ready(settings, timeout or 300)
                outcome = "started"
            else:
                outcome = module.ensure(settings) if timeout is None else module.ensure(settings, timeout)
            if outcome == "started":
                started.append(module)
            pid = _pid(settings, name) or "external"
            port = components.REGISTRY[name].port(settings)
            where = f"127.0.0.1:{port}" if port else "(no port)"
            print(f"{name:9} {outcome:7} {where}  pid {pid}  ({time.monotonic() - began:.1f}s)", flush=True)
    except KeyboardInterrupt:
        print("\ninterrupted: stopping what this run started", file=sys.stderr)
        for module in reversed(started):
            module.stop(settings)
        return 130
    except Exception as exc:  # noqa: BLE001 - report any component failure and exit non-zero
        print(f"{name:9} FAILED: {exc}", file=sys.stderr)
        return 1
    return 0


def down(settings: Settings, names: list[str]) -> int:
    for name, module in reversed(_modules(names)):
        if module is not None:
            print(f"{name:9} {'stopped' if module.stop(settings) else 'not running'}")
    # Anything else devstack started (e.g. the app supervisor) left a pidfile too.
    run_dir = settings.state_dir / "run"
    if names == components.names() and run_dir.is_dir():
        for pid_path in sorted(run_dir.glob("*.pid")):
            if process.stop(pid_path):
                print(f"{pid_path.stem:9} stopped")
    return 0


def status(settings: Settings, names: list[str]) -> int:
    wanted = set(components.wanted(settings))
    all_ready = True
    print(f"{'component':9} {'port':>5}  {'pid':>8}  ready")
    for name, module in _modules(names):
        if module is None:
            print(f"{name:9} (module {components.REGISTRY[name].module} not available)")
            continue
        pid = _pid(settings, name)
        if name not in wanted and pid is None:
            continue  # not used with these settings, and not running
        port = components.REGISTRY[name].port(settings)
        # A worker kind runs N processes (devstack/workers.py): one line each.
        for row in module.instances(settings) if hasattr(module, "instances") else [module]:
            ready = row.is_ready(settings)
            all_ready &= ready
            detail = row.detail(settings) if hasattr(row, "detail") else ""
            row_pid = _pid(settings, row.NAME)
            print(
                f"{row.NAME:9} {port or '-':>5}  {row_pid or '-':>8}  {'yes' if ready else 'no'}"
                + (f"  {detail}" if detail else "")
            )
    return 0 if all_ready else 1


def install(settings: Settings) -> int:
    """Fetch what the local stack needs and a fresh machine lacks (idempotent)."""
    from devstack import axe, kafka, postgres, reflex_app, stripe_mock
    from devstack import redis as redis_component

    redis_component.install_packages()  # Debian's redis-server and haproxy (the web tier)
    kafka.fetch_jars(settings)
    reflex_app.ensure_bun(settings)
    axe.ensure_axe(settings)
    stripe_mock.build(settings)  # the sandbox enforces the OpenAPI spec that comes with it
    if settings.uses_postgres:
        postgres.install_server()
    print(
        "installed: redis-server, haproxy, Kafka jars, bun, axe-core, stripe-mock"
        + (", PostgreSQL" if settings.uses_postgres else "")
    )
    return 0


def run(settings: Settings, *, seed: bool, mode: str) -> int:
    """`make run`: everything up (reusing what runs), demo data, the URL; Ctrl-C stops what it started."""
    started: list[ModuleType] = []
    wanted = components.wanted(settings)
    infrastructure = [n for n in wanted if n in components.INFRASTRUCTURE]
    rc = up(settings, infrastructure, None, started)
    staff = None
    if rc == 0 and seed:
        from services.users.admin import ensure_demo_staff
        from services.users.seed import main as seed_users

        try:
            seed_users([])
            staff = ensure_demo_staff(settings)  # Kafka is up: its users event goes out now
        except Exception as exc:  # what this command started is stopped below, not left running
            print(f"seeding the demo data failed: {exc!r}", file=sys.stderr, flush=True)
            rc = 1
    if rc == 0:
        rc = up(settings, [n for n in wanted if n not in infrastructure], None, started, mode=mode)
    if rc == 0:
        print(f"\nDreams is running at {settings.public_url}")
        if staff is not None:
            print(
                f"Staff pages: {settings.public_url}/users and {settings.public_url}/ops — log in as "
                f"{staff.email} / {staff.password}"
            )
        print("Ctrl-C stops what this command started; `make stop` stops everything.", flush=True)
        try:
            signal.pause()
        except KeyboardInterrupt:
            pass
    for module in reversed(started):
        print(f"{module.NAME:9} stopping", flush=True)
        module.stop(settings)
    return 0 if rc in (0, 130) else rc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m devstack", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    up_cmd = sub.add_parser("up", help="start or reuse components (default: all the settings use)")
    up_cmd.add_argument("names", nargs="*", metavar="NAME")
    up_cmd.add_argument("--timeout", type=float, help="seconds to wait for each to be ready")
    down_cmd = sub.add_parser("down", help="stop what devstack started; default: everything")
    down_cmd.add_argument("names", nargs="*", metavar="NAME")
    sub.add_parser("status", help="each component's port, pid and readiness")
    sub.add_parser(
        "install",
        help="fetch redis-server/haproxy (apt), Kafka jars, bun, axe-core, stripe-mock (and PostgreSQL if configured)",
    )
    run_cmd = sub.add_parser("run", help="up everything, print the URL, stop on Ctrl-C")
    run_cmd.add_argument("--seed", action="store_true", help="load the demo users")
    run_cmd.add_argument("--mode", choices=["prod", "dev"], default="prod")
    args = parser.parse_args(argv)

    unknown = [n for n in getattr(args, "names", []) if n not in components.REGISTRY]
    if unknown:
        parser.error(f"unknown component(s) {unknown}; known: {components.names()}")
    settings = get_settings()
    if args.command == "install":
        return install(settings)
    if args.command == "run":
        for sig in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, _interrupt)
        return run(settings, seed=args.seed, mode=args.mode)
    if args.command == "up":
        signal.signal(signal.SIGTERM, _interrupt)
        signal.signal(signal.SIGHUP, _interrupt)
        names = [n for n in components.names() if n in (args.names or components.wanted(settings))]
        return up(settings, names, args.timeout)
    if args.command == "down":
        return down(settings, [n for n in components.names() if n in args.names] if args.names else components.names())
    return status(settings, components.names())


if __name__ == "__main__":
    sys.exit(main())
