"""Stripe-shaped errors: `{"error": {"type", "message", "param", "code"}}` with Stripe's HTTP codes.

The SDK picks its exception class from the status and `type` (400/404 -> InvalidRequestError,
401 -> AuthenticationError, 402 -> CardError, idempotency_error -> IdempotencyError).
"""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse


class StripeError(Exception):
    def __init__(
        self,
        message: str,
        *,
        status: int = 400,
        type: str = "invalid_request_error",
        param: str | None = None,
        code: str | None = None,
        decline_code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.type = type
        self.param = param
        self.code = code
        self.decline_code = decline_code

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"type": self.type, "message": self.message}
        for key in ("param", "code", "decline_code"):
            if getattr(self, key) is not None:
                error[key] = getattr(self, key)
        if self.code:
            error["doc_url"] = f"https://stripe.com/docs/error-codes/{self.code.replace('_', '-')}"
        return {"error": error}

    def response(self, headers: dict[str, str] | None = None) -> JSONResponse:
        return JSONResponse(self.body(), status_code=self.status, headers=headers)


def invalid(message: str, param: str | None = None, code: str | None = None) -> StripeError:
    return StripeError(message, param=param, code=code or ("parameter_invalid" if param else None))


def missing(param: str) -> StripeError:
    return StripeError(f"Missing required param: {param}.", param=param, code="parameter_missing")


def not_found(object_name: str, object_id: str, param: str = "id") -> StripeError:
    return StripeError(f"No such {object_name}: '{object_id}'", status=404, param=param, code="resource_missing")


def unknown_parameter(name: str) -> StripeError:
    return StripeError(f"Received unknown parameter: {name}", param=name, code="parameter_unknown")


def authentication(message: str) -> StripeError:
    return StripeError(message, status=401)


def idempotency(message: str) -> StripeError:
    return StripeError(message, type="idempotency_error")


def card_declined(message: str, code: str, decline_code: str | None = None, param: str | None = None) -> StripeError:
    return StripeError(message, status=402, type="card_error", code=code, decline_code=decline_code, param=param)
