"""Mail errors. An unreachable or failing mail service raises `services.errors.ServiceUnavailable`."""

from __future__ import annotations

from typing import Any

from services.errors import DreamsError


class MailRejected(DreamsError):
    """The mail service refused the message (4xx): bad address, bad key, missing field …

    `status` is the HTTP status; `errors` is SendGrid's list of {"message", "field", "help"}.
    """

    def __init__(self, status: int, errors: list[dict[str, Any]]):
        self.status = status
        self.errors = errors
        first = errors[0] if errors else {}
        detail = first.get("message") or "no details"
        field = f" ({first['field']})" if first.get("field") else ""
        super().__init__(f"The e-mail was rejected by the mail service ({status}): {detail}{field}")

    @property
    def messages(self) -> list[str]:
        return [str(e.get("message", "")) for e in self.errors]
