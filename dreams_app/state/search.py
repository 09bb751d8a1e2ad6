"""The search form on the home page: airport suggestions, inline validation, then the results URL.

The inputs are uncontrolled (the browser keeps what is typed; the form sends it all on submit), so
typing costs no round trip except the debounced airport suggestions. `form_key` remounts the form
when the state fills it (e.g. "Change search" from the results page).
"""

from __future__ import annotations

import asyncio
from datetime import date

import reflex as rx

from dreams_app import routes
from dreams_app.state.base import AppState
from dreams_app.state.search_params import (
    DEFAULTS,
    ERROR_FIELDS,
    FIELD_PARAMS,
    airport_label,
    default_dates,
    form_to_params,
    params_to_args,
    resolve_airport,
    suggestions,
)
from services.packages import message, search_error_keys


_DEPART, _RETURN = default_dates()  # baked into the first render too; prefill refreshes them if stale


class SearchState(AppState):
    origin: str = ""
    destination: str = ""
    departure: str = _DEPART
    return_date: str = _RETURN
    adults: str = DEFAULTS["adults"]
    children: str = DEFAULTS["children"]
    infants: str = DEFAULTS["infants"]
    cabin: str = DEFAULTS["cabin"]
    rooms: str = DEFAULTS["rooms"]
    form_key: int = 0
    origin_options: list[str] = []
    destination_options: list[str] = []
    _error_keys: dict[str, str] = {}  # field → services.packages message key

    @rx.var(cache=True)
    def errors(self) -> dict[str, str]:
        """Every field's message in the visitor's language ("" when fine), so the page can index it."""
        return {
            field: message(self._error_keys[field], self.lang) if field in self._error_keys else ""
            for field in ERROR_FIELDS
        }

    @rx.var
    def has_errors(self) -> bool:
        return bool(self._error_keys)

    @rx.var
    def today(self) -> str:
        return date.today().isoformat()

    @rx.event
    async def suggest_origin(self, text: str):
        self.origin_options = await asyncio.to_thread(suggestions, text, self.lang)

    @rx.event
    async def suggest_destination(self, text: str):
        self.destination_options = await asyncio.to_thread(suggestions, text, self.lang)

    @rx.event
    def prefill(self):
        """Home on_load: fill the form from `?from=…&to=…` (the results page's "Change search")."""
        params = self.router.url.query_parameters
        args = params_to_args(params)
        wanted = {field: args[field] for field in FIELD_PARAMS if params.get(FIELD_PARAMS[field])}
        for field in ("origin", "destination"):
            if field in wanted:
                wanted[field] = airport_label(wanted[field], self.lang)
        if wanted.get("departure", self.departure) < self.today:
            wanted["departure"], wanted["return_date"] = default_dates()
        self._error_keys = {}
        changed = {field: value for field, value in wanted.items() if getattr(self, field) != value}
        if changed:
            # Only remount when the values change: a remount drops whatever is being typed.
            for field, value in changed.items():
                setattr(self, field, value)
            self.form_key += 1

    @rx.event
    def submit(self, form: dict):
        values = {field: str(form.get(field, "") or "").strip() for field in FIELD_PARAMS}
        # Keep what was typed, so a remount never loses it.
        for field, value in values.items():
            setattr(self, field, value)
        resolved = {
            **values,
            "origin": resolve_airport(values["origin"]),
            "destination": resolve_airport(values["destination"]),
        }
        self._error_keys = search_error_keys(**resolved)
        if self._error_keys:
            return None
        return rx.redirect(routes.search_url(form_to_params(resolved)))
