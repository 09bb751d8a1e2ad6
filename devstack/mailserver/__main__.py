"""Run the local SendGrid stand-in: `python -m devstack.mailserver [--port N] [--data-dir DIR]`."""

from __future__ import annotations

import argparse
from pathlib import Path

import uvicorn

from devstack.mailserver import data_dir, DEFAULT_PORT
from devstack.mailserver.app import KeyPolicy, build_app
from devstack.mailserver.store import MessageStore
from services.config import get_settings


def main(argv: list[str] | None = None) -> None:
    settings = get_settings()
    parser = argparse.ArgumentParser(prog="python -m devstack.mailserver", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=settings.mail_port or DEFAULT_PORT)
    parser.add_argument("--data-dir", type=Path, default=data_dir(settings))
    parser.add_argument(
        "--accept-any-sg-key", action="store_true", help="accept any SG.-prefixed key, not only SENDGRID_API_KEY"
    )
    args = parser.parse_args(argv)

    # The key comes from settings (env/.env), never from the command line, where `ps` would show it.
    policy = KeyPolicy(frozenset({settings.sendgrid_api_key.get_secret_value()}), args.accept_any_sg_key)
    app = build_app(MessageStore(args.data_dir / "messages.sqlite"), policy)
    uvicorn.run(app, host=args.host, port=args.port, log_level="info")


if __name__ == "__main__":
    main()
