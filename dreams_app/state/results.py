"""The results page (/search?…): runs the search on the server, off the event loop, then sorts/filters.

The URL carries the search, the sort and the filters, so a results page can be shared or reloaded.
Searching is CPU-bound (~15 ms, more when cold), so it runs in a thread from a background event.
A counter discards the answer of a search that a newer one has replaced.
"""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import date
from typing import Literal

import reflex as rx

from dreams_app import backend, routes
from dreams_app.i18n import translate
from dreams_app.state import catalog_memo
from dreams_app.state.base import AppState
from dreams_app.state.package_view import card_text, day_text
from dreams_app.state.search_params import params_to_args
from dreams_app.state.stock_view import stock_facts
from services.catalog.place_names import place_name
from services.packages import PackageFilters, message, search_error_keys

logger = logging.getLogger(__name__)

PAGE_SIZE = 24
SORTS = ("price", "duration", "stars")
STOPS = ("any", "0", "1")
STAR_CHOICES = ("2", "3", "4", "5")


def _reais_to_cents(text: str) -> int | None:
    try:
        value = float(str(text).replace(",", "."))
    except ValueError:
        return None
    return int(round(value * 100)) if value >= 0 else None


async def _with_stock(cards: list[dict], needs: list) -> list[dict]:
    """Seats left / sold out per card, in one batched query; unknown (shown as nothing) if it fails."""
    try:
        shown = await backend.services().payments.availability(needs) if needs else []
    except Exception:
        logger.warning("availability unknown for this results page", exc_info=True)
        shown = [None] * len(cards)
    return [{**card, **stock_facts(a)} for card, a in zip(cards, shown, strict=True)]


class ResultsState(AppState):
    status: Literal["idle", "loading", "ready", "invalid", "error"] = "idle"
    sort: str = "price"
    max_stops: str = "any"
    stars: list[str] = []
    price_min: str = ""
    price_max: str = ""
    total: int = 0
    limit: int = PAGE_SIZE
    filters_open: bool = False  # phone only: the panel is always shown on wide screens
    filter_key: int = 0  # remounts the price inputs when filters are cleared
    search_key: str = ""  # which search the page shows (tests and the benchmark wait on it)
    _params: dict[str, str] = {}  # the search part of the URL
    _cards: list[dict] = []  # package_view.card_facts(...) per package
    _error_keys: dict[str, str] = {}
    _seq: int = 0

    @rx.var(cache=True)
    def cards(self) -> list[dict[str, str]]:
        return [card_text(facts, self.lang) for facts in self._cards]

    @rx.var(cache=True)
    def count_text(self) -> str:
        return translate("results.count", self.lang, self.total).format(n=self.total)

    @rx.var
    def has_more(self) -> bool:
        return self.total > len(self._cards)

    @rx.var(cache=True)
    def invalid_messages(self) -> list[str]:
        return [message(key, self.lang) for key in self._error_keys.values()]

    @rx.var(cache=True)
    def summary(self) -> str:
        args = params_to_args(self._params)
        if not (args["origin"] and args["destination"]):
            return ""
        try:
            dates = " – ".join(
                day_text(date.fromisoformat(args[field]), self.lang, "yMMMd") for field in ("departure", "return_date")
            )
        except ValueError:
            dates = ""
        origin, destination = (place_name(args[f].upper(), self.lang) for f in ("origin", "destination"))
        return f"{origin} → {destination} · {dates}"

    @rx.var
    def filters_active(self) -> bool:
        return self.max_stops != "any" or bool(self.stars) or bool(self.price_min) or bool(self.price_max)

    @rx.var
    def change_search_url(self) -> str:
        return routes.home_search_url(self._params)

    # --- URL ↔ state ---------------------------------------------------------------------------

    def _read_url(self) -> None:
        params = dict(self.router.url.query_parameters)
        self._params = {
            key: params[key]
            for key in ("from", "to", "depart", "return", "adults", "children", "infants", "cabin", "rooms")
            if params.get(key)
        }
        self.sort = params.get("sort") if params.get("sort") in SORTS else "price"
        self.max_stops = params.get("stops") if params.get("stops") in STOPS else "any"
        self.stars = [s for s in (params.get("stars") or "").split(",") if s in STAR_CHOICES]
        self.price_min = params.get("pmin", "") if _reais_to_cents(params.get("pmin", "")) is not None else ""
        self.price_max = params.get("pmax", "") if _reais_to_cents(params.get("pmax", "")) is not None else ""
        self.limit = PAGE_SIZE
        self.filter_key += 1

    def _url(self) -> str:
        extra = {
            "sort": "" if self.sort == "price" else self.sort,
            "stops": "" if self.max_stops == "any" else self.max_stops,
            "stars": ",".join(sorted(self.stars)),
            "pmin": self.price_min,
            "pmax": self.price_max,
        }
        return routes.search_url({**self._params, **extra})

    def _filters(self) -> PackageFilters:
        return PackageFilters(
            max_stops=None if self.max_stops == "any" else int(self.max_stops),
            stars=frozenset(int(s) for s in self.stars) or None,
            min_price_cents=_reais_to_cents(self.price_min) if self.price_min else None,
            max_price_cents=_reais_to_cents(self.price_max) if self.price_max else None,
        )

    def _begin(self) -> tuple[int, dict[str, str], PackageFilters, str, int] | None:
        """Marks a new search; None (and the `invalid` status) when the URL's search is not valid."""
        self._seq += 1
        args = params_to_args(self._params)
        self._error_keys = search_error_keys(**args)
        self.search_key = "|".join(
            (
                *args.values(),
                self.sort,
                self.max_stops,
                ",".join(sorted(self.stars)),
                self.price_min,
                self.price_max,
                str(self.limit),
            )
        )
        if self._error_keys:
            self.status, self._cards, self.total = "invalid", [], 0
            return None
        self.status = "loading"
        return self._seq, args, self._filters(), self.sort, self.limit

    async def _search(self, job: tuple[int, dict[str, str], PackageFilters, str, int] | None) -> None:
        if job is None:
            return
        seq, args, filters, sort, limit = job
        try:
            cards, total, needs = await asyncio.to_thread(catalog_memo.search_cards, args, filters, sort, limit)
            cards = await _with_stock(cards, needs)
        except Exception:
            logger.exception("package search failed")
            cards, total = None, 0
        async with self:
            if seq != self._seq:
                return  # a newer search replaced this one
            if cards is None:
                self.status = "error"
                return
            self._cards, self.total, self.status = cards, total, "ready"

    # --- events --------------------------------------------------------------------------------

    @rx.event(background=True)
    async def load(self):
        """on_load: the search (and sort and filters) in the URL."""
        async with self:
            self._read_url()
            job = self._begin()
        await self._search(job)

    @rx.event(background=True)
    async def refresh(self):
        async with self:
            job = self._begin()
        await self._search(job)

    def _changed(self):
        # The address bar follows the choices (no navigation), so reload and share keep them.
        return [
            rx.call_script(f"window.history.replaceState(window.history.state, '', {json.dumps(self._url())})"),
            ResultsState.refresh,
        ]

    @rx.event
    def set_sort(self, value: str):
        self.sort = value if value in SORTS else "price"
        self.limit = PAGE_SIZE
        return self._changed()

    @rx.event
    def set_max_stops(self, value: str):
        self.max_stops = value if value in STOPS else "any"
        self.limit = PAGE_SIZE
        return self._changed()

    @rx.event
    def toggle_star(self, star: str, checked: bool):
        chosen = set(self.stars) - {star}
        if checked and star in STAR_CHOICES:
            chosen.add(star)
        self.stars = sorted(chosen)
        self.limit = PAGE_SIZE
        return self._changed()

    @rx.event
    def apply_prices(self, form: dict):
        low, high = str(form.get("pmin", "")).strip(), str(form.get("pmax", "")).strip()
        self.price_min = low if _reais_to_cents(low) is not None else ""
        self.price_max = high if _reais_to_cents(high) is not None else ""
        self.limit = PAGE_SIZE
        return self._changed()

    @rx.event
    def clear_filters(self):
        self.max_stops, self.stars, self.price_min, self.price_max = "any", [], "", ""
        self.limit = PAGE_SIZE
        self.filter_key += 1
        return self._changed()

    @rx.event
    def toggle_filters(self):
        self.filters_open = not self.filters_open

    @rx.event
    def show_more(self):
        self.limit += PAGE_SIZE
        return ResultsState.refresh
