"""Errors the app shows to people. Each carries a message safe to display."""


class DreamsError(Exception):
    """Base class: `str(err)` is safe to show to a user."""


class ServiceUnavailable(DreamsError):
    """A worker or server did not answer within its timeout. `dependency` names it ("kafka", "mail" …)."""

    dependency: str = "service"

    def __init__(self, message: str = "The service is unavailable right now.", *, dependency: str | None = None):
        super().__init__(message)
        if dependency:
            self.dependency = dependency


class ValidationFailed(DreamsError):
    """Input was rejected; `fields` maps a field name to its message."""

    def __init__(self, fields: dict[str, str], message: str = "Please correct the highlighted fields."):
        super().__init__(message)
        self.fields = fields


class NotFound(DreamsError):
    pass
