"""HTTP routes for the log-in cookie. Only a plain HTTP response can set an HttpOnly cookie (the
websocket cannot), so log-in ends here and log-out goes through here.

- GET  /api/session/start?ticket=…&next=/path  swaps a one-time ticket for the session cookie;
- POST /api/session/end                         ends the session server-side and clears the cookie.

Both answer 303 to a path on this site. With the session store (Mongo) down, start goes back to
/login?unavailable=1 (the form says "temporarily unavailable") and end still clears the cookie. Cross-site requests are refused (Sec-Fetch-Site / Origin):
nobody can log a visitor into another account (login CSRF) or out of theirs from another site.
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import BaseRoute, Route

from dreams_app import backend, routes
from services.config import get_settings
from services.errors import ServiceUnavailable
from services.sessions.policy import SESSION_TTL, cookie_name, is_secure, safe_next

logger = logging.getLogger(__name__)

START = "/api/session/start"
END = "/api/session/end"


def _cookie() -> tuple[str, bool]:
    public_url = get_settings().public_url
    return cookie_name(public_url), is_secure(public_url)


def _same_origin(request: Request) -> bool:
    """True unless the browser says the request came from another site.

    `Sec-Fetch-Site` is sent by current browsers ("none" = typed or bookmarked); older ones send
    `Origin` on POST, which must then be this host.
    """
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None:
        return fetch_site in ("same-origin", "none")
    origin = request.headers.get("origin")
    if origin is None:
        return request.method == "GET"
    return origin in (f"{request.url.scheme}://{request.headers.get('host', '')}", get_settings().public_url)


def _see_other(path: str) -> RedirectResponse:
    response = RedirectResponse(path, status_code=303)
    response.headers["Cache-Control"] = "no-store"
    return response


async def start_session(request: Request) -> RedirectResponse:
    target = safe_next(request.query_params.get("next"))
    token = None
    if _same_origin(request):
        try:
            token = await backend.services().sessions.redeem_ticket(request.query_params.get("ticket", "")[:200])
        except ServiceUnavailable:  # the ticket is still there: logging in again works once Mongo is back
            logger.warning("session start: the session store is unavailable")
            return _see_other(f"{routes.LOGIN}?{urlencode({'next': target, 'unavailable': '1'})}")
    if token is None:  # a used, expired or forged ticket: log in again
        return _see_other(f"{routes.LOGIN}?{urlencode({'next': target, 'retry': '1'})}")
    name, secure = _cookie()
    response = _see_other(target)
    response.set_cookie(
        name, token, max_age=int(SESSION_TTL.total_seconds()), path="/", httponly=True, samesite="lax", secure=secure
    )
    return response


async def end_session(request: Request) -> RedirectResponse:
    if not _same_origin(request):
        return _see_other(routes.HOME)
    name, secure = _cookie()
    try:
        await backend.services().sessions.end(request.cookies.get(name))
    except ServiceUnavailable:
        # Log-out is what the traveller asked for on this device: the cookie goes anyway; the
        # session stays in Mongo until it expires.
        logger.warning("log-out: the session store is unavailable; only the cookie was cleared")
    response = _see_other(routes.HOME)
    response.delete_cookie(name, path="/", httponly=True, samesite="lax", secure=secure)
    return response


SESSION_ROUTES: list[BaseRoute] = [
    Route(START, start_session, methods=["GET"]),
    Route(END, end_session, methods=["POST"]),
]
