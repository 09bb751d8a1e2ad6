"""The travellers step (/booking/<quote id>, logged-in only, the booking's owner only).

The draft lives with the booking on the server (services/payments/bookings.py): every field is
saved on blur and the whole form on submit, and the page's on_load reads it back, so a reload or a
reconnect shows what was typed. Inputs are uncontrolled (typing costs no round trip); `form_key` is
bumped to re-mount them with the loaded values. Errors are message keys from the server's
validation (the only rules), shown next to their field in the tab's language, and never stored:
after a reload they come back on the next submit.
"""

from __future__ import annotations

import logging
from typing import Literal
from urllib.parse import unquote

import reflex as rx

from dreams_app import backend, routes
from dreams_app.i18n import translate
from dreams_app.state.auth import AuthState
from dreams_app.state.checkout import error_key
from dreams_app.state.package_view import summary_text
from services.errors import NotFound, ServiceUnavailable, ValidationFailed
from services.i18n import format_money
from services.packages import Package
from services.payments.errors import QuoteExpired
from services.payments.travellers import CONTACT_FIELDS, PASSENGER_FIELDS, countries
from services.sessions.check import Access

logger = logging.getLogger(__name__)

ID_PREFIX = "tr-"
FORM = "_form"


def field_order(slots: list[str]) -> list[str]:
    return [f"p{i}_{f}" for i in range(len(slots)) for f in PASSENGER_FIELDS] + list(CONTACT_FIELDS)


class TravellersState(AuthState):
    travellers_status: Literal["loading", "ready", "not_found", "paid", "unavailable", "error"] = "loading"
    shown_booking: str = ""
    submit_status: Literal["idle", "submitting"] = "idle"
    form_key: int = 0
    saved_count: int = 0  # bumped per saved draft change (the page's "Rascunho salvo", tests wait on it)
    international: bool = False
    package_id: str = ""
    paid_session: str = ""
    _slots: list[str] = []
    _draft: dict[str, str] = {}
    _errors: dict[str, str] = {}  # field -> travellers.error.* key
    _package: dict = {}
    _total: dict = {}

    def _text(self, field: str) -> str:
        key = self._errors.get(field, "")
        return translate(key, self.lang) if key else ""

    @rx.var
    def rows(self) -> list[dict[str, str]]:
        """One per passenger: its label, field names, values as typed and error texts."""
        seen: dict[str, int] = {}
        out = []
        for i, kind in enumerate(self._slots):
            seen[kind] = seen.get(kind, 0) + 1
            row = {
                "index": str(i),
                "kind": kind,
                "lead": "yes" if i == 0 else "",
                "label": translate(f"travellers.{kind}_n", self.lang).format(n=seen[kind]),
            }
            for f in PASSENGER_FIELDS:
                name = f"p{i}_{f}"
                row[f"n_{f}"], row[f"v_{f}"], row[f"e_{f}"] = name, self._draft.get(name, ""), self._text(name)
            out.append(row)
        return out

    @rx.var
    def contact(self) -> dict[str, str]:
        return {
            **{f"v_{f}": self._draft.get(f, "") for f in CONTACT_FIELDS},
            **{f"e_{f}": self._text(f) for f in CONTACT_FIELDS},
        }

    @rx.var(cache=True)
    def countries(self) -> list[dict[str, str]]:
        return [{"code": c, "name": n} for c, n in countries(self.lang)] if self.international else []

    @rx.var
    def form_error(self) -> str:
        key = self._errors.get(FORM, "")
        return translate(f"travellers.error.{key}", self.lang) if key else ""

    @rx.var(cache=True)
    def trip(self) -> dict[str, str]:
        if not self._package:
            return {}
        package = Package.model_validate(self._package)
        return {
            **summary_text(package, self.lang),
            "total": format_money(self._total["total_cents"], self._total["currency"], self.lang),
        }

    @rx.var
    def package_link(self) -> str:
        return routes.package_url(self.package_id) if self.package_id else routes.home_url()

    @rx.var
    def paid_link(self) -> str:
        return routes.checkout_success_url(self.paid_session) if self.paid_session else ""

    async def _signed_in_user(self):
        """The checked session's user; None when logged out; ServiceUnavailable when nobody could say."""
        result = await self._checked()
        if result.access is Access.UNCHECKED:
            raise ServiceUnavailable("The session could not be checked.", dependency="mongo")
        return result.session.user if result.session else None

    def _login(self):
        return rx.redirect(routes.login_url(routes.booking_url(self.shown_booking)), replace=True)

    @rx.event(background=True)
    async def open(self):
        async with self:
            quote_id = unquote(self.router.url.path.rstrip("/").rsplit("/", 1)[-1])[:100]
            self.shown_booking, self.travellers_status, self.submit_status = quote_id, "loading", "idle"
            self._errors = {}
        try:
            user = await self._signed_in_user()
            if user is None:
                async with self:
                    return self._login()
            booking = await backend.services().bookings.get(quote_id, user.user_id)
        except NotFound:
            async with self:
                self.travellers_status, self._slots, self._package = "not_found", [], {}
            return None
        except ServiceUnavailable:
            async with self:
                self.travellers_status = "unavailable"
            return None
        except Exception:
            logger.exception("booking %s could not be read", quote_id)
            async with self:
                self.travellers_status = "error"
            return None
        async with self:
            if self.shown_booking != quote_id:
                return None
            self._slots, self._draft = list(booking.rules.slots), dict(booking.draft)
            self.international, self.package_id = booking.rules.international, booking.package_id
            self._package = booking.package.model_dump(mode="json")
            self._total = {"total_cents": booking.total_cents, "currency": booking.currency}
            self.paid_session = booking.paid_session_id or ""
            self.travellers_status = "paid" if booking.paid_session_id else "ready"
            self.form_key += 1
        return None

    @rx.event(background=True)
    async def save_field(self, field: str, value: str):
        """On blur: this field into the server's draft (values are never logged)."""
        async with self:
            if self.travellers_status != "ready" or self._draft.get(field) == value:
                return
            quote_id = self.shown_booking
        try:
            user = await self._signed_in_user()
            if user is None:
                return None
            await backend.services().bookings.save_draft(quote_id, user.user_id, {field: value})
        except Exception as exc:  # the submit saves everything again; say nothing mid-typing
            logger.warning("draft of booking %s not saved: %s", quote_id, type(exc).__name__)
            return None
        async with self:
            self._draft = {**self._draft, field: value}
            self.saved_count += 1
        return None

    @rx.event(background=True)
    async def submit(self, form: dict):
        async with self:
            if self.submit_status == "submitting" or self.travellers_status != "ready":
                return None
            self.submit_status, quote_id, locale = "submitting", self.shown_booking, self.lang
            fields = {k: str(v) for k, v in form.items()}
            self._draft = {**self._draft, **fields}
        try:
            user = await self._signed_in_user()
            if user is None:
                async with self:
                    self.submit_status = "idle"
                    return self._login()
            url = await backend.services().bookings.submit(quote_id, user.user_id, fields, user.email, locale)
        except ValidationFailed as exc:
            async with self:
                self._errors, self.submit_status = dict(exc.fields), "idle"
                first = next((f for f in field_order(self._slots) if f in exc.fields), None)
            # By element id: inputs made in a foreach have no compile-time ref for rx.set_focus. `first`
            # is one of field_order's names, never browser input.
            return rx.call_script(f"document.getElementById('{ID_PREFIX}{first}')?.focus()") if first else None
        except Exception as exc:
            async with self:
                self._errors, self.submit_status = {FORM: _error_key(exc)}, "idle"
            return None
        async with self:
            self._errors = {}
        return rx.redirect(url)  # Stripe's page (another host: a full navigation in this tab)


def _error_key(exc: Exception) -> str:
    """The package page's mapping (outage, not found, sold out: the seats went while the form was
    filled in, unexpected and logged), plus the price lock that expired on this step."""
    if isinstance(exc, QuoteExpired):
        return "quote_expired"
    return error_key(exc)
