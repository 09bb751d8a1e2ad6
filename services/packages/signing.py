"""The server's package id key: `PACKAGE_ID_SECRET` from settings, else the installation's key file.

Every process on one state dir (the app, the payments service inside it, tests) reads the same file,
so an id signed by one verifies in the others.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from services.config import Settings, get_settings
from services.keyfile import load_or_create


def package_id_key(settings: Settings | None = None) -> bytes:
    settings = settings or get_settings()
    if settings.package_id_secret is not None:
        return settings.package_id_secret.get_secret_value().encode()
    return _file_key(settings.package_id_key_file)


@lru_cache(maxsize=8)
def _file_key(path: Path) -> bytes:
    # Read once per process: links are checked on every package page and quote.
    return load_or_create(path)
