"""One package (/package/<id>): rebuilt from its shareable id on the server, in a thread.

The whole package is kept as JSON (`model_dump(mode="json")`); the computed vars format it for the
visitor's locale and recompute when the language changes.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Literal
from urllib.parse import unquote

import reflex as rx

from dreams_app import backend, routes
from dreams_app.state import catalog_memo
from dreams_app.state.base import AppState
from dreams_app.state.itinerary import ItineraryMixin
from dreams_app.state.search_params import query_to_params
from dreams_app.state.stock_view import stock_facts, stock_text
from services.errors import NotFound
from services.inventory import items_for
from services.packages import Package

logger = logging.getLogger(__name__)


def _rebuild_json(package_id: str) -> dict:
    return catalog_memo.package(package_id).model_dump(mode="json")


async def _stock_of(package_id: str) -> dict:
    try:
        [shown] = await backend.services().payments.availability([items_for(catalog_memo.package(package_id))])
    except Exception:
        logger.warning("availability unknown for this package", exc_info=True)
        shown = None
    return stock_facts(shown)


class PackageState(ItineraryMixin, AppState):
    status: Literal["idle", "loading", "ready", "not_found", "error"] = "idle"
    shown_id: str = ""
    _package: dict = {}
    _stock: dict = {}  # stock_view.stock_facts of the shown package

    @rx.var
    def stock(self) -> str:
        return self._stock.get("stock", "unknown")

    @rx.var
    def stock_text(self) -> str:
        return stock_text(self._stock, self.lang)

    @rx.var
    def sold_out(self) -> bool:
        return self._stock.get("stock") == "sold_out"

    def _itinerary_package(self) -> Package | None:
        # The same frozen model for every computed var (and tab) of this id: no re-validation of
        # the JSON per var (ten of them recompute when a package loads).
        if not self._package:
            return None
        try:
            return catalog_memo.package(self.shown_id)
        except NotFound:  # gone from the catalogue since it loaded: the page keeps what it showed
            return Package.model_validate(self._package)

    @rx.var(cache=True)
    def results_url(self) -> str:
        package = self._itinerary_package()
        return routes.search_url(query_to_params(package.query)) if package else routes.home_url()

    @rx.var
    def book_url(self) -> str:
        return routes.login_url(routes.package_url(self.shown_id)) if self.shown_id else routes.login_url("/")

    @rx.event(background=True)
    async def load(self):
        async with self:
            package_id = unquote(self.router.url.path.rstrip("/").rsplit("/", 1)[-1])
            if self.status == "ready" and self.shown_id == package_id:
                return
            self.status, self.shown_id, self._package = "loading", package_id, {}
        try:
            data, status = await asyncio.to_thread(_rebuild_json, package_id), "ready"
        except NotFound:
            data, status = {}, "not_found"
        except Exception:
            logger.exception("package %s could not be rebuilt", package_id)
            data, status = {}, "error"
        stock = await _stock_of(package_id) if data else {}
        async with self:
            if self.shown_id == package_id:
                self._package, self.status, self._stock = data, status, stock
