"""The port the rest of the app sends e-mail through; adapters and test fakes subclass it."""

from __future__ import annotations

from abc import ABC, abstractmethod

from services.notifications.messages import EmailMessage


class EmailSender(ABC):
    @abstractmethod
    def send(self, message: EmailMessage) -> str:
        """Hand `message` to the mail service; returns its message id.

        Raises `MailRejected` when the service refuses it and `ServiceUnavailable` when the service
        cannot be reached or fails (worth retrying later).
        """
