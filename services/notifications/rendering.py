"""A tiny e-mail template: `string.Template` placeholders (`$name`), HTML-escaped in the HTML body.

    CONFIRM = EmailTemplate(
        subject="Confirm your e-mail, $first_name",
        text="Hi $first_name,\\nconfirm here: $link\\n",
        html="<p>Hi $first_name,</p><p><a href=\\"$link\\">Confirm my e-mail</a></p>",
    )
    message = CONFIRM.render(to=user.email, categories=["confirmation"], first_name=..., link=...)

Every placeholder must get a value (a missing one raises KeyError, never a half-filled e-mail).
Values go into the text body and subject as they are, and into the HTML escaped — unless wrapped in
`SafeHtml` (markup the caller built from already-escaped parts, e.g. with `html_list`).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from string import Template
from typing import Any

from services.notifications.messages import EmailMessage


class SafeHtml(str):
    """HTML that is inserted into the HTML body without escaping."""


def html_list(items: Iterable[Any]) -> SafeHtml:
    """`<ul>` of escaped items."""
    return SafeHtml("<ul>" + "".join(f"<li>{escape(str(i))}</li>" for i in items) + "</ul>")


@dataclass(frozen=True)
class EmailTemplate:
    subject: str
    text: str
    html: str | None = None

    def render(self, *, to: str | list[str], categories: list[str] | None = None,
               custom_args: dict[str, str] | None = None, **values: Any) -> EmailMessage:
        plain = {k: str(v) for k, v in values.items()}
        return EmailMessage(
            to=to,
            subject=" ".join(Template(self.subject).substitute(plain).split()),  # no newlines in a subject
            text=Template(self.text).substitute(plain),
            html=Template(self.html).substitute(_html_values(values)) if self.html else None,
            categories=categories or [],
            custom_args=custom_args or {},
        )


def _html_values(values: dict[str, Any]) -> dict[str, str]:
    return {k: v if isinstance(v, SafeHtml) else escape(str(v), quote=True) for k, v in values.items()}
