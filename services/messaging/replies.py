"""The reply every request/reply handler may send instead of its normal answer."""

from __future__ import annotations

from services.errors import DreamsError, NotFound, ServiceUnavailable, ValidationFailed
from services.messaging.registry import Message, message


@message("error", 1)
class ErrorReply(Message):
    code: str  # validation | not_found | conflict | rejected | internal
    message: str  # safe to show to the user
    fields: dict[str, str] = {}
    retry_after_s: int | None = None  # a throttled request: seconds before trying again is worth it

    @classmethod
    def from_error(cls, err: DreamsError) -> "ErrorReply":
        if isinstance(err, ValidationFailed):
            return cls(code="validation", message=str(err), fields=err.fields)
        return cls(code=err.code, message=str(err), retry_after_s=err.retry_after_s)

    def to_error(self) -> DreamsError:
        if self.code == "validation":
            return ValidationFailed(self.fields, self.message)
        if self.code == "not_found":
            return NotFound(self.message)
        if self.code == ServiceUnavailable.code:
            return ServiceUnavailable(self.message)
        return DreamsError(self.message, code=self.code, retry_after_s=self.retry_after_s)
