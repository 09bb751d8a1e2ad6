"""users.password_changed → end the user's web sessions (Mongo `sessions`) created before the change.

The gateway ends them itself as soon as the reset answers; this is the durable second path for the
window where it cannot (the web process died after the worker committed, or Mongo was down then):
the event is in the users worker's outbox, so it arrives at least once. Only sessions created
before `changed_at` go, so a log-in with the new password made meanwhile is kept; a redelivery
deletes nothing more. (Clocks: the worker's `changed_at` is compared with the web app's
`created_at`; hosts are assumed NTP-synchronised.)
"""

from __future__ import annotations

import logging

from pymongo.collection import Collection

from services.messaging.envelope import Envelope
from services.users.reset_messages import PasswordChanged

log = logging.getLogger(__name__)


def end_sessions(event: PasswordChanged, _envelope: Envelope, *, sessions: Collection) -> None:
    result = sessions.delete_many({"user.user_id": event.user_id, "created_at": {"$lt": event.changed_at}})
    log.info("password of user %s changed: %d session(s) ended", event.user_id, result.deleted_count)


HANDLERS = {PasswordChanged: end_sessions}
