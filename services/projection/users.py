"""users-created → Mongo `users`: the gateway's read copy of confirmed users (with their role).

One document per user, `_id` = user id. Every event carries the user's whole public snapshot and
its version; a document is replaced only by a higher version, so the same event delivered twice
leaves one unchanged document and an older event never overwrites a newer one (the conditional
upsert misses, and its insert collides on `_id`, which is how "already newer" shows).
"""

from __future__ import annotations

import logging
from typing import Any

from pymongo import ASCENDING, UpdateOne
from pymongo.collection import Collection
from pymongo.errors import DuplicateKeyError

from services.messaging.envelope import Envelope
from services.projection.writes import DUPLICATE_KEY, apply_in_order
from services.users.events import UserCreated, UserProfileChanged, UserRoleChanged, UserSnapshot

log = logging.getLogger(__name__)

COLLECTION = "users"


def ensure_indexes(users: Collection) -> None:
    users.create_index([("email_normalized", ASCENDING)], unique=True, name="email_normalized_unique")


def document(event: UserSnapshot, envelope: Envelope) -> dict:
    fields = event.model_dump(exclude={"id"})
    return {
        **fields,
        "email_normalized": event.email.lower(),
        "status": "active",
        "projected_event_id": envelope.id,
        "projected_event_type": envelope.type,
        "event_occurred_at": envelope.occurred_at,
    }


def write(event: UserSnapshot, envelope: Envelope) -> UpdateOne:
    """The one write of an event, for the live handler and the rebuild alike."""
    return UpdateOne(
        {"_id": event.id, "version": {"$lt": event.version}}, {"$set": document(event, envelope)}, upsert=True
    )


def already_newer(users: Collection, event: UserSnapshot) -> bool:
    """After `write` hit a duplicate key: True if this or a newer version is there (a no-op), False if
    another user holds this e-mail."""
    current = users.find_one({"_id": event.id}, {"version": 1})
    return current is not None and current.get("version", 0) >= event.version


def project_user(event: UserSnapshot, envelope: Envelope, *, users: Collection) -> None:
    def conflict(_index: int, error: dict[str, Any]) -> None:
        if not already_newer(users, event):
            # another user holds this e-mail: retried, then dead-lettered. Without the write's `op`: the
            # error text travels into the dead-letter topic, and the op is the whole user (names included).
            details = {k: v for k, v in error.items() if k != "op"}
            raise DuplicateKeyError(error.get("errmsg", "duplicate key"), DUPLICATE_KEY, details)
        log.info(
            "skipped %s v%d of user %s: an equal or newer version is already projected",
            envelope.type,
            event.version,
            event.id,
        )

    apply_in_order(users, [write(event, envelope)], conflict)


HANDLERS = {
    UserCreated: project_user,
    UserProfileChanged: project_user,
    UserRoleChanged: project_user,  # the web reads `role` here on every staff page load and event
}
