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

from dreams_app import routes
from dreams_app.state.base import AppState
from dreams_app.state.itinerary import ItineraryMixin
from dreams_app.state.search_params import query_to_params
from services.errors import NotFound
from services.packages import Package, rebuild

logger = logging.getLogger(__name__)


def _rebuild_json(package_id: str) -> dict:
    return rebuild(package_id).model_dump(mode="json")


class PackageState(ItineraryMixin, AppState):
    status: Literal["idle", "loading", "ready", "not_found", "error"] = "idle"
    shown_id: str = ""
    _package: dict = {}

    def _itinerary_package(self) -> Package | None:
        return Package.model_validate(self._package) if self._package else None

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
        async with self:
            if self.shown_id == package_id:
                self._package, self.status = data, status
