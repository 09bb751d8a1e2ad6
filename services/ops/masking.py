"""Masking personal data for operators' eyes: what /ops shows of a dead-lettered payload.

Pure functions. E-mail addresses become `a***@e***.com` wherever they appear (any key, any text,
the error too); values under personal keys (names, passport, phone, birth date …) are masked by
kind: names keep each word's first letter (`J*** S***`), the rest keeps nothing. Passwords and
tokens were blanked when the message was dead-lettered (services/messaging/dead_letter.redact).
The masked text is for display only: a replay sends the stored bytes, never these.
"""

from __future__ import annotations

import json
import re
from typing import Any

PREVIEW_CHARS = 600
HIDDEN = "***"

_EMAIL = re.compile(r"([A-Za-z0-9._%+\-]+)@([A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*)\.([A-Za-z]{2,})")


def _normal(key: str) -> str:
    return re.sub(r"[^a-z]", "", key.lower())


# Compared without case, "_" or "-": given_names, givenNames and GIVEN-NAMES are one key.
_NAME_KEYS = {
    "name",
    "names",
    "firstname",
    "lastname",
    "givenname",
    "givennames",
    "surname",
    "surnames",
    "fullname",
    "leadname",
    "middlename",
    "familyname",
    "displayname",
    "holdername",
    "cardholder",
}
_EMAIL_KEYS = {"email", "emailnormalized", "customeremail", "receiptemail", "to", "from", "replyto"}
_HIDDEN_KEYS = {
    "passport",
    "passportnumber",
    "document",
    "documentnumber",
    "phone",
    "phonenumber",
    "mobile",
    "birthdate",
    "dateofbirth",
    "dob",
    "address",
    "addressline",
    "line1",
    "line2",
    "cpf",
    "taxid",
}


def mask_email(address: str) -> str:
    """`ana.souza@example.com.br` → `a***@e***.br`; anything not shaped like an address → `***`."""
    match = _EMAIL.fullmatch(address.strip())
    if not match:
        return HIDDEN
    local, domain, tld = match.groups()
    return f"{local[0]}{HIDDEN}@{domain[0]}{HIDDEN}.{tld}"


def mask_emails_in(text: str) -> str:
    """Every e-mail address inside free text (an error message, a key) masked, the rest kept."""
    return _EMAIL.sub(lambda m: mask_email(m.group(0)), text)


def mask_name(name: str) -> str:
    """`João da Silva` → `J*** d*** S***`: enough to tell two records apart, not to identify anyone."""
    words = name.split()
    return " ".join(f"{word[0]}{HIDDEN}" for word in words) if words else ""


def mask_value(key: str, value: Any) -> Any:
    normal = _normal(key)
    if isinstance(value, str):
        if normal in _EMAIL_KEYS:
            return mask_email(value) if "@" in value else mask_emails_in(value)
        if normal in _NAME_KEYS:
            return mask_name(mask_emails_in(value))
        if normal in _HIDDEN_KEYS:
            return HIDDEN if value else value
        return mask_emails_in(value)
    if normal in _HIDDEN_KEYS and value is not None and not isinstance(value, (dict, list)):
        return HIDDEN
    return mask_document(value, key)


def mask_document(node: Any, key: str = "") -> Any:
    """A JSON document with personal values masked (keys and structure kept)."""
    if isinstance(node, dict):
        return {k: mask_value(k, v) for k, v in node.items()}
    if isinstance(node, list):
        if _normal(key) in _NAME_KEYS | _EMAIL_KEYS | _HIDDEN_KEYS:
            return [mask_value(key, item) for item in node]
        return [mask_document(item) for item in node]
    if isinstance(node, str):
        return mask_emails_in(node)
    return node


def preview(raw: bytes | None, limit: int = PREVIEW_CHARS) -> str:
    """What /ops shows of a payload: masked JSON (compact), or masked text if it is not JSON; cut at `limit`."""
    if not raw:
        return ""
    try:
        text = json.dumps(mask_document(json.loads(raw)), ensure_ascii=False, separators=(",", ":"), default=str)
    except (ValueError, UnicodeDecodeError):
        text = mask_emails_in(raw.decode("utf-8", errors="replace"))
    return text if len(text) <= limit else text[: limit - 1] + "…"
