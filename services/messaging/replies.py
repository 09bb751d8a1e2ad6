"""The reply every request/reply handler may send instead of its normal answer."""
from __future__ import annotations

from services.errors import DreamsError, NotFound, ValidationFailed
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
        if isinstance(err, NotFound):
            return cls(code="not_found", message=str(err))
        return cls(code=getattr(err, "code", "rejected"), message=str(err),
                   retry_after_s=getattr(err, "retry_after_s", None))

    def to_error(self) -> DreamsError:
        if self.code == "validation":
            return ValidationFailed(self.fields, self.message)
        if self.code == "not_found":
            return NotFound(self.message)
        err = DreamsError(self.message)
        err.code = self.code  # type: ignore[attr-defined]
        err.retry_after_s = self.retry_after_s  # type: ignore[attr-defined]
        return err
