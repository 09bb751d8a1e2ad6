"""Errors the app shows to people. Each carries a message safe to display."""


class DreamsError(Exception):
    """Base class: `str(err)` is safe to show to a user."""


class ServiceUnavailable(DreamsError):
    """A worker or server did not answer within its timeout."""


class ValidationFailed(DreamsError):
    """Input was rejected; `fields` maps a field name to its message."""

    def __init__(self, fields: dict[str, str], message: str = "Please correct the highlighted fields."):
        super().__init__(message)
        self.fields = fields


class NotFound(DreamsError):
    pass
