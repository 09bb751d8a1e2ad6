"""A stored e-mail, built from an accepted `mail/send` request (one per personalization, like SendGrid)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from devstack.mailserver.links import extract_links


class StoredMessage(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    id: str
    message_id: str  # the request's X-Message-Id (shared by its personalizations)
    received_at: datetime
    from_email: str = Field(alias="from")
    from_name: str | None = None
    reply_to: str | None = None
    to: list[str]
    cc: list[str] = []
    bcc: list[str] = []
    subject: str
    text: str | None = None
    html: str | None = None
    links: list[str] = []
    categories: list[str] = []
    custom_args: dict[str, str] = {}
    template_id: str | None = None

    @property
    def recipients(self) -> list[str]:
        return [*self.to, *self.cc, *self.bcc]

    def public(self) -> dict[str, Any]:
        """The JSON API shape (`from`, not `from_email`)."""
        return self.model_dump(mode="json", by_alias=True)


def messages_from_request(body: dict, message_id: str, now: datetime) -> list[StoredMessage]:
    """One message per personalization; ids are `<X-Message-Id>` for a single personalization
    and `<X-Message-Id>.<n>` when the request has several."""
    items = body["personalizations"]
    return [
        _one(body, p, message_id if len(items) == 1 else f"{message_id}.{n}", message_id, now)
        for n, p in enumerate(items)
    ]


def _one(body: dict, pers: dict, id_: str, message_id: str, now: datetime) -> StoredMessage:
    subs = {str(k): str(v) for k, v in (pers.get("substitutions") or {}).items()}
    content = {c.get("type", "").lower(): c.get("value", "") for c in body.get("content") or []}
    text, html = content.get("text/plain"), content.get("text/html")
    if body.get("template_id") and not content:
        data = pers.get("dynamic_template_data") or {}
        text = f"(template {body['template_id']})\n{json.dumps(data, indent=2, ensure_ascii=False)}"
    subject = _substitute(pers.get("subject") or body.get("subject") or "", subs)
    text, html = _substitute(text, subs), _substitute(html, subs)
    sender, reply_to = body["from"], body.get("reply_to") or {}
    return StoredMessage(
        id=id_,
        message_id=message_id,
        received_at=now,
        from_email=sender["email"],
        from_name=sender.get("name"),
        reply_to=reply_to.get("email"),
        to=_emails(pers.get("to")),
        cc=_emails(pers.get("cc")),
        bcc=_emails(pers.get("bcc")),
        subject=subject,
        text=text,
        html=html,
        links=extract_links(html, text),
        categories=[str(c) for c in body.get("categories") or []],
        custom_args={
            str(k): str(v) for k, v in {**(body.get("custom_args") or {}), **(pers.get("custom_args") or {})}.items()
        },
        template_id=body.get("template_id"),
    )


def _emails(recipients: list[dict] | None) -> list[str]:
    return [r["email"] for r in recipients or []]


def _substitute(value: str | None, subs: dict[str, str]) -> str | None:
    if value is None:
        return None
    for key, replacement in subs.items():
        value = value.replace(key, replacement)
    return value
