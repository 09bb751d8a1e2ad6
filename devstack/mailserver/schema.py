"""SendGrid's published `mail/send` request schema (sendgrid_spec/, unchanged files) as a validator.

The OpenAPI files refer to each other as `../../components/schemas.json#/…`; `referencing` resolves
those against the vendored copies. Three spots of the published schema disagree with the live API
and are patched here (`_patched`), not in the files:
- top-level `subject` and `content` are listed as required, but SendGrid lifts them when a
  template_id is given or every personalization has a subject (validation.py checks that rule);
- top-level `custom_args` is typed `string`, but the API (and the official SDK) send an object of
  strings, like the personalization-level one;
- the error body's `help` is typed `object`, but SendGrid answers a URL string or null.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC_DIR = Path(__file__).parent / "sendgrid_spec"
# Where mail_send.json sits in SendGrid's repository layout, so its `../../components/` refs resolve.
_BASE = "https://github.com/sendgrid/sendgrid-oai/"
_MAIL_SEND = f"{_BASE}paths/mail/mail_send.json"
_COMPONENTS = f"{_BASE}components/"


def _load(name: str) -> Any:
    return json.loads((SPEC_DIR / name).read_text(encoding="utf-8"))


def _registry() -> Registry:
    return Registry().with_resources(
        (f"{_COMPONENTS}{name}", Resource.from_contents(_load(name), default_specification=DRAFT202012))
        for name in ("schemas.json", "responses.json")
    )


def _patched(schema: dict) -> dict:
    schema = copy.deepcopy(schema)
    schema["required"] = [r for r in schema["required"] if r not in ("subject", "content")]
    schema["properties"]["custom_args"] = {"type": "object", "additionalProperties": {"type": "string"}}
    return schema


def request_schema() -> dict:
    """The request body's JSON schema as published, with the patches above."""
    post = _load("mail_send.json")["mail_send"]["post"]
    published = post["requestBody"]["content"]["application/json"]["schema"]
    return {"$id": _MAIL_SEND, **_patched(published)}


def error_schema() -> dict:
    """The 400/413 answer's schema (responses.json -> schemas.json), with `help` as SendGrid sends it."""
    schema = copy.deepcopy(_load("schemas.json")["global_error_response_schema"])
    item = schema["properties"]["errors"]["items"]
    item["properties"]["help"] = {"type": ["string", "null"]}
    item["properties"]["field"] = {"type": ["string", "null"]}  # OpenAPI's `nullable`, in JSON Schema
    return schema


def format_checker(is_email) -> FormatChecker:
    checker = FormatChecker(formats=())
    checker.checks("email")(is_email)
    return checker


@cache
def request_validator(is_email) -> Draft202012Validator:
    return Draft202012Validator(request_schema(), registry=_registry(), format_checker=format_checker(is_email))


def property_order() -> list[str]:
    """Top-level fields in the schema's order: errors are reported in it, as SendGrid does."""
    return list(request_schema()["properties"])
