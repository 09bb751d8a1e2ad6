"""The one call a process makes at start-up: JSON logs labelled with its name, and (workers) its
Prometheus endpoint. `python -m kafka_workers.users` → `observe_worker(settings, "users")`."""

from __future__ import annotations

from services.config import Settings
from services.observability import logs
from services.observability.metrics_server import serve_metrics


def observe_worker(settings: Settings, kind: str) -> int | None:
    """JSON logs as `<kind>-worker`; /metrics on the kind's port. Returns the port served (or None)."""
    logs.configure(f"{kind}-worker", settings.log_level)
    return serve_metrics(settings.worker_metrics_port(kind), settings.metrics_host)


def observe_web(settings: Settings) -> None:
    """JSON logs as `web` (its /metrics is a route on the app's port, dreams_app/api.py)."""
    logs.configure("web", settings.log_level)
