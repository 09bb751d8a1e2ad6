"""The operations page (/ops, staff only): refreshes itself while it is open.

The page renders an invisible `rx.moment(interval=…)`; every tick calls `tick` → `refresh`, and
leaving the page (or closing the tab) unmounts it, so the ticks stop with it — no loop left
running on the server. Every refresh starts with the staff check (dreams_app/state/staff.py) and
skips a tick while the previous refresh is still running (a dead broker takes seconds to say so).
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Literal

import reflex as rx

from dreams_app import backend
from dreams_app.i18n import translate
from dreams_app.state.ops_sections import load_all
from dreams_app.state.staff import StaffState
from services.i18n import format_datetime
from services.ops.topics import PartitionOffsets, partition_lag
from services.sessions.access import StaffAccess

REFRESH_MS = 4000
_STALE_REFRESH_S = 30  # a refresh older than this is presumed lost (e.g. a restart) and may run again

Status = Literal["loading", "ready", "unavailable"]


def topic_rows(topics: list[dict], none_text: str) -> list[dict[str, str]]:
    rows = []
    for topic in topics:
        groups = ", ".join(f"{g['group']}: {g['lag']}" for g in topic["groups"]) or none_text
        rows.append(
            {
                "name": topic["name"],
                "partitions": str(len(topic["partitions"])),
                "end_total": str(sum(p["end"] for p in topic["partitions"])),
                "groups": groups,
            }
        )
    return rows


def partition_rows(topics: list[dict]) -> list[dict[str, str]]:
    rows = []
    for topic in topics:
        for p in topic["partitions"]:
            offsets = PartitionOffsets.model_validate(p)
            # committed's keys are strings once the report went through JSON
            lags = ", ".join(
                f"{g['group']}: {partition_lag(offsets, g['committed'].get(str(p['partition'])))}"
                for g in topic["groups"]
            )
            rows.append(
                {
                    "key": f"{topic['name']}/{p['partition']}",
                    "topic": topic["name"],
                    "partition": str(p["partition"]),
                    "start": str(p["start"]),
                    "end": str(p["end"]),
                    "lags": lags or "—",
                }
            )
    return rows


class OpsState(StaffState):
    # Section "topics and lag" (services/ops/topics.py)
    topics_status: Status = "loading"
    _topics: list[dict] = []  # TopicReport.model_dump(mode="json")
    # Section "activity" (services/ops/activity.py)
    activity_status: Status = "loading"
    _activity: list[dict] = []  # HourActivity.model_dump(mode="json")

    _refreshed_at: str = ""  # ISO time of the last refresh
    _refresh_started: float = 0.0

    def _forget(self) -> None:
        self._topics, self._activity, self._refreshed_at = [], [], ""
        self.topics_status = self.activity_status = "loading"

    @rx.var(cache=True)
    def topic_rows(self) -> list[dict[str, str]]:
        return topic_rows(self._topics, translate("ops.no_groups", self.lang))

    @rx.var(cache=True)
    def partition_rows(self) -> list[dict[str, str]]:
        return partition_rows(self._topics)

    @rx.var(cache=True)
    def activity_rows(self) -> list[dict[str, str | int]]:
        return [
            {
                "hour": datetime.fromisoformat(h["hour"]).strftime("%H:00"),
                "signups": h["signups"],
                "purchases": h["purchases"],
            }
            for h in self._activity
        ]

    @rx.var(cache=True)
    def activity_totals(self) -> str:
        return translate("ops.activity_totals", self.lang).format(
            signups=sum(h["signups"] for h in self._activity), purchases=sum(h["purchases"] for h in self._activity)
        )

    @rx.var(cache=True)
    def refreshed_text(self) -> str:
        if not self._refreshed_at:
            return ""
        when = format_datetime(datetime.fromisoformat(self._refreshed_at), "UTC", self.lang, "HH:mm:ss") + " UTC"
        return translate("ops.refreshed", self.lang).format(time=when)

    @rx.event(background=True)
    async def tick(self, _content: str = ""):
        """Each interval of the page's rx.moment (its on_change passes the rendered time)."""
        return await self._refresh()

    @rx.event(background=True)
    async def refresh(self):
        """on_load and the retry buttons."""
        return await self._refresh()

    async def _refresh(self):
        async with self:
            if time.time() - self._refresh_started < _STALE_REFRESH_S:
                return None  # the previous refresh is still running
            self._refresh_started = time.time()
        try:
            access = await self._staff_gate()
            if access is not StaffAccess.ALLOWED:
                return await self._refused(access)
            services = backend.services()
            updates = await load_all(services)
            async with self:
                for field, value in updates.items():
                    setattr(self, field, value)
                self._refreshed_at = services.clock().isoformat()
            return None
        finally:
            async with self:
                self._refresh_started = 0.0
