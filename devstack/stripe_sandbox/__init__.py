"""Local Stripe-compatible sandbox (devstack component "stripe").

Serves the Stripe v1 endpoints the app uses (api_routes.py), a hosted pay page (pay_page.py),
signed webhooks with retries (delivery.py) and test controls under /_sandbox (control_routes.py).
Component interface used by devstack: NAME, port, is_ready, start, wait_ready, stop, ensure.
"""

from __future__ import annotations

import os
import sys

import httpx

from devstack import process, stripe_mock
from services.config import ROOT, Settings

NAME = "stripe"


def port(settings: Settings) -> int:
    if settings.stripe_port is None:
        raise RuntimeError("stripe: STRIPE_API_BASE is unset (real Stripe); no sandbox to run")
    return settings.stripe_port


def is_ready(settings: Settings) -> bool:
    """True if our sandbox (not just anything) answers on the configured port."""
    try:
        response = httpx.get(f"http://127.0.0.1:{port(settings)}/_sandbox/health", timeout=1.0)
        return response.status_code == 200 and response.json().get("service") == "stripe-sandbox"
    except (httpx.HTTPError, ValueError):
        return False


def _child_env(settings: Settings) -> dict[str, str]:
    """The child reads Settings from the environment: hand it exactly the caller's values."""
    return {
        **os.environ,
        "STATE_DIR": str(settings.state_dir),
        "TOOLS_DIR": str(settings.tools_dir),
        "STRIPE_API_BASE": settings.stripe_api_base or "",
        "STRIPE_SECRET_KEY": settings.stripe_secret_key.get_secret_value(),
        "STRIPE_WEBHOOK_SECRET": settings.stripe_webhook_secret.get_secret_value(),
        "STRIPE_WEBHOOK_URL": settings.stripe_webhook_url,
        "STRIPE_SANDBOX_RETRY_BASE_S": str(settings.stripe_sandbox_retry_base_s),
        "STRIPE_SANDBOX_MAX_ATTEMPTS": str(settings.stripe_sandbox_max_attempts),
        "DEFAULT_LOCALE": settings.default_locale,
        "LOG_LEVEL": settings.log_level,
    }


def start(settings: Settings) -> None:
    stripe_mock.build(settings)  # the sandbox enforces the OpenAPI spec that comes with it
    process.spawn(
        [sys.executable, "-m", "devstack.stripe_sandbox", "--port", str(port(settings))],
        log=process.logfile(settings, NAME),
        pid_path=process.pidfile(settings, NAME),
        cwd=ROOT,
        env=_child_env(settings),
    )


def wait_ready(settings: Settings, timeout: float = 20.0) -> None:
    process.wait_until(
        lambda: is_ready(settings),
        timeout,
        NAME,
        log=process.logfile(settings, NAME),
        pid=process.read_pid(process.pidfile(settings, NAME)),
    )


def stop(settings: Settings) -> bool:
    return process.stop(process.pidfile(settings, NAME))


def ensure(settings: Settings, timeout: float = 20.0) -> process.Outcome:
    """Start the sandbox unless ours already answers (port() refuses when pointed at real Stripe)."""
    return process.ensure_component(sys.modules[__name__], settings, timeout)
