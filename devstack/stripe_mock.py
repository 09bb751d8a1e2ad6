"""Stripe's own `stripe-mock` (github.com/stripe/stripe-mock): the contract oracle, and the source
of the OpenAPI spec the local sandbox enforces.

Built from the Go module proxy with the machine's Go into <tools_dir>/stripe-mock/<version>/
(the binary and the spec3.json it embeds), once per version and all or nothing, like Kafka's jars.
The Go module and build caches live under <tools_dir>/stripe-mock/go too, so a fresh clone has no
hidden state in ~/go. Not started by `make run` (the app talks to the stateful sandbox); the
contract tests start it, and `python -m devstack up stripe-mock` does by hand.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx

from devstack import process
from services.config import Settings

NAME = "stripe-mock"
VERSION = "v0.203.0"
MODULE = "github.com/stripe/stripe-mock"
API_KEY = "sk_test_123"  # stripe-mock takes any key that looks like a test key (no "_" inside)
COMPLETE = ".complete"  # written last into the staging dir: a half build never looks done


def port(settings: Settings) -> int:
    return settings.stripe_mock_port


def home(settings: Settings) -> Path:
    return settings.tools_dir / "stripe-mock" / VERSION


def binary(settings: Settings) -> Path:
    return home(settings) / "stripe-mock"


def spec_path(settings: Settings) -> Path:
    """Stripe's OpenAPI spec as stripe-mock embeds it (the sandbox's rule book)."""
    return home(settings) / "spec3.json"


def is_built(settings: Settings) -> bool:
    return (home(settings) / COMPLETE).is_file()


def _go_env(settings: Settings, gobin: Path) -> dict[str, str]:
    go_dir = settings.tools_dir / "stripe-mock" / "go"
    return {
        **os.environ,
        "GOPATH": str(go_dir),
        "GOMODCACHE": str(go_dir / "pkg" / "mod"),
        "GOCACHE": str(go_dir / "build-cache"),
        "GOBIN": str(gobin),
        # The module cache stays deletable (`make clean`); no VCS stamping in a module build.
        "GOFLAGS": "-modcacherw -buildvcs=false",
        "GOTOOLCHAIN": "local",  # never download another Go
        "CGO_ENABLED": "0",
    }


def build(settings: Settings) -> Path:
    """Build stripe-mock unless this version is already there. Returns its directory."""
    target = home(settings)
    if is_built(settings):
        return target
    go = shutil.which("go")
    if go is None:
        raise RuntimeError("stripe-mock: building it needs Go (`apt-get install golang-go`, or any Go >= 1.21 on PATH)")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{VERSION}-", dir=target.parent))
    staging.chmod(0o755)  # mkdtemp's 0700 would hide the tool from other users
    try:
        env = _go_env(settings, staging)
        done = subprocess.run(
            [go, "install", f"{MODULE}@{VERSION}"], env=env, capture_output=True, text=True, timeout=900
        )
        if done.returncode != 0:
            raise RuntimeError(
                f"stripe-mock: `go install {MODULE}@{VERSION}` failed:\n{done.stdout[-2000:]}{done.stderr[-3000:]}"
            )
        source = Path(env["GOMODCACHE"]) / f"{MODULE}@{VERSION}" / "embedded" / "openapi"
        shutil.copy(source / "spec3.json", staging / "spec3.json")
        (staging / COMPLETE).write_text(f"{MODULE}@{VERSION}\n")
        try:
            staging.rename(target)  # all or nothing
        except OSError:
            if not is_built(settings):  # not a parallel build that finished first
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def is_ready(settings: Settings) -> bool:
    """stripe-mock (not just anything) answers a real API call on the port."""
    try:
        response = httpx.get(
            f"http://127.0.0.1:{port(settings)}/v1/balance", headers={"Authorization": f"Bearer {API_KEY}"}, timeout=1.0
        )
    except httpx.HTTPError:
        return False
    return response.status_code == 200 and "stripe-mock-version" in response.headers


def start(settings: Settings) -> None:
    build(settings)
    # stripe-mock also opens HTTPS on :12112 (all interfaces) unless told otherwise (-http-addr
    # does not count): an HTTPS listener on a loopback port of the kernel's choice instead.
    process.spawn(
        [binary(settings), "-http-addr", f"127.0.0.1:{port(settings)}", "-https-addr", "127.0.0.1:0"],
        log=process.logfile(settings, NAME),
        pid_path=process.pidfile(settings, NAME),
    )


def wait_ready(settings: Settings, timeout: float = 20.0) -> None:
    process.wait_until(
        lambda: is_ready(settings),
        timeout,
        f"{NAME} on 127.0.0.1:{port(settings)}",
        log=process.logfile(settings, NAME),
        pid=process.read_pid(process.pidfile(settings, NAME)),
    )


def stop(settings: Settings) -> bool:
    return process.stop(process.pidfile(settings, NAME))


def ensure(settings: Settings, timeout: float = 20.0) -> process.Outcome:
    return process.ensure_component(sys.modules[__name__], settings, timeout)
