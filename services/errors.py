"""Errors the app shows to people. Each carries a message safe to display and a stable `code` (a
class attribute; ErrorReply.code on the wire, what the UI branches on and translates by)."""

from __future__ import annotations


class DreamsError(Exception):
    """Base class: `str(err)` is safe to show to a user. `retry_after_s`: seconds before trying
    again is worth it (a throttled request), else None."""

    code: str = "rejected"
    retry_after_s: int | None = None

    def __init__(
        self, message: str = "The request was refused.", *, code: str | None = None, retry_after_s: int | None = None
    ):
        super().__init__(message)
        if code is not None:  # an error rebuilt from the wire keeps the code it was sent with
            self.code = code
        if retry_after_s is not None:
            self.retry_after_s = retry_after_s


class ServiceUnavailable(DreamsError):
    """A worker or server did not answer within its timeout. `dependency` names it ("kafka", "mail" …)."""

    code = "unavailable"
    dependency: str = "service"

    def __init__(self, message: str = "The service is unavailable right now.", *, dependency: str | None = None):
        super().__init__(message)
        if dependency:
            self.dependency = dependency


class ValidationFailed(DreamsError):
    """Input was rejected; `fields` maps a field name to its message."""

    code = "validation"

    def __init__(self, fields: dict[str, str], message: str = "Please correct the highlighted fields."):
        super().__init__(message)
        self.fields = fields


class NotFound(DreamsError):
    code = "not_found"
