"""Session lifetimes, the cookie's name and flags, and the `next` check. Pure: no I/O.

- The session lives SESSION_TTL from log-in (fixed, not sliding: a stolen cookie stops working
  at a known time, and the cookie's Max-Age can match the server's expiry exactly).
- A log-in ticket is single use and lives TICKET_TTL: it only carries the log-in from the
  websocket (where no cookie can be set) to the HTTP route that sets the cookie.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from urllib.parse import urlsplit

SESSION_TTL = timedelta(days=14)
TICKET_TTL = timedelta(seconds=60)
TOKEN_BYTES = 32  # secrets.token_urlsafe(32): 256 random bits, 43 characters

COOKIE_NAME = "dreams_session"
# Over HTTPS the __Host- prefix makes the browser refuse the cookie unless it is Secure, Path=/ and
# has no Domain: no sibling sub-domain can plant or overwrite it.
SECURE_COOKIE_NAME = "__Host-dreams_session"


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    """What Mongo stores instead of a token (a fast hash suffices: the token has 256 random bits)."""
    return hashlib.sha256(token.encode()).hexdigest()


def is_secure(public_url: str) -> bool:
    return public_url.lower().startswith("https://")


def cookie_name(public_url: str) -> str:
    return SECURE_COOKIE_NAME if is_secure(public_url) else COOKIE_NAME


def safe_next(value: str | None, default: str = "/") -> str:
    """`value` if it is a path on this site, else `default` (no open redirect).

    Refuses absolute URLs, scheme-relative `//host`, backslash tricks (`/\\host`) and control chars.
    """
    if not value or not value.startswith("/") or value.startswith("//"):
        return default
    if "\\" in value or any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in value):
        return default
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return default
    return value
