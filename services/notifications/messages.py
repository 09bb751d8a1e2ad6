"""What the app asks to send: one e-mail, with a text body and (usually) an HTML body."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator


class EmailMessage(BaseModel):
    """Recipient syntax is left to the mail service (SendGrid answers 400 -> `MailRejected`);
    addresses were validated where people typed them."""

    model_config = ConfigDict(frozen=True)

    to: list[str] = Field(min_length=1)
    subject: str = Field(min_length=1)
    text: str = Field(min_length=1)
    html: str | None = None
    reply_to: str | None = None
    categories: list[str] = []  # SendGrid categories, e.g. ["confirmation"]: filterable in its stats
    custom_args: dict[str, str] = {}  # echoed back by SendGrid's event webhook, e.g. {"user_id": "..."}

    @field_validator("to", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    @field_validator("to")
    @classmethod
    def _stripped(cls, value: list[str]) -> list[str]:
        cleaned = [v.strip() for v in value]
        if not all(cleaned):
            raise ValueError("recipient addresses must not be empty")
        return cleaned
