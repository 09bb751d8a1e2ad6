"""`python -m devstack.stripe_sandbox [--port N] [--host H] [--webhook-url URL ...]`."""

from __future__ import annotations

import argparse
import logging

import uvicorn

from services.config import get_settings

from .app import build_app
from .config import SandboxConfig


def main() -> None:
    parser = argparse.ArgumentParser(description="Local Stripe-compatible sandbox")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, help="default: the port of STRIPE_API_BASE")
    parser.add_argument("--public-base", help="base URL browsers use for the pay page")
    parser.add_argument(
        "--webhook-url", action="append", help="webhook endpoint (repeatable); default: settings.stripe_webhook_url"
    )
    args = parser.parse_args()
    settings = get_settings()
    config = SandboxConfig.from_settings(
        settings, port=args.port, host=args.host, public_base=args.public_base, webhook_urls=args.webhook_url
    )
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("stripe_sandbox").info(
        "stripe sandbox on %s, webhooks -> %s", config.public_base, config.webhook_urls
    )
    try:
        app = build_app(config)
    except FileNotFoundError as exc:  # no spec: refuse to run lax (see spec.py)
        raise SystemExit(f"stripe sandbox: {exc}") from None
    uvicorn.run(app, host=config.host, port=config.port, log_level=settings.log_level.lower())


if __name__ == "__main__":
    main()
