"""What every /v1 route shares: API-key auth, Stripe param parsing, idempotency, JSON responses."""
from __future__ import annotations

import base64
import hmac
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import Response

from . import forms
from .config import API_VERSION
from .context import Sandbox
from .errors import StripeError, authentication, idempotency
from .ids import new_id

NO_KEY = ("You did not provide an API key. You need to provide your API key in the Authorization "
          "header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See "
          "https://stripe.com/docs/api#authentication for details.")


@dataclass
class Call:
    sandbox: Sandbox
    params: dict[str, Any]
    path: dict[str, str]
    request_id: str
    idempotency_key: str | None

    @property
    def expand(self) -> list[str]:
        return forms.expand_list(self.params)

    @property
    def request_info(self) -> dict[str, Any]:
        return {"id": self.request_id, "idempotency_key": self.idempotency_key}


Handler = Callable[[Call], dict[str, Any]]


def _authenticate(request: Request, sandbox: Sandbox) -> None:
    header = request.headers.get("authorization", "")
    scheme, _, key = header.partition(" ")
    if scheme.lower() == "basic":  # Stripe also takes the key as the basic-auth user name
        key = base64.b64decode(key.encode()).decode(errors="replace").split(":", 1)[0]
    elif scheme.lower() != "bearer":
        key = ""
    key = key.strip()
    if not key:
        raise authentication(NO_KEY)
    if key.startswith(("sk_live_", "rk_live_")):
        raise authentication("This local Stripe sandbox refuses live-mode API keys. Use your "
                             "sk_test_ key.")
    expected = sandbox.config.api_key.get_secret_value()
    if not hmac.compare_digest(key.encode(), expected.encode()):
        raise authentication(f"Invalid API Key provided: {key[:8]}{'*' * 8}{key[-4:]}")


async def _params(request: Request) -> dict[str, Any]:
    pairs = list(request.query_params.multi_items())
    if request.method == "POST":
        if request.headers.get("content-type", "").startswith("application/json"):
            raise StripeError("Invalid request: the v1 API takes form-encoded parameters "
                              "(application/x-www-form-urlencoded).")
        body = (await request.body()).decode()
        pairs += parse_qsl(body, keep_blank_values=True)
    return forms.parse(pairs)


def stripe_endpoint(sandbox: Sandbox, handler: Handler) -> Callable[[Request], Any]:
    async def endpoint(request: Request) -> Response:
        request_id = new_id("req", 14)
        headers = {"Request-Id": request_id, "Stripe-Version": API_VERSION}
        key = request.headers.get("idempotency-key") if request.method == "POST" else None
        endpoint_name = f"{request.method} {request.url.path}"
        canonical = ""
        try:
            _authenticate(request, sandbox)
            params = await _params(request)
            canonical = json.dumps(params, sort_keys=True)
            if key:
                headers["Idempotency-Key"] = key
                previous = sandbox.store.idempotent_result(key)
                if previous is not None:
                    _check_same_request(key, previous, endpoint_name, canonical)
                    headers["Idempotent-Replayed"] = "true"
                    return Response(previous["body"], previous["status"], headers=headers,
                                    media_type="application/json")
            call = Call(sandbox, params, dict(request.path_params), request_id, key)
            status, body = 200, json.dumps(handler(call), indent=2)
        except StripeError as error:
            status, body = error.status, json.dumps(error.body(), indent=2)
            if status == 401:
                headers["WWW-Authenticate"] = 'Bearer realm="Stripe"'
        # Like Stripe, only requests that ran are remembered (not validation or auth failures).
        if key and (status == 200 or status == 402):
            sandbox.store.save_idempotent_result(key, endpoint_name, canonical, status, body)
        return Response(body, status, headers=headers, media_type="application/json")

    return endpoint


def _check_same_request(key: str, previous: Any, endpoint_name: str, canonical: str) -> None:
    if previous["endpoint"] != endpoint_name:
        raise idempotency(
            f"Keys for idempotent requests can only be used for the same endpoint they were "
            f"first used for ('{previous['endpoint']}' vs '{endpoint_name}'). Try using a key "
            f"other than '{key}' if you meant to execute a different request.")
    if previous["params"] != canonical:
        raise idempotency(
            f"Keys for idempotent requests can only be used with the same parameters they were "
            f"first used with. Try using a key other than '{key}' if you meant to execute a "
            f"different request.")


def paginate(call: Call, items: list[dict[str, Any]], url: str) -> dict[str, Any]:
    """Stripe list pagination (newest first): limit 1..100, starting_after / ending_before."""
    limit = forms.to_int(call.params.get("limit", 10), "limit", minimum=1, maximum=100)
    ids = [i["id"] for i in items]
    if call.params.get("starting_after"):
        after = call.params["starting_after"]
        items = items[ids.index(after) + 1:] if after in ids else []
        page, has_more = items[:limit], len(items) > limit
    elif call.params.get("ending_before"):
        before = call.params["ending_before"]
        items = items[:ids.index(before)] if before in ids else []
        page, has_more = items[-limit:], len(items) > limit
    else:
        page, has_more = items[:limit], len(items) > limit
    return {"object": "list", "data": page, "has_more": has_more, "url": url}
