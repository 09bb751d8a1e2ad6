"""The dependencies users handlers ask for by parameter name (bootstrap binds them; see `inject`).

sessions  () -> sqlmodel Session on the users database
hasher    services.users.passwords.Passwords
mailer    services.notifications.EmailSender
publish   Publisher.publish(topic, envelope, key=...), blocking until Kafka acknowledged
clock     () -> aware UTC datetime (tests pass a fake one to move time)
throttles services.users.throttles.UsersThrottles (log-in, sign-up and resend limits)
settings  services.config.Settings (public_url for links)
"""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session

from services.clock import Clock

SessionFactory = Callable[[], Session]

__all__ = ["Clock", "SessionFactory"]
