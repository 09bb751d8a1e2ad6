"""The /ops page's sections, each one async loader: services → the state fields it sets.

A refresh runs every loader at once (OpsState.refresh). A section's loader never raises: an
outage becomes its own "unavailable" status, so one dead dependency never blanks the others.
Adding a section = a loader here (and in SECTIONS), its fields on OpsState, one component on the page.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from services.errors import ServiceUnavailable

logger = logging.getLogger(__name__)

Loader = Callable[[Any], Awaitable[dict[str, Any]]]  # WebServices → {state field: value}


async def _guarded(name: str, status_field: str, load: Callable[[], Awaitable[dict[str, Any]]]) -> dict[str, Any]:
    try:
        return {**await load(), status_field: "ready"}
    except ServiceUnavailable as exc:
        logger.warning("ops %s unavailable: %s", name, exc)
    except Exception:
        logger.exception("ops %s failed", name)
    return {status_field: "unavailable"}


async def topics(services) -> dict[str, Any]:
    async def load():
        # librdkafka blocks: off the event loop; every broker call inside has a short timeout.
        report = await asyncio.to_thread(services.ops_topics.read)
        return {"_topics": [t.model_dump(mode="json") for t in report.topics]}

    return await _guarded("topics", "topics_status", load)


async def activity(services) -> dict[str, Any]:
    async def load():
        hours = await services.ops_activity.last_day(services.clock())
        return {"_activity": [h.model_dump(mode="json") for h in hours]}

    return await _guarded("activity", "activity_status", load)


async def dead_letters(services) -> dict[str, Any]:
    async def load():
        found = await services.ops.dead_letter_topics()
        held = [t for t in found if t.count]
        newest = await asyncio.gather(*(services.ops.newest_dead_letters(t.name, NEWEST_DEAD_LETTERS) for t in held))
        return {
            "_dlq_topics": [t.model_dump(mode="json") for t in found],
            "_dead_letters": [d.model_dump(mode="json") for letters in newest for d in letters],
        }

    return await _guarded("dead letters", "dlq_status", load)


async def workers(services) -> dict[str, Any]:
    async def load():
        return {"_workers": [w.model_dump(mode="json") for w in await services.ops.workers()]}

    return await _guarded("workers", "workers_status", load)


NEWEST_DEAD_LETTERS = 5  # per dead-letter topic

SECTIONS: tuple[Loader, ...] = (topics, dead_letters, workers, activity)


async def load_all(services) -> dict[str, Any]:
    updates: dict[str, Any] = {}
    for fields in await asyncio.gather(*(section(services) for section in SECTIONS)):
        updates.update(fields)
    return updates
