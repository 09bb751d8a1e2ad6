"""Fakes for the users handlers: a cheap hasher, a mailer, a publisher, a clock, and `Worker`, which binds
the real handlers to them (also used by the repository tests on PostgreSQL)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import partial

from sqlmodel import Session

from services.config import Settings
from services.errors import ServiceUnavailable
from services.messaging.envelope import Envelope
from services.messaging.registry import Message, wrap
from services.notifications import EmailMessage, EmailSender, MailRejected
from services.users import handlers
from services.users.passwords import Passwords
from services.users.throttles import UsersThrottles

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
CLIENT = "198.51.100.7"  # documentation range (RFC 5737): the commands' client address


class FakeClock:
    def __init__(self, now: datetime = NOW):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


class FakeMailer(EmailSender):
    def __init__(self):
        self.sent: list[EmailMessage] = []
        self.failures = 0  # the next N sends raise ServiceUnavailable
        self.reject = False  # every send raises MailRejected (a 4xx from the mail service)

    def send(self, message: EmailMessage) -> str:
        if self.reject:
            raise MailRejected(400, [{"message": "Does not contain a valid address.", "field": "to"}])
        if self.failures:
            self.failures -= 1
            raise ServiceUnavailable("mail down")
        self.sent.append(message)
        return f"msg-{len(self.sent)}"


@dataclass
class FakePublish:
    published: list[tuple[str, Envelope, str]] = field(default_factory=list)
    failures: int = 0

    def __call__(self, topic: str, envelope: Envelope, *, key: str | None = None):
        if self.failures:
            self.failures -= 1
            raise ServiceUnavailable("kafka down")
        self.published.append((topic, envelope, key))


_BACKGROUND = ThreadPoolExecutor(max_workers=2, thread_name_prefix="test-background")


@dataclass
class Worker:
    """The users handlers bound to fakes, called like the consumer runner calls them."""

    sessions: partial
    mailer: FakeMailer
    publish: FakePublish
    clock: FakeClock
    hasher: Passwords
    settings: Settings

    def deps(self) -> dict:
        return {
            "sessions": self.sessions,
            "hasher": self.hasher,
            "mailer": self.mailer,
            "publish": self.publish,
            "clock": self.clock,
            "settings": self.settings,
            "throttles": UsersThrottles.from_settings(self.settings, self.sessions),
            "background": _BACKGROUND,
        }

    def envelope(self, command: Message) -> Envelope:
        return wrap(command)

    def handle(self, command: Message, envelope: Envelope | None = None):
        from services.bootstrap import inject

        handler = inject(handlers.HANDLERS, self.deps())[type(command)]
        return handler(command, envelope or self.envelope(command))


ADULT = date(1990, 5, 17)


def cheap_hasher() -> Passwords:
    return Passwords(time_cost=1, memory_cost_kib=8, parallelism=1)


def worker_on(engine, hasher: Passwords | None = None) -> Worker:
    return Worker(
        sessions=partial(Session, engine),
        mailer=FakeMailer(),
        publish=FakePublish(),
        clock=FakeClock(),
        hasher=hasher or cheap_hasher(),
        settings=Settings(public_url="https://dreams.example"),
    )
