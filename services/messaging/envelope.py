"""The one message format on every topic: a JSON envelope validated by pydantic.

    {"type": "users.list", "version": 1, "id": "...", "occurred_at": "...",
     "correlation_id": null, "reply_to": null, "data": {...}}

Request/reply fields live in the envelope (not in Kafka headers), so a message is self-describing
wherever it is logged or dead-lettered. `data` is validated against the model registered for
(type, version) — see `registry.py`.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError


class PoisonMessage(Exception):
    """A message that can never be handled (bad JSON, unknown type or version, invalid data)."""


def new_id() -> str:
    return uuid.uuid4().hex


class Envelope(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    type: str = Field(min_length=1, max_length=100)
    version: int = Field(ge=1)
    id: str = Field(default_factory=new_id, min_length=1, max_length=100)
    occurred_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    correlation_id: str | None = None
    reply_to: str | None = None
    data: dict[str, Any] = Field(default_factory=dict)

    def encode(self) -> bytes:
        return self.model_dump_json().encode()

    @classmethod
    def decode(cls, raw: bytes | None) -> "Envelope":
        if not raw:
            raise PoisonMessage("empty message")
        try:
            return cls.model_validate_json(raw)
        except ValidationError as exc:
            raise PoisonMessage(f"not a valid envelope: {_short(exc)}") from exc


def _short(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(map(str, e['loc'])) or 'body'}: {e['msg']}" for e in exc.errors()[:5])
