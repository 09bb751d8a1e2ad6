"""The built-in, offline, deterministic catalogue (the default provider)."""

from services.catalog.builtin.provider import BuiltinProvider

__all__ = ["BuiltinProvider"]
