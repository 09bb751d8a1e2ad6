"""Stripe's form encoding: `a[b][0][c]=v` <-> nested dicts and lists; typed readers for values."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from .errors import invalid, missing

_KEY = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])*)$")


def parse(pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """Nest `pairs` like Stripe does. Dicts whose keys are all digits (or `[]`) become lists."""
    root: dict[str, Any] = {}
    for raw_key, value in pairs:
        match = _KEY.match(raw_key)
        if not match:
            raise invalid(f"Invalid parameter name: {raw_key}", param=raw_key)
        parts = [match.group(1)] + re.findall(r"\[([^\[\]]*)\]", match.group(2))
        node = root
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            if part == "":  # `expand[]=x`: append
                part = str(sum(1 for k in node if k.isdigit()))
            if last:
                node[part] = value
            else:
                child = node.setdefault(part, {})
                if not isinstance(child, dict):
                    raise invalid(f"Invalid parameter: {raw_key}", param=raw_key)
                node = child
    return _listify(root)


def _listify(node: Any) -> Any:
    if not isinstance(node, dict):
        return node
    converted = {k: _listify(v) for k, v in node.items()}
    if converted and all(k.isdigit() for k in converted):
        return [converted[k] for k in sorted(converted, key=int)]
    return converted


def path(*parts: str | int) -> str:
    """Stripe's name for a nested param: path("line_items", 0, "quantity") -> line_items[0][quantity]."""
    head, *rest = (str(p) for p in parts)
    return head + "".join(f"[{p}]" for p in rest)


def require(params: dict[str, Any], key: str, name: str | None = None) -> Any:
    value = params.get(key)
    if value is None or value == "":
        raise missing(name or key)
    return value


def to_int(value: Any, name: str, minimum: int | None = None, maximum: int | None = None) -> int:
    try:
        number = int(str(value), 10)
    except ValueError:
        raise invalid(f"Invalid integer: {value}", param=name) from None
    if minimum is not None and number < minimum:
        raise invalid(f"This value must be greater than or equal to {minimum}.", param=name)
    if maximum is not None and number > maximum:
        raise invalid(f"This value must be less than or equal to {maximum}.", param=name)
    return number


def to_str(value: Any, name: str, max_length: int | None = None) -> str:
    if not isinstance(value, str):
        raise invalid(f"Invalid string: {value!r}", param=name)
    if max_length is not None and len(value) > max_length:
        raise invalid(f"This value must be at most {max_length} characters long.", param=name)
    return value


def to_dict(value: Any, name: str) -> dict[str, Any]:
    if value == "":
        return {}
    if not isinstance(value, dict):
        raise invalid(f"Invalid object: {name} must be a hash.", param=name)
    return value


def metadata(value: Any, name: str = "metadata") -> dict[str, str]:
    """Stripe metadata: <= 50 keys of <= 40 chars, string values <= 500 chars; "" unsets a key."""
    data = to_dict(value, name) if value is not None else {}
    if len(data) > 50:
        raise invalid("Metadata can have at most 50 keys.", param=name)
    result: dict[str, str] = {}
    for key, item in data.items():
        if len(key) > 40:
            raise invalid(f"Metadata keys must be at most 40 characters long ({key}).", param=path(name, key))
        text = to_str(item, path(name, key), max_length=500)
        if text != "":
            result[key] = text
    return result


def expand_list(params: dict[str, Any]) -> list[str]:
    value = params.get("expand") or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise invalid("Invalid array", param="expand")
    return [str(v) for v in value]
