"""What every /v1 route shares: API-key auth, Stripe param parsing and checking against the
spec's operation, idempotency, JSON responses, list pagination and `created[...]` filters."""

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

from . import forms, objects
from .config import API_VERSION
from .context import Sandbox
from .errors import StripeError, authentication, idempotency, invalid
from .ids import new_id

MAX_IDEMPOTENCY_KEY = 255  # Stripe's limit
NO_KEY = (
    "You did not provide an API key. You need to provide your API key in the Authorization "
    "header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See "
    "https://stripe.com/docs/api#authentication for details."
)


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

    def render(self, obj: dict[str, Any]) -> dict[str, Any]:
        return objects.render(self.sandbox, obj, self.expand)


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
        raise authentication("This local Stripe sandbox refuses live-mode API keys. Use your sk_test_ key.")
    expected = sandbox.config.api_key.get_secret_value()
    if not hmac.compare_digest(key.encode(), expected.encode()):
        raise authentication(f"Invalid API Key provided: {key[:8]}{'*' * 8}{key[-4:]}")


async def _params(request: Request) -> dict[str, Any]:
    pairs = list(request.query_params.multi_items())
    if request.method == "POST":
        if request.headers.get("content-type", "").startswith("application/json"):
            raise StripeError(
                "Invalid request: the v1 API takes form-encoded parameters (application/x-www-form-urlencoded)."
            )
        body = (await request.body()).decode()
        pairs += parse_qsl(body, keep_blank_values=True)
    return forms.parse(pairs)


def _check_idempotency_key(key: str | None) -> None:
    if key is not None and len(key) > MAX_IDEMPOTENCY_KEY:
        raise invalid(
            f"Invalid idempotency key: keys for idempotent requests can be at most "
            f"{MAX_IDEMPOTENCY_KEY} characters long (got {len(key)})."
        )


def stripe_endpoint(sandbox: Sandbox, handler: Handler, template: str) -> Callable[[Request], Any]:
    """`template`: the spec's path of this operation, whose parameters the request must fit."""

    async def endpoint(request: Request) -> Response:
        request_id = new_id("req", 14)
        headers = {"Request-Id": request_id, "Stripe-Version": API_VERSION}
        key = request.headers.get("idempotency-key") if request.method == "POST" else None
        endpoint_name = f"{request.method} {request.url.path}"
        canonical = ""
        try:
            _authenticate(request, sandbox)
            _check_idempotency_key(key)
            params = await _params(request)
            sandbox.spec.check_request(request.method, template, params)
            canonical = json.dumps(params, sort_keys=True)
            if key:
                headers["Idempotency-Key"] = key
                previous = sandbox.store.idempotent_result(key)
                if previous is not None:
                    _check_same_request(key, previous, endpoint_name, canonical)
                    headers["Idempotent-Replayed"] = "true"
                    return Response(
                        previous["body"], previous["status"], headers=headers, media_type="application/json"
                    )
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
            f"other than '{key}' if you meant to execute a different request."
        )
    if previous["params"] != canonical:
        raise idempotency(
            f"Keys for idempotent requests can only be used with the same parameters they were "
            f"first used with. Try using a key other than '{key}' if you meant to execute a "
            f"different request."
        )


def _created_filter(value: Any) -> Callable[[dict[str, Any]], bool]:
    """Stripe's `created=<t>` or `created[gt|gte|lt|lte]=<t>` (the spec already checked the form)."""
    if value in (None, ""):
        return lambda _: True
    if not isinstance(value, dict):
        return lambda item: item["created"] == int(value)
    bounds = {op: int(v) for op, v in value.items() if v != ""}
    tests = {"gt": lambda c, t: c > t, "gte": lambda c, t: c >= t, "lt": lambda c, t: c < t, "lte": lambda c, t: c <= t}
    return lambda item: all(tests[op](item["created"], t) for op, t in bounds.items())


def paginate(call: Call, items: list[dict[str, Any]], url: str, object_name: str) -> dict[str, Any]:
    """Stripe list pagination (newest first): limit 1..100, starting_after / ending_before,
    `created` filters; each item rendered like a retrieve (with `expand[]=data.<field>`)."""
    limit = forms.to_int(call.params.get("limit") or 10, "limit", minimum=1, maximum=100)
    items = [i for i in items if _created_filter(call.params.get("created"))(i)]
    ids = [i["id"] for i in items]
    if call.params.get("starting_after"):
        after = call.params["starting_after"]
        items = items[ids.index(after) + 1 :] if after in ids else []
        page, has_more = items[:limit], len(items) > limit
    elif call.params.get("ending_before"):
        before = call.params["ending_before"]
        items = items[: ids.index(before)] if before in ids else []
        page, has_more = items[-limit:], len(items) > limit
    else:
        page, has_more = items[:limit], len(items) > limit
    return objects.render_list(call.sandbox, page, url, has_more, call.expand, object_name)
