"""Client for the mail server's JSON API: how tests (and scripts) read the mail the app sent.

box = Mailbox(settings.sendgrid_host)
mail = box.wait_for("ana@example.com", subject_contains="Confirm")
confirm_url = mail.links[0]
"""

from __future__ import annotations

import time

import httpx

from devstack.mailserver.models import StoredMessage


class Mailbox:
    def __init__(self, base_url: str, timeout: float = 5.0):
        self._http = httpx.Client(base_url=base_url.rstrip("/"), timeout=timeout)

    def messages(self, to: str | None = None) -> list[StoredMessage]:
        """Newest first; only those with `to` among the recipients when given."""
        response = self._http.get("/api/messages", params={"to": to} if to else None)
        response.raise_for_status()
        return [StoredMessage.model_validate(m) for m in response.json()]

    def get(self, id_: str) -> StoredMessage:
        response = self._http.get(f"/api/messages/{id_}")
        response.raise_for_status()
        return StoredMessage.model_validate(response.json())

    def clear(self) -> int:
        response = self._http.delete("/api/messages")
        response.raise_for_status()
        return int(response.json()["deleted"])

    def wait_for(self, to: str, *, subject_contains: str = "", timeout: float = 15.0) -> StoredMessage:
        """The newest message to `to` (whose subject contains `subject_contains`), polling until
        it arrives; TimeoutError after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            for message in self.messages(to=to):
                if subject_contains in message.subject:
                    return message
            if time.monotonic() >= deadline:
                raise TimeoutError(f"no e-mail to {to} with {subject_contains!r} in the subject after {timeout:.0f}s")
            time.sleep(0.2)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> "Mailbox":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
