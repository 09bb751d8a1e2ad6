"""SendGrid v3 `mail/send` payload checks: the published JSON schema plus the documented limits it
cannot express, answered with SendGrid's messages and `field` paths.

Two layers, both always run so that every problem is reported at once:
- `schema.py`: the published schema (types, required fields, maxItems, enums, e-mail formats …);
- `_RULES` below: what the API documents beyond the schema — at least one personalization and one
  `to`, unique addresses, ≤ 1,000 recipients per personalization, subject/content unless a template
  or per-personalization subjects stand in, text/plain before text/html, base64 attachments,
  reserved headers, send_at ≤ 72 h ahead, custom_args ≤ 10,000 bytes, reply_to xor reply_to_list.
Where a rule and the schema speak about the same field, the rule's (SendGrid's own) wording wins.
The 30 MB body limit (413) is checked on the raw bytes, before parsing (`MAX_BODY_BYTES`).
"""

from __future__ import annotations

import base64
import binascii
import json
import time
from collections.abc import Callable, Iterator
from typing import Any

from email_validator import EmailNotValidError, validate_email
from jsonschema import ValidationError

from devstack.mailserver import schema

HELP = "http://sendgrid.com/docs/API_Reference/Web_API_v3/Mail/errors.html"
MAX_BODY_BYTES = 30 * 1024 * 1024  # "The total size of your email, including attachments, must be less than 30MB."
MAX_PERSONALIZATIONS = 1000
MAX_RECIPIENTS = 1000  # to + cc + bcc of one personalization
MAX_CUSTOM_ARGS_BYTES = 10_000
MAX_SCHEDULE_S = 72 * 3600
RESERVED_HEADERS = frozenset(
    h.lower()
    for h in (
        "x-sg-id",
        "x-sg-eid",
        "received",
        "dkim-signature",
        "Content-Type",
        "Content-Transfer-Encoding",
        "To",
        "From",
        "Subject",
        "Reply-To",
        "CC",
        "BCC",
    )
)

Error = dict[str, Any]


def error(message: str, field: str | None = None, help_anchor: str | None = None) -> Error:
    return {"message": message, "field": field, "help": f"{HELP}#{help_anchor}" if help_anchor else None}


def too_large() -> Error:
    return error("The size of your email, including attachments, must be less than 30MB.", None, "message.size")


def is_valid_address(value: Any) -> bool:
    if not isinstance(value, str) or not value.strip():
        return False
    try:
        # test_environment: accept `*.test` addresses (our fixtures); no DNS lookups, ever.
        validate_email(value, check_deliverability=False, test_environment=True)
    except EmailNotValidError:
        return False
    return True


def validate_send(body: Any, now: float | None = None) -> list[Error]:
    """Every problem found in a `POST /v3/mail/send` body; empty when it would be accepted."""
    if not isinstance(body, dict):
        return [error("Bad Request", None)]
    body = _without_nulls(body)  # SendGrid reads `"subject": null` as no subject, not a wrong type
    now = time.time() if now is None else now
    found = [e for rule in _RULES for e in rule(body, now)]
    covered = [e["field"] for e in found]
    found += [e for e in map(_from_schema, _schema_errors(body)) if not _overlaps(e["field"], covered)]
    order = {name: i for i, name in enumerate(schema.property_order())}
    return sorted(found, key=lambda e: order.get((e["field"] or "").split(".")[0], -1))


# --- the published schema -------------------------------------------------------------------------


def _schema_errors(body: dict) -> Iterator[ValidationError]:
    return schema.request_validator(is_valid_address).iter_errors(body)


def _from_schema(exc: ValidationError) -> Error:
    path = [str(p) for p in exc.absolute_path]
    if exc.validator == "required":
        path.append(next(n for n in exc.validator_value if n not in exc.instance and repr(n) in exc.message))
    field = ".".join(path)
    name = path[-1] if path else "body"
    anchor = "message." + ".".join(p for p in path if not p.isdigit()) if path else None
    return error(_message(exc, field, name), field or None, anchor)


_JSON_TYPES = {
    dict: "object",
    list: "array",
    str: "string",
    bool: "boolean",
    int: "integer",
    float: "number",
    type(None): "null",
}


def _message(exc: ValidationError, field: str, name: str) -> str:
    v, limit = exc.validator, exc.validator_value
    if v == "required":
        return f"The {name} parameter is required."
    if v == "type":
        return f"Invalid type. Expected: {limit}, given: {_JSON_TYPES.get(type(exc.instance), 'unknown')}."
    if v == "format":
        return "Does not contain a valid address."
    if v == "maxItems":
        return f"The {field} field cannot have more than {limit} items."
    if v == "uniqueItems":
        return f"The {field} field must not contain the same item twice."
    if v == "minLength":
        return f"The {field} must be a string at least {limit} character(s) in length."
    if v == "maxLength":
        return f"The {field} must be a string at most {limit} characters in length."
    if v == "maxProperties":
        return f"The {field} field cannot have more than {limit} keys."
    if v == "enum":
        return f"The {field} must be one of: {', '.join(map(str, limit))}."
    return f"The {field or 'request body'} is invalid: {exc.message}"


def _overlaps(field: str | None, covered: list[str | None]) -> bool:
    """True if a rule already reported this field, or something inside it (or the field it is in)."""
    f = field or ""
    return any(c is not None and (f == c or f.startswith(c + ".") or c.startswith(f + ".")) for c in covered)


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


# --- what the documentation adds to the schema ----------------------------------------------------


def _personalizations(body: dict, now: float) -> Iterator[Error]:
    items = body.get("personalizations")
    if not isinstance(items, list) or not items:
        yield error(
            "The personalizations field is required and must have at least one personalization.",
            "personalizations",
            "message.personalizations",
        )
        return
    if len(items) > MAX_PERSONALIZATIONS:
        yield error(
            "The personalizations field cannot have more than 1000 personalizations.",
            "personalizations",
            "message.personalizations",
        )
        return
    for i, item in enumerate(items):
        if isinstance(item, dict):
            yield from _personalization(item, f"personalizations.{i}", now)


def _personalization(item: dict, path: str, now: float) -> Iterator[Error]:
    to = item.get("to")
    if not isinstance(to, list) or not to:
        yield error(
            "The to array is required for all personalization objects, and must have at least one "
            "email object with a valid email address.",
            f"{path}.to",
            "message.personalizations.to",
        )
    lists = {kind: item[kind] for kind in ("to", "cc", "bcc") if isinstance(item.get(kind), list)}
    if sum(map(len, lists.values())) > MAX_RECIPIENTS:
        yield error(
            f"The total number of recipients (to, cc and bcc) in a personalization must be {MAX_RECIPIENTS} or fewer.",
            path,
            "message.recipient_errors",
        )
        return
    seen: set[str] = set()
    for kind, recipients in lists.items():
        for j, recipient in enumerate(recipients):
            email = recipient.get("email") if isinstance(recipient, dict) else None
            if not is_valid_address(email):
                yield error(
                    "Does not contain a valid address.", f"{path}.{kind}.{j}.email", f"message.personalizations.{kind}"
                )
            elif email.lower() in seen:
                yield error(
                    "Each email address in the personalization block should be unique between to, "
                    "cc, and bcc. We found the first duplicate instance of "
                    f"[{email}] in the {path}.{kind} field.",
                    f"{path}.{kind}",
                    "message.recipient_errors",
                )
            else:
                seen.add(email.lower())
    yield from _headers(item.get("headers"), f"{path}.headers")
    yield from _custom_args(item.get("custom_args"), f"{path}.custom_args")
    yield from _send_at(item.get("send_at"), f"{path}.send_at", now)


def _sender(body: dict, now: float) -> Iterator[Error]:
    sender = body.get("from")
    email = sender.get("email") if isinstance(sender, dict) else None
    if not email:
        yield error(
            "The from object must be provided for every email send. It is an object that requires "
            "the email parameter, but may also contain a name parameter.  e.g. "
            '{"email" : "example@example.com"}  or {"email" : "example@example.com", '
            '"name" : "Example Recipient"}.',
            "from.email",
            "message.from",
        )
    elif not is_valid_address(email):
        yield error("The from email does not contain a valid address.", "from.email", "message.from")
    if "reply_to" in body and "reply_to_list" in body:
        yield error("reply_to is mutually exclusive with reply_to_list.", "reply_to_list", "message.reply_to_list")
    reply_to = body.get("reply_to")
    if reply_to is not None and not (isinstance(reply_to, dict) and is_valid_address(reply_to.get("email"))):
        yield error("The reply_to email does not contain a valid address.", "reply_to.email", "message.reply_to")


def _subject(body: dict, now: float) -> Iterator[Error]:
    if _nonempty(body.get("subject")) or body.get("template_id"):
        return
    items = body.get("personalizations")
    if isinstance(items, list) and items and all(isinstance(p, dict) and _nonempty(p.get("subject")) for p in items):
        return
    yield error(
        "The subject is required. You can get around this requirement if you use a template with a "
        "subject defined or if every single personalization has a subject defined.",
        "subject",
        "message.subject",
    )


def _content(body: dict, now: float) -> Iterator[Error]:
    content = body.get("content")
    if not content:
        if not body.get("template_id"):
            yield error(
                "Unless a valid template_id is provided, the content parameter is required. There "
                "must be at least one defined content block. We typically suggest both text/plain "
                "and text/html blocks are included, but only one block is required.",
                "content",
                "message.content",
            )
        return
    if not isinstance(content, list):
        return  # the schema's type error says it
    types: list[str] = []
    for i, block in enumerate(content):
        block = block if isinstance(block, dict) else {}
        if not _nonempty(block.get("type")):
            yield error(
                "The content type must be a string at least one character in length.",
                f"content.{i}.type",
                "message.content.type",
            )
        if not _nonempty(block.get("value")):
            yield error(
                "The content value must be a string at least one character in length.",
                f"content.{i}.value",
                "message.content.value",
            )
        types.append(str(block.get("type", "")).lower())
    rank = [{"text/plain": 0, "text/html": 1}.get(t, 2) for t in types]
    if rank != sorted(rank):
        yield error(
            "The text/plain content type must be first, followed by the text/html content type, "
            "followed by any other content.",
            "content",
            "message.content",
        )


def _attachments(body: dict, now: float) -> Iterator[Error]:
    attachments = body.get("attachments")
    for i, item in enumerate(attachments if isinstance(attachments, list) else []):
        if not isinstance(item, dict):
            continue
        content = item.get("content")
        if isinstance(content, str) and content and not _is_base64(content):
            yield error(
                "The attachment content must be base64 encoded.",
                f"attachments.{i}.content",
                "message.attachments.content",
            )
        if item.get("disposition") == "inline" and not _nonempty(item.get("content_id")):
            yield error(
                "The content_id parameter is required if your attachment has the disposition inline.",
                f"attachments.{i}.content_id",
                "message.attachments.content_id",
            )


def _top_level(body: dict, now: float) -> Iterator[Error]:
    yield from _headers(body.get("headers"), "headers")
    yield from _custom_args(body.get("custom_args"), "custom_args")
    yield from _send_at(body.get("send_at"), "send_at", now)


def _headers(headers: Any, field: str) -> Iterator[Error]:
    for name in headers if isinstance(headers, dict) else {}:
        if str(name).lower() in RESERVED_HEADERS:
            yield error(f"The header {name} is reserved and cannot be set.", f"{field}.{name}", "message.headers")


def _custom_args(args: Any, field: str) -> Iterator[Error]:
    if isinstance(args, dict) and len(json.dumps(args).encode()) > MAX_CUSTOM_ARGS_BYTES:
        yield error(f"The {field} field may not exceed {MAX_CUSTOM_ARGS_BYTES} bytes.", field, "message.custom_args")


def _send_at(send_at: Any, field: str, now: float) -> Iterator[Error]:
    if isinstance(send_at, int) and not isinstance(send_at, bool) and send_at > now + MAX_SCHEDULE_S:
        yield error(
            "The send_at parameter cannot schedule delivery more than 72 hours in advance.", field, "message.send_at"
        )


def _is_base64(value: str) -> bool:
    try:
        base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


def _nonempty(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


_RULES: tuple[Callable[[dict, float], Iterator[Error]], ...] = (
    _personalizations,
    _sender,
    _subject,
    _content,
    _attachments,
    _top_level,
)
