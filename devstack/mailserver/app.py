"""The HTTP app: SendGrid's `POST /v3/mail/send`, the inbox pages and a JSON API for tests."""

from __future__ import annotations

import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from devstack.mailserver import pages
from devstack.mailserver.models import messages_from_request
from devstack.mailserver.store import MessageStore
from devstack.mailserver.validation import MAX_BODY_BYTES, error, too_large, validate_send

SERVICE = "dreams-mailserver"  # /api/health names itself, so readiness checks don't trust a stranger


@dataclass(frozen=True)
class KeyPolicy:
    """Which bearer keys `mail/send` accepts: the configured ones, or any `SG.`-prefixed key."""

    keys: frozenset[str]
    any_sg_key: bool = False

    def accepts(self, key: str) -> bool:
        if self.any_sg_key and key.startswith("SG.") and len(key) > 3:
            return True
        return any(hmac.compare_digest(key.encode(), k.encode()) for k in self.keys)


def _errors(status: int, *errs: dict) -> JSONResponse:
    return JSONResponse({"errors": list(errs)}, status_code=status)


def build_app(store: MessageStore, policy: KeyPolicy) -> Starlette:
    async def mail_send(request: Request) -> Response:
        scheme, _, key = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not key.strip():
            return _errors(401, error("authorization required"))
        if not policy.accepts(key.strip()):
            return _errors(401, error("The provided authorization grant is invalid, expired, or revoked"))
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
            return _errors(413, too_large())  # refused before reading 30 MB into memory
        raw = await request.body()
        if len(raw) > MAX_BODY_BYTES:  # chunked uploads carry no content-length
            return _errors(413, too_large())
        try:
            body = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            return _errors(400, error("Bad Request"))
        if problems := validate_send(body):
            return _errors(400, *problems)
        if ((body.get("mail_settings") or {}).get("sandbox_mode") or {}).get("enable"):
            return Response(status_code=200)  # SendGrid validates sandbox sends but delivers nothing
        message_id = secrets.token_urlsafe(16)[:22]
        try:
            messages = messages_from_request(body, message_id, datetime.now(timezone.utc))
        except (AttributeError, TypeError, KeyError, ValueError):  # odd shapes the checks don't cover
            return _errors(400, error("Bad Request"))
        await run_in_threadpool(store.add, messages)
        return Response(status_code=202, headers={"X-Message-Id": message_id})

    def health(request: Request) -> Response:
        return JSONResponse({"status": "ok", "service": SERVICE})

    def list_messages(request: Request) -> Response:
        found = store.list(to=request.query_params.get("to"))
        return JSONResponse([m.public() for m in found])

    def get_message(request: Request) -> Response:
        found = store.get(request.path_params["id"])
        if found is None:
            return _errors(404, error("message not found", "id"))
        return JSONResponse(found.public())

    def clear_messages(request: Request) -> Response:
        return JSONResponse({"deleted": store.clear()})

    def inbox(request: Request) -> Response:
        to = request.query_params.get("to")
        return HTMLResponse(pages.inbox_page(store.list(to=to), to))

    def message(request: Request) -> Response:
        id_ = request.path_params["id"]
        found = store.get(id_)
        if found is None:
            return HTMLResponse(pages.not_found_page(id_), status_code=404)
        return HTMLResponse(pages.message_page(found))

    def clear_from_page(request: Request) -> Response:
        store.clear()
        return RedirectResponse("/", status_code=303)

    # Sync handlers run on Starlette's thread pool, so SQLite never blocks the event loop.
    return Starlette(
        routes=[
            Route("/v3/mail/send", mail_send, methods=["POST"]),
            Route("/api/health", health, methods=["GET"]),
            Route("/api/messages", list_messages, methods=["GET"]),
            Route("/api/messages", clear_messages, methods=["DELETE"]),
            Route("/api/messages/{id}", get_message, methods=["GET"]),
            Route("/", inbox, methods=["GET"]),
            Route("/messages/{id}", message, methods=["GET"]),
            Route("/clear", clear_from_page, methods=["POST"]),
        ]
    )
