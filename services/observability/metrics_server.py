"""A worker's Prometheus endpoint: prometheus_client's own HTTP server on a daemon thread.

The web process does not use this: it serves /metrics as a route on its own port (dreams_app/api.py).
"""

from __future__ import annotations

import logging

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest, start_http_server

log = logging.getLogger(__name__)


def serve_metrics(port: int, host: str = "127.0.0.1") -> int | None:
    """Serve /metrics on host:port; returns the port, or None when disabled (port 0) or taken.

    A taken port is logged and the worker goes on without metrics: losing the endpoint must not
    stop payments (e.g. a second worker of a kind started by hand on the same host)."""
    if not port:
        log.info("metrics endpoint disabled (port 0)")
        return None
    try:
        server, _ = start_http_server(port, addr=host)
    except OSError as exc:
        log.error("metrics endpoint not served: %s:%d: %s", host, port, exc)
        return None
    log.info("metrics on http://%s:%d/metrics", host, server.server_port)
    return server.server_port


def exposition() -> tuple[bytes, str]:
    """This process's metrics in the text format, and its content type (for the web's route)."""
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
