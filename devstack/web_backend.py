"""One prod web backend as ONE process: `reflex run --env prod`, served in-process.

`reflex run` compiles the app and builds the frontend, then hands the backend to granian, whose
process manager forks a worker even when asked for one: two processes of ~160 MB each that share
most pages (PSS counts them once, summed RSS twice). This entrypoint runs the same CLI with the
same arguments, but serves the app with granian's embedded server on this process's own event
loop (same Rust HTTP/websocket core, same ASGI app and log config). SIGTERM/SIGINT stop it
gracefully; there is no worker to respawn, so a crash ends the backend as a whole, which is what
the load balancer's health checks and devstack's pidfile expect (docs/DESIGN.md §1b).

Usage: `python -m devstack.web_backend run --env prod …` (the arguments of `reflex run`).
"""

from __future__ import annotations

import asyncio
import importlib
import os
import signal

from granian.constants import Interfaces
from granian.log import LogLevels
from granian.server.embed import Server
from reflex.reflex import cli
from reflex.utils import exec as reflex_exec
from reflex_base.constants import LogLevel
from reflex_base.environment import environment


def serve_in_process(
    host: str, port: int, loglevel: LogLevel = LogLevel.ERROR, mount_frontend_compiled_app: bool = False
) -> None:
    """Stands in for reflex.utils.exec.run_backend_prod (same signature)."""
    environment.REFLEX_MOUNT_FRONTEND_COMPILED_APP.set(mount_frontend_compiled_app)
    module, _, attr = reflex_exec.get_app_instance_from_file().partition(":")
    server = Server(
        target=getattr(importlib.import_module(module), attr),
        factory=True,
        address=host,
        port=port,
        interface=Interfaces.ASGI,
        log_level=LogLevels(os.getenv("GRANIAN_LOG_LEVEL", loglevel.value)),
        log_dictconfig=reflex_exec._granian_log_dictconfig(),
    )

    async def serve() -> None:
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, server.stop)
        await server.serve()

    asyncio.run(serve())


def main() -> None:
    # GRANIAN_WORKERS > 1 asks for Reflex's own multi-worker mode (measured by bench/bench_session_load.py).
    if os.environ.get("GRANIAN_WORKERS", "1") == "1":
        reflex_exec.run_backend_prod = serve_in_process
    cli()


if __name__ == "__main__":
    main()
