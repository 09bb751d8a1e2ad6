"""Typed messages: each pydantic model is registered under a (type, version) pair.

    @message("users.list", 1)
    class ListUsers(Message): ...

`wrap()` turns a model into an envelope and `unwrap()` validates an envelope back into its model,
raising PoisonMessage for an unknown type, an unsupported version or invalid data.
"""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from services.messaging.envelope import Envelope, PoisonMessage, _short

M = TypeVar("M", bound="Message")

_REGISTRY: dict[tuple[str, int], type["Message"]] = {}


class Message(BaseModel):
    """Base of every command, query, reply and event. Behaviour-free data."""

    model_config = ConfigDict(extra="forbid")
    TYPE: ClassVar[str]
    VERSION: ClassVar[int]


def message(type_: str, version: int = 1):
    """Class decorator registering a Message model under (type, version)."""

    def register(cls: type[M]) -> type[M]:
        key = (type_, version)
        if key in _REGISTRY and _REGISTRY[key] is not cls:
            raise ValueError(f"message {type_} v{version} registered twice")
        cls.TYPE, cls.VERSION = type_, version
        _REGISTRY[key] = cls
        return cls

    return register


def wrap(msg: Message, **envelope_fields: Any) -> Envelope:
    return Envelope(type=msg.TYPE, version=msg.VERSION, data=msg.model_dump(mode="json"), **envelope_fields)


def unwrap(env: Envelope) -> Message:
    cls = _REGISTRY.get((env.type, env.version))
    if cls is None:
        known = sorted(v for (t, v) in _REGISTRY if t == env.type)
        if known:
            raise PoisonMessage(f"unsupported version {env.version} of {env.type} (known: {known})")
        raise PoisonMessage(f"unknown message type {env.type!r}")
    try:
        return cls.model_validate(env.data)
    except ValidationError as exc:
        raise PoisonMessage(f"invalid {env.type} v{env.version}: {_short(exc)}") from exc


def registered() -> dict[tuple[str, int], type[Message]]:
    return dict(_REGISTRY)
