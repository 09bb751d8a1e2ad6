"""The users worker: dreams-users commands and queries over the users SQL database."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from functools import partial

from sqlmodel import Session

from services.bootstrap import WORKER_GROUPS, inject, worker_heartbeat, worker_status
from services.clock import utc_now
from services.config import Settings, get_settings
from services.messaging.admin import ensure_topics
from services.messaging.consumer import ConsumerRunner
from services.messaging.kafka_config import consumer_config, request_producer_config
from services.messaging.publisher import Publisher
from services.messaging.topics import DREAMS_USERS
from services.notifications.adapters.sendgrid_sender import SendGridEmailSender
from services.users import handlers as users_handlers
from services.users import outbox
from services.users.db import make_engine, migrate
from services.users.passwords import Passwords
from services.users.throttles import UsersThrottles

log = logging.getLogger(__name__)


def users_worker(settings: Settings | None = None, *, group_id: str = WORKER_GROUPS["users"]) -> ConsumerRunner:
    settings = settings or get_settings()
    engine = make_engine(settings.database_url)
    migrate(engine)
    ensure_topics(settings)
    publisher = Publisher(request_producer_config(settings))  # mostly replies: nobody waits on a linger
    sessions = partial(Session, engine)
    dependencies = {
        "sessions": sessions,
        "hasher": Passwords(),
        "mailer": SendGridEmailSender.from_settings(settings),
        "publish": publisher.publish,
        "clock": utc_now,
        "throttles": UsersThrottles.from_settings(settings, sessions),
        "settings": settings,
        # Work a handler hands off after its reply (password-reset e-mails); two threads keep a burst short.
        "background": ThreadPoolExecutor(max_workers=2, thread_name_prefix="users-background"),
    }
    try:  # events a previous run committed but could not publish
        outbox.flush(sessions, publisher.publish, utc_now)
    except outbox.PublishPending as exc:
        log.warning("outbox not flushed at start (the next command retries): %s", exc)
    return ConsumerRunner(
        consumer_config=consumer_config(settings, group_id),
        topics=[DREAMS_USERS.name],
        handlers=inject(users_handlers.HANDLERS, dependencies),
        publisher=publisher,
        max_attempts=settings.consumer_max_attempts,
        name="users",
        status=worker_status(settings, "users"),
        heartbeat=worker_heartbeat(settings, "users"),
    )
