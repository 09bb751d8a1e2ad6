"""The MongoDB wire server: SecantusDB (`secantusd-py`, PyPI secantusdb), data kept on disk.

No genuine mongod is obtainable here; the app uses plain pymongo, so production's mongo is a
drop-in replacement.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from pymongo import MongoClient
from pymongo.errors import PyMongoError

from devstack import process
from services.config import Settings

NAME = "mongo"
# WiredTiger's cache (secantusd-py's default is 1G, and it fills: 695 MiB RSS after the payments
# benchmark's 5,000 purchases). The local data set is tens of MB, so 128M keeps it hot and holds the
# whole stack under 1.5 GiB (issue 15, bench/bench_memory.py).
CACHE_SIZE = "128M"


def port(settings: Settings) -> int:
    return settings.mongo_port


def _executable() -> str:
    beside = Path(sys.executable).with_name("secantusd-py")  # the venv's console script
    found = str(beside) if beside.is_file() else shutil.which("secantusd-py")
    if not found:
        raise RuntimeError("mongo: secantusd-py not found; install requirements-dev.txt")
    return found


def is_ready(settings: Settings) -> bool:
    """A real `ping` command over the wire protocol."""
    if not process.port_open("127.0.0.1", settings.mongo_port):
        return False
    client: MongoClient = MongoClient(
        "127.0.0.1", settings.mongo_port, directConnection=True, serverSelectionTimeoutMS=500, connectTimeoutMS=500
    )
    try:
        return client.admin.command("ping").get("ok") == 1
    except PyMongoError:
        return False
    finally:
        client.close()


def start(settings: Settings) -> None:
    pid_path = process.pidfile(settings, NAME)
    # WiredTiger locks its directory: an old server must be fully gone before a new one opens it.
    process.stop(pid_path)
    data = process.datadir(settings, NAME)
    data.mkdir(parents=True, exist_ok=True)
    cmd = [_executable(), "--host", "127.0.0.1", "--port", str(settings.mongo_port), "--storage-path", str(data)]
    cmd += ["--cache-size", CACHE_SIZE]
    # cwd = data dir: secantusd-py would otherwise pick up a ./secantusd.toml from wherever we are.
    process.spawn(cmd, cwd=data, log=process.logfile(settings, NAME), pid_path=pid_path)


def wait_ready(settings: Settings, timeout: float) -> None:
    process.wait_until(
        lambda: is_ready(settings),
        timeout,
        f"mongo on 127.0.0.1:{settings.mongo_port}",
        log=process.logfile(settings, NAME),
        pid=process.read_pid(process.pidfile(settings, NAME)),
    )


def stop(settings: Settings) -> bool:
    return process.stop(process.pidfile(settings, NAME), timeout=15)


def ensure(settings: Settings, timeout: float = 30) -> process.Outcome:
    return process.ensure_component(sys.modules[__name__], settings, timeout)
