"""Stripe's OpenAPI spec (the one stripe-mock embeds) as the sandbox's rule book.

The strictness is data, not hand-written lists: which parameters each endpoint takes, their types,
enums and lengths (`check_request`), which fields every object has (`complete`), and which fields
`expand[]` may replace (`expandable`). The spec lives in the tools dir (devstack/stripe_mock.py
builds it); the sandbox refuses to start without it rather than run lax.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from babel.numbers import list_currencies

from . import forms
from .errors import StripeError, invalid, missing, unknown_parameter

FORM = "application/x-www-form-urlencoded"
_INTEGER = re.compile(r"-?\d+")
_NUMBER = re.compile(r"-?(\d+(\.\d*)?|\.\d+)")


@cache
def _currencies() -> frozenset[str]:
    """ISO 4217 codes, lower-case (the spec's `format: currency` names no list of its own)."""
    return frozenset(code.lower() for code in list_currencies())


def _one_of(values: list[Any]) -> str:
    texts = [str(v) for v in values]
    return ", ".join(texts[:-1]) + f", or {texts[-1]}" if len(texts) > 1 else texts[0]


class Spec:
    def __init__(self, document: dict[str, Any], paths: set[str] | None = None) -> None:
        """`paths`: keep only these operations (the rest of the 8 MB document is dropped)."""
        self.version: str = document["info"]["version"]
        self._schemas: dict[str, Any] = document["components"]["schemas"]
        self._paths: dict[str, Any] = {p: ops for p, ops in document["paths"].items() if paths is None or p in paths}

    @classmethod
    def load(cls, path: Path, paths: set[str] | None = None) -> "Spec":
        if not path.is_file():
            raise FileNotFoundError(
                f"Stripe's OpenAPI spec is missing ({path}). It comes with stripe-mock: run "
                "`make install` (or `python -m devstack install`) first."
            )
        return cls(json.loads(path.read_bytes()), paths)

    # --- schemas --------------------------------------------------------------------------------
    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            schema = self._schemas[schema["$ref"].rsplit("/", 1)[-1]]
        return schema

    def object_schema(self, object_name: str) -> dict[str, Any]:
        return self._schemas[object_name]

    def has_operation(self, method: str, template: str) -> bool:
        return method.lower() in self._paths.get(template, {})

    def request_schema(self, method: str, template: str) -> dict[str, Any]:
        """The parameters of one operation as one object schema (query ones for GET)."""
        operation = self._paths[template][method.lower()]
        if method.upper() in ("GET", "DELETE"):
            return {
                "type": "object",
                "additionalProperties": False,
                "properties": {p["name"]: p["schema"] for p in operation.get("parameters", []) if p["in"] == "query"},
            }
        return operation["requestBody"]["content"][FORM]["schema"]

    # --- requests -------------------------------------------------------------------------------
    def check_request(self, method: str, template: str, params: dict[str, Any]) -> None:
        """Raise Stripe's error for the first parameter the spec does not allow."""
        self._check(self.request_schema(method, template), params, None)

    def _check(self, schema: dict[str, Any], value: Any, name: str | None) -> None:
        schema = self.resolve(schema)
        if "anyOf" in schema:
            errors: list[tuple[dict[str, Any], StripeError]] = []
            for option in schema["anyOf"]:
                try:
                    self._check(option, value, name)
                    return
                except StripeError as error:
                    errors.append((self.resolve(option), error))
            raise self._closest(errors, value)
        kind = schema.get("type")
        if kind == "object" or "properties" in schema:
            self._check_object(schema, value, name)
        elif kind == "array":
            if value == "":
                return  # Stripe: an empty value unsets
            if not isinstance(value, list):
                raise invalid(f"Invalid array: {name} must be an array.", param=name)
            for n, item in enumerate(value):
                self._check(schema.get("items", {}), item, forms.path(name or "", n))
        elif kind in ("string", "integer", "number", "boolean"):
            self._check_scalar(schema, kind, value, name or "")

    def _check_object(self, schema: dict[str, Any], value: Any, name: str | None) -> None:
        if value == "" and name is not None:
            return
        if not isinstance(value, dict):
            raise invalid(f"Invalid object: {name} must be a hash.", param=name)
        properties = schema.get("properties", {})
        # Stripe rejects keys a declared object lacks, nested ones too (stripe-mock only checks
        # where the spec says additionalProperties: false); a free-form object takes any.
        extra = schema.get("additionalProperties", not properties)
        for key, item in value.items():
            child = forms.path(name, key) if name else key
            if key in properties:
                self._check(properties[key], item, child)
            elif isinstance(extra, dict):
                self._check(extra, item, child)
            elif extra is False:
                raise unknown_parameter(child)
        for key in schema.get("required", []):
            if value.get(key) in (None, ""):
                raise missing(forms.path(name, key) if name else key)

    @staticmethod
    def _check_scalar(schema: dict[str, Any], kind: str, value: Any, name: str) -> None:
        if not isinstance(value, str):
            raise invalid(f"Invalid {kind}: {name} must be a {kind}, not a hash or an array.", param=name)
        if value == "" and "enum" not in schema:
            return  # an empty value unsets (the endpoint decides whether it may)
        if kind == "integer" and not _INTEGER.fullmatch(value):
            raise StripeError(f"Invalid integer: {value}", param=name, code="parameter_invalid_integer")
        if kind == "number" and not _NUMBER.fullmatch(value):
            raise invalid(f"Invalid decimal: {value}", param=name)
        if kind == "boolean" and value not in ("true", "false"):
            raise invalid(f"Invalid boolean: {value}", param=name)
        if "enum" in schema and value not in [str(v) for v in schema["enum"]]:
            label = name.rsplit("[", 1)[-1].rstrip("]")
            raise invalid(f"Invalid {label}: must be one of {_one_of(schema['enum'])}", param=name)
        if schema.get("format") == "currency" and value.lower() not in _currencies():
            raise invalid(
                f"Invalid currency: {value}. Stripe currently supports ISO 4217 "
                "currency codes only (https://stripe.com/docs/currencies).",
                param=name,
            )
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            raise invalid(
                f"Invalid string: {value[:20]}...; must be at most {schema['maxLength']} characters", param=name
            )

    @staticmethod
    def _closest(errors: list[tuple[dict[str, Any], StripeError]], value: Any) -> StripeError:
        """Of anyOf's failures, the one from the option shaped like the value (hash, array...)."""
        shape = "object" if isinstance(value, dict) else "array" if isinstance(value, list) else None
        for option, error in errors:
            kind = option.get("type") or ("object" if "properties" in option else None)
            if kind == shape or (shape is None and kind not in ("object", "array") and "enum" not in option):
                return error
        return errors[0][1]

    # --- responses ------------------------------------------------------------------------------
    def complete(self, value: Any, schema: dict[str, Any], depth: int = 0) -> Any:
        """`value` with every field the spec says is always there (required or nullable) that it
        lacks: null if nullable, else an empty list / map / object. Recursive."""
        schema = self.shape_for(value, schema)
        if isinstance(value, dict) and "properties" in schema and depth < 12:
            required = set(schema.get("required", []))
            result = {}
            for key, sub in schema["properties"].items():
                if key in value:
                    result[key] = self.complete(value[key], sub, depth + 1)
                elif key in required or self._nullable(sub):
                    result[key] = self._default(sub, depth + 1)
            result.update({k: v for k, v in value.items() if k not in result})
            return result
        if isinstance(value, list) and "items" in schema:
            return [self.complete(item, schema["items"], depth + 1) for item in value]
        return value

    def complete_object(self, obj: dict[str, Any]) -> dict[str, Any]:
        return self.complete(obj, self.object_schema(obj["object"]))

    def shape_for(self, value: Any, schema: dict[str, Any]) -> dict[str, Any]:
        """The (resolved) schema, or of anyOf's options the one that fits the value."""
        schema = self.resolve(schema)
        if "anyOf" not in schema:
            return schema
        for option in map(self.resolve, schema["anyOf"]):
            if isinstance(value, dict) and "properties" in option:
                names = option["properties"].get("object", {}).get("enum")
                if not names or value.get("object") in names:
                    return option
            if isinstance(value, list) and option.get("type") == "array":
                return option
        return {}

    def _nullable(self, schema: dict[str, Any]) -> bool:
        return bool(schema.get("nullable") or self.resolve(schema).get("nullable"))

    def _default(self, schema: dict[str, Any], depth: int) -> Any:
        if self._nullable(schema):
            return None
        resolved = self.resolve(schema)
        if resolved.get("type") == "array":
            return []
        if "properties" in resolved:
            return self.complete({}, resolved, depth)
        if resolved.get("type") == "object":
            return {}
        return None  # a required scalar the sandbox forgot: the contract test names it

    # --- expand ---------------------------------------------------------------------------------
    def expandable(self, schema: dict[str, Any]) -> list[str]:
        return list(self.resolve(schema).get("x-expandableFields", []))

    def field_schema(self, schema: dict[str, Any], field: str) -> dict[str, Any]:
        """The schema of `field` once expanded (the resource it may become, else itself)."""
        prop = self.resolve(schema).get("properties", {}).get(field, {})
        resources = prop.get("x-expansionResources", {}).get("oneOf")
        return self.resolve(resources[0]) if resources else self.resolve(prop)

    def is_expansion(self, schema: dict[str, Any], field: str) -> bool:
        prop = self.resolve(schema).get("properties", {}).get(field, {})
        return "x-expansionResources" in prop
