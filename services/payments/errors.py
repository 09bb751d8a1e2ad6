"""Payment errors the UI shows. Each has a stable `code` the UI can branch on."""

from __future__ import annotations

from services.errors import DreamsError


class QuoteExpired(DreamsError):
    """The price lock ran out: the UI offers "refresh price" (a new quote for the same package id)."""

    code = "quote_expired"

    def __init__(self, package_id: str):
        super().__init__("This price is no longer guaranteed. Refresh the price to continue.")
        self.package_id = package_id


class RefundNotAllowed(DreamsError):
    code = "refund_not_allowed"


class TooSoon(DreamsError):
    code = "too_soon"


class LoginRequired(DreamsError):
    code = "login_required"
