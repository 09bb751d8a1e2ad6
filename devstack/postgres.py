"""PostgreSQL from Debian's server package, used only when DATABASE_URL says postgresql.

Runs as the `postgres` system user (the server refuses root), with its own cluster under
<state_dir>/data/postgres (trust auth on 127.0.0.1: local development only) and its socket in
<state_dir>/run/postgres-socket. Installs the Debian package itself on a fresh machine.
"""

from __future__ import annotations

import os
import pwd
import signal
import subprocess
import sys
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

from devstack import process
from services.config import Settings

NAME = "postgres"
SUPERUSER = "postgres"
PG_ROOT = Path("/usr/lib/postgresql")


def port(settings: Settings) -> int:
    return settings.postgres_port


def _bin_dir() -> Path | None:
    """The newest installed server version's bin dir (Debian keeps one dir per major version)."""
    versions = sorted(
        (d for d in PG_ROOT.glob("*/bin") if (d / "postgres").is_file()),
        key=lambda d: int(d.parent.name) if d.parent.name.isdigit() else 0,
    )
    return versions[-1] if versions else None


def install_server() -> Path:
    """`apt-get install postgresql` unless server binaries exist; returns their bin dir."""
    found = _bin_dir()
    if found:
        return found
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update"], ["apt-get", "install", "-y", "postgresql"]):
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            raise RuntimeError(f"postgres: {' '.join(cmd)} failed:\n{done.stderr[-3000:]}")
    # The package may start its own "main" cluster on 5432; ours is the one devstack manages.
    subprocess.run(
        "pg_lsclusters -h | awk '$4==\"online\" {print $1, $2}' | "
        'while read v c; do pg_ctlcluster "$v" "$c" stop; done',
        shell=True,
        capture_output=True,
        timeout=60,
    )
    found = _bin_dir()
    if not found:
        raise RuntimeError("postgres: installed the package but found no server binaries")
    return found


def _run_as() -> str | None:
    """The user the server runs as: `postgres` when we are root (created if missing), else us."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(SUPERUSER)
    except KeyError:
        subprocess.run(
            [
                "useradd",
                "--system",
                "--user-group",
                "--no-create-home",
                "--home-dir",
                "/nonexistent",
                "--shell",
                "/usr/sbin/nologin",
                SUPERUSER,
            ],
            check=True,
            capture_output=True,
            timeout=30,
        )
    return SUPERUSER


def _owned_dir(path: Path, user: str | None) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    if user:
        entry = pwd.getpwnam(user)
        os.chown(path, entry.pw_uid, entry.pw_gid)
    path.chmod(0o700)
    return path


def _socket_dir(settings: Settings) -> Path:
    return settings.state_dir / "run" / "postgres-socket"


def _initdb(settings: Settings, bin_dir: Path, user: str | None) -> None:
    data = process.datadir(settings, NAME)
    if (data / "PG_VERSION").is_file():
        return
    _owned_dir(data, user)
    log = process.logfile(settings, NAME)
    with open(log, "ab") as out:
        out.write(f"\n=== devstack: initdb {data}\n".encode())
        out.flush()
        done = subprocess.run(
            [bin_dir / "initdb", "-D", data, "-U", SUPERUSER, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"],
            stdout=out,
            stderr=subprocess.STDOUT,
            user=user,
            group=user,
            extra_groups=[] if user else None,
            cwd="/",
            timeout=180,
        )
    if done.returncode != 0:
        raise RuntimeError(f"postgres: initdb failed; see {log}")


def _connect(settings: Settings, dbname: str = "postgres", timeout: int = 2) -> psycopg.Connection:
    return psycopg.connect(
        host="127.0.0.1",
        port=settings.postgres_port,
        user=SUPERUSER,
        dbname=dbname,
        connect_timeout=timeout,
        autocommit=True,
    )


def is_ready(settings: Settings) -> bool:
    """A real connection and `SELECT 1`."""
    if not process.port_open("127.0.0.1", settings.postgres_port):
        return False
    try:
        with _connect(settings) as conn:
            return conn.execute("SELECT 1").fetchone() == (1,)
    except psycopg.Error:
        return False


def provision(settings: Settings) -> None:
    """Create the role and database that DATABASE_URL names, if missing."""
    url = make_url(settings.database_url)
    role, password, database = url.username, url.password, url.database
    with _connect(settings) as conn:
        if role and not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
            statement = sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(role))
            if password:
                statement += sql.SQL(" PASSWORD {}").format(sql.Literal(password))
            conn.execute(statement)
        if database and not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,)).fetchone():
            owner = sql.SQL(" OWNER {}").format(sql.Identifier(role)) if role else sql.SQL("")
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)) + owner)


def start(settings: Settings) -> None:
    bin_dir = install_server()
    user = _run_as()
    _initdb(settings, bin_dir, user)
    socket_dir = _owned_dir(_socket_dir(settings), user)
    cmd = [
        bin_dir / "postgres",
        "-D",
        process.datadir(settings, NAME),
        "-c",
        "listen_addresses=127.0.0.1",
        "-c",
        f"port={settings.postgres_port}",
        "-c",
        f"unix_socket_directories={socket_dir}",
    ]
    process.spawn(
        cmd, cwd=Path("/"), user=user, log=process.logfile(settings, NAME), pid_path=process.pidfile(settings, NAME)
    )


def wait_ready(settings: Settings, timeout: float) -> None:
    process.wait_until(
        lambda: is_ready(settings),
        timeout,
        f"postgres on 127.0.0.1:{settings.postgres_port}",
        log=process.logfile(settings, NAME),
        pid=process.read_pid(process.pidfile(settings, NAME)),
    )


def stop(settings: Settings) -> bool:
    # SIGINT = "fast" shutdown (SIGTERM would wait for every client to disconnect), postmaster only.
    return process.stop(process.pidfile(settings, NAME), timeout=30, sig=signal.SIGINT, group=False)


def ensure(settings: Settings, timeout: float = 60) -> process.Outcome:
    outcome = process.ensure_component(sys.modules[__name__], settings, timeout)
    provision(settings)
    return outcome
