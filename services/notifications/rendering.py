"""E-mail templates on Jinja2: the HTML body autoescaped, the text body and subject as written.

    CONFIRM = EmailTemplate.from_package("services.users", "account")  # templates/account.{txt,html}
    message = CONFIRM.render(to=user.email, categories=["confirmation"], subject=..., link=...)

Layouts live in files next to the module that uses them (`<package>/templates/<name>.txt` and
`.html`); `from_strings` takes inline sources (tests, one-offs). Every placeholder must get a value
(StrictUndefined: a missing one raises, never a half-filled e-mail). Values go into the text body
and subject as they are, and into the HTML escaped — unless they are `SafeHtml` (markupsafe's
Markup: markup built from escaped parts, e.g. with `html_list`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import BaseLoader, Environment, PackageLoader, StrictUndefined, Template
from markupsafe import Markup

from services.notifications.messages import EmailMessage

SafeHtml = Markup  # HTML that goes into the HTML body as it is


def html_list(items: Iterable[Any]) -> SafeHtml:
    """`<ul>` of escaped items."""
    return Markup("<ul>{}</ul>").format(Markup("").join(Markup("<li>{}</li>").format(i) for i in items))


def _environment(loader: BaseLoader | None, *, html: bool) -> Environment:
    # keep_trailing_newline: a text body ends with its newline, as the file does.
    return Environment(loader=loader, autoescape=html, undefined=StrictUndefined, keep_trailing_newline=True)


@cache
def _environments(package: str) -> tuple[Environment, Environment]:
    loader = PackageLoader(package, "templates")
    return _environment(loader, html=False), _environment(loader, html=True)


_TEXT, _HTML = _environment(None, html=False), _environment(None, html=True)


@dataclass(frozen=True)
class EmailTemplate:
    subject: Template
    text: Template
    html: Template | None = None

    @classmethod
    def from_package(cls, package: str, name: str, *, subject: str = "{{ subject }}") -> "EmailTemplate":
        """`<package>/templates/<name>.txt` and `<name>.html`."""
        text_env, html_env = _environments(package)
        return cls(
            subject=text_env.from_string(subject),
            text=text_env.get_template(f"{name}.txt"),
            html=html_env.get_template(f"{name}.html"),
        )

    @classmethod
    def from_strings(cls, *, subject: str, text: str, html: str | None = None) -> "EmailTemplate":
        return cls(
            subject=_TEXT.from_string(subject),
            text=_TEXT.from_string(text),
            html=_HTML.from_string(html) if html else None,
        )

    def render(
        self,
        *,
        to: str | list[str],
        categories: list[str] | None = None,
        custom_args: dict[str, str] | None = None,
        **values: Any,
    ) -> EmailMessage:
        return EmailMessage(
            to=to,
            subject=" ".join(self.subject.render(values).split()),  # no newlines in a subject
            text=self.text.render(values),
            html=self.html.render(values) if self.html else None,
            categories=categories or [],
            custom_args=custom_args or {},
        )
