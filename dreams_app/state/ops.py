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
from services.errors import DreamsError
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


def _when(value: str | None, lang: str) -> str:
    return format_datetime(datetime.fromisoformat(value), "UTC", lang, "dd/MM HH:mm:ss") if value else "—"


def dead_letter_rows(letters: list[dict], lang: str) -> list[dict[str, str]]:
    return [
        {
            "key": f"{d['dlq_topic']}/{d['partition']}/{d['offset']}",
            "dlq_topic": d["dlq_topic"],
            "partition": str(d["partition"]),
            "offset": str(d["offset"]),
            "origin": f"{d['original_topic']}[{d['original_partition']}]@{d['original_offset']}",
            "error": d["error"],
            "attempts": str(d["attempts"] if d["attempts"] is not None else "—"),
            "replays": str(d["replays"]),
            "failed_at": _when(d["failed_at"], lang),
            "replayed_at": _when(d.get("replayed_at"), lang) if d.get("replayed_at") else "",
            "preview": d["preview"],
        }
        for d in letters
    ]


def worker_rows(workers: list[dict], lang: str) -> list[dict[str, str]]:
    rows = []
    for w in workers:
        last = w.get("last_message")
        rows.append(
            {
                "id": w["worker_id"],
                "worker": w["worker"],
                "state": w["state"],
                "pid": str(w["pid"]),
                "host": w["host"],
                "version": w["version"],
                "started_at": _when(w["started_at"], lang),
                "beat_at": _when(w["beat_at"], lang),
                "last_message": f"{last['topic']}[{last['partition']}]@{last['offset']}" if last else "—",
                "partitions": ", ".join(w["partitions"]) or "—",
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

    # Section "dead letters" (services/ops/dead_letters.py, replay.py)
    dlq_status: Status = "loading"
    _dlq_topics: list[dict] = []  # DeadLetterTopic.model_dump(mode="json")
    _dead_letters: list[dict] = []  # DeadLetter.model_dump(mode="json"), newest first per topic
    replay_result: str = ""  # what the last replay did (ReplayResult.line()), or why it could not
    # Section "workers" (services/ops/heartbeats.py)
    workers_status: Status = "loading"
    _workers: list[dict] = []  # WorkerHeartbeat.model_dump(mode="json"), up ones first

    _refreshed_at: str = ""  # ISO time of the last refresh
    _refresh_started: float = 0.0

    def _forget(self) -> None:
        self._topics, self._activity, self._refreshed_at = [], [], ""
        self._dlq_topics, self._dead_letters, self._workers, self.replay_result = [], [], [], ""
        self.topics_status = self.activity_status = self.dlq_status = self.workers_status = "loading"

    @rx.var(cache=True)
    def dlq_topic_rows(self) -> list[dict[str, str]]:
        return [
            {"name": t["name"], "original": t["original_topic"], "count": str(t["count"])} for t in self._dlq_topics
        ]

    @rx.var(cache=True)
    def dead_letter_rows(self) -> list[dict[str, str]]:
        return dead_letter_rows(self._dead_letters, self.lang)

    @rx.var(cache=True)
    def worker_rows(self) -> list[dict[str, str]]:
        return worker_rows(self._workers, self.lang)

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
    async def replay_one(self, dlq_topic: str, partition: str, offset: str):
        """The dead-letter row's "Replay" button (staff check first, like every event here)."""
        return await self._replay(lambda ops, by: ops.replay_one(dlq_topic, int(offset), int(partition), by=by))

    @rx.event(background=True)
    async def replay_all(self, dlq_topic: str):
        return await self._replay(lambda ops, by: ops.replay_all(dlq_topic, by=by))

    async def _replay(self, run):
        access = await self._staff_gate()
        if access is not StaffAccess.ALLOWED:
            return await self._refused(access)
        async with self:
            by = self._user.get("email") or self._user.get("id") or "staff"
        try:
            done = await run(backend.services().ops, by)
            results = done if isinstance(done, list) else [done]
            text = "\n".join(r.line() for r in results) or translate("ops.replay_nothing", self.lang)
        except DreamsError as exc:
            text = str(exc)
        async with self:
            self.replay_result = text
        return await self._refresh()

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
