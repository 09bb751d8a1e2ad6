"""users-created → Mongo `users`: the gateway's read copy of confirmed users (with their role).

One document per user, `_id` = user id. Every event carries the user's whole public snapshot and
its version; a document is replaced only by a higher version, so the same event delivered twice
leaves one unchanged document and an older event never overwrites a newer one (the conditional
upsert misses, and its insert collides on `_id`, which is how "already newer" shows).
"""
from __future__ import annotations

import logging

from pymongo import ASCENDING
from pymongo.collection import Collection
from pymongo.errors import DuplicateKeyError

from services.messaging.envelope import Envelope
from services.users.events import UserCreated, UserProfileChanged, UserRoleChanged, UserSnapshot

log = logging.getLogger(__name__)

COLLECTION = "users"


def ensure_indexes(users: Collection) -> None:
    users.create_index([("email_normalized", ASCENDING)], unique=True, name="email_normalized_unique")


def document(event: UserSnapshot, envelope: Envelope) -> dict:
    fields = event.model_dump(exclude={"id"})
    return {**fields, "email_normalized": event.email.lower(), "status": "active",
            "projected_event_id": envelope.id, "projected_event_type": envelope.type,
            "event_occurred_at": envelope.occurred_at}


def project_user(event: UserSnapshot, envelope: Envelope, *, users: Collection) -> None:
    try:
        users.update_one({"_id": event.id, "version": {"$lt": event.version}},
                         {"$set": document(event, envelope)}, upsert=True)
    except DuplicateKeyError:
        current = users.find_one({"_id": event.id}, {"version": 1})
        if current is not None and current.get("version", 0) >= event.version:
            log.info("skipped %s v%d of user %s: version %s already projected", envelope.type,
                     event.version, event.id, current.get("version"))
            return
        raise  # another user holds this e-mail: retried, then dead-lettered


HANDLERS = {
    UserCreated: project_user,
    UserProfileChanged: project_user,
    UserRoleChanged: project_user,  # the web reads `role` here on every staff page load and event
}
