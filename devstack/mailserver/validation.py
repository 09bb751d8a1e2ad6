"""SendGrid v3 `mail/send` payload checks: the essentials, with SendGrid's own messages and fields.

Messages and `field` paths follow what api.sendgrid.com answers, so code that handles SendGrid's
400s is exercised here the same way. Not every rule is covered (attachments, ASM, size limits …).
"""
from __future__ import annotations

from typing import Any

from email_validator import EmailNotValidError, validate_email

HELP = "http://sendgrid.com/docs/API_Reference/Web_API_v3/Mail/errors.html"
MAX_PERSONALIZATIONS = 1000

Error = dict[str, Any]


def error(message: str, field: str | None = None, help_anchor: str | None = None) -> Error:
    return {"message": message, "field": field, "help": f"{HELP}#{help_anchor}" if help_anchor else None}


def is_valid_address(value: Any) -> bool:
    if not isinstance(value, str) or not value.strip():
        return False
    try:
        # test_environment: accept `*.test` addresses (our fixtures); no DNS lookups, ever.
        validate_email(value, check_deliverability=False, test_environment=True)
    except EmailNotValidError:
        return False
    return True


def validate_send(body: Any) -> list[Error]:
    """Every problem found in a `POST /v3/mail/send` body; empty when it would be accepted."""
    if not isinstance(body, dict):
        return [error("Bad Request", None)]
    errors: list[Error] = []
    errors += _personalizations(body)
    errors += _sender(body)
    errors += _subject(body)
    errors += _content(body)
    return errors


def _personalizations(body: dict) -> list[Error]:
    items = body.get("personalizations")
    if not isinstance(items, list) or not items:
        return [error("The personalizations field is required and must have at least one personalization.",
                      "personalizations", "message.personalizations")]
    if len(items) > MAX_PERSONALIZATIONS:
        return [error("The personalizations field cannot have more than 1000 personalizations.",
                      "personalizations", "message.personalizations")]
    errors: list[Error] = []
    for i, item in enumerate(items):
        path = f"personalizations.{i}"
        if not isinstance(item, dict):
            errors.append(error("The personalization must be an object.", path, "message.personalizations"))
            continue
        to = item.get("to")
        if not isinstance(to, list) or not to:
            errors.append(error(
                "The to array is required for all personalization objects, and must have at least one "
                "email object with a valid email address.", f"{path}.to", "message.personalizations.to"))
        seen: set[str] = set()
        for kind in ("to", "cc", "bcc"):
            for j, recipient in enumerate(item.get(kind) or []):
                email = recipient.get("email") if isinstance(recipient, dict) else None
                if not is_valid_address(email):
                    errors.append(error("Does not contain a valid address.", f"{path}.{kind}.{j}.email",
                                        f"message.personalizations.{kind}"))
                elif email.lower() in seen:
                    errors.append(error("Each email address in the personalization block should be unique "
                                        "between to, cc, and bcc. We found the first duplicate instance of "
                                        f"[{email}] in the personalizations.{i}.{kind} field.",
                                        f"{path}.{kind}", "message.recipient_errors"))
                else:
                    seen.add(email.lower())
    return errors


def _sender(body: dict) -> list[Error]:
    sender = body.get("from")
    email = sender.get("email") if isinstance(sender, dict) else None
    if not email:
        return [error("The from object must be provided for every email send. It is an object that requires "
                      "the email parameter, but may also contain a name parameter.  e.g. "
                      '{"email" : "example@example.com"}  or {"email" : "example@example.com", '
                      '"name" : "Example Recipient"}.', "from.email", "message.from")]
    if not is_valid_address(email):
        return [error("The from email does not contain a valid address.", "from.email", "message.from")]
    reply_to = body.get("reply_to")
    if reply_to is not None and not (isinstance(reply_to, dict) and is_valid_address(reply_to.get("email"))):
        return [error("The reply_to email does not contain a valid address.", "reply_to.email",
                      "message.reply_to")]
    return []


def _subject(body: dict) -> list[Error]:
    if _nonempty(body.get("subject")) or body.get("template_id"):
        return []
    items = body.get("personalizations")
    if isinstance(items, list) and items and all(
            isinstance(p, dict) and _nonempty(p.get("subject")) for p in items):
        return []
    return [error("The subject is required. You can get around this requirement if you use a template with a "
                  "subject defined or if every single personalization has a subject defined.", "subject",
                  "message.subject")]


def _content(body: dict) -> list[Error]:
    content = body.get("content")
    if not content:
        if body.get("template_id"):
            return []
        return [error("Unless a valid template_id is provided, the content parameter is required. There "
                      "must be at least one defined content block. We typically suggest both text/plain and "
                      "text/html blocks are included, but only one block is required.", "content",
                      "message.content")]
    if not isinstance(content, list):
        return [error("The content parameter must be an array.", "content", "message.content")]
    errors: list[Error] = []
    types: list[str] = []
    for i, block in enumerate(content):
        block = block if isinstance(block, dict) else {}
        if not _nonempty(block.get("type")):
            errors.append(error("The content type must be a string at least one character in length.",
                                f"content.{i}.type", "message.content.type"))
        if not _nonempty(block.get("value")):
            errors.append(error("The content value must be a string at least one character in length.",
                                f"content.{i}.value", "message.content.value"))
        types.append(str(block.get("type", "")).lower())
    rank = [{"text/plain": 0, "text/html": 1}.get(t, 2) for t in types]
    if rank != sorted(rank):
        errors.append(error("The text/plain content type must be first, followed by the text/html content "
                            "type, followed by any other content.", "content", "message.content"))
    return errors


def _nonempty(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())
