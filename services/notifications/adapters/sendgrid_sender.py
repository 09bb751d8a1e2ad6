"""`EmailSender` over the official SendGrid SDK: real SendGrid, or the local stand-in via `host`."""

from __future__ import annotations

import http.client
import json
import logging
from typing import Any

from python_http_client.exceptions import HTTPError
from sendgrid import SendGridAPIClient
from sendgrid.helpers.mail import Category, CustomArg, Email, From, Mail, ReplyTo, To

from services.config import Settings
from services.errors import ServiceUnavailable
from services.notifications.errors import MailRejected
from services.notifications.messages import EmailMessage
from services.notifications.ports import EmailSender

log = logging.getLogger(__name__)

UNAVAILABLE = "The e-mail service is not answering right now. Please try again in a moment."


class SendGridEmailSender(EmailSender):
    def __init__(
        self,
        api_key: str,
        *,
        from_email: str,
        from_name: str | None = None,
        host: str | None = None,
        timeout_s: float = 5.0,
    ):
        self._client = SendGridAPIClient(api_key, host=host) if host else SendGridAPIClient(api_key)
        # python_http_client has no timeout by default (a silent server hangs a send forever); its
        # Client passes `timeout` on to every request it builds, including the SDK's `send`.
        self._client.client.timeout = timeout_s
        self._from = From(from_email, from_name)
        self._where = host or "SendGrid"
        # At DEBUG, python_http_client logs request headers, i.e. the bearer key: keep it above that.
        logging.getLogger("python_http_client").setLevel(logging.INFO)

    @classmethod
    def from_settings(cls, settings: Settings) -> "SendGridEmailSender":
        return cls(
            settings.sendgrid_api_key.get_secret_value(),
            from_email=settings.mail_from,
            from_name=settings.mail_from_name,
            host=settings.sendgrid_host,
            timeout_s=settings.sendgrid_timeout_s,
        )

    def send(self, message: EmailMessage) -> str:
        try:
            response = self._client.send(self._mail(message))
        except HTTPError as exc:
            raise _http_failure(exc, self._where) from exc
        except (OSError, http.client.HTTPException) as exc:  # refused, reset, timed out, DNS …
            log.warning("mail service %s unreachable: %r", self._where, exc)
            raise ServiceUnavailable(UNAVAILABLE, dependency="mail") from exc
        # SendGrid answers 202 with the id; in sandbox mode it answers 200 without one.
        return response.headers.get("X-Message-Id") or ""

    def _mail(self, message: EmailMessage) -> Mail:
        mail = Mail(
            from_email=self._from,
            to_emails=[_address(To, a) for a in message.to],
            subject=message.subject,
            plain_text_content=message.text,
            html_content=message.html,
        )
        if message.reply_to:
            mail.reply_to = _address(ReplyTo, message.reply_to)
        if message.categories:
            mail.category = [Category(c) for c in message.categories]
        if message.custom_args:
            mail.custom_arg = [CustomArg(k, v) for k, v in message.custom_args.items()]
        return mail


def _address(kind: type[Email], address: str) -> Email:
    """`To`/`ReplyTo` holding `address` verbatim. (The SDK's constructor parses "Name <addr>" strings
    and turns a string without "@" into a name-only recipient it then cannot serialise.)"""
    email = kind()
    email.email = address
    return email


def _http_failure(exc: HTTPError, where: str) -> Exception:
    status = int(exc.status_code)
    errors = _sendgrid_errors(exc.body)
    log.warning("mail service %s answered %s: %s", where, status, [e.get("message") for e in errors])
    # 429 (rate limit) and 5xx are the service's trouble, worth retrying; other 4xx are ours.
    if status == 429 or status >= 500:
        return ServiceUnavailable(UNAVAILABLE, dependency="mail")
    return MailRejected(status, errors)


def _sendgrid_errors(body: bytes | str | None) -> list[dict[str, Any]]:
    """SendGrid's `{"errors": [...]}`, or the raw body as one message if it is not that."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else (body or "")
    try:
        errors = json.loads(text).get("errors")
    except (ValueError, AttributeError):
        errors = None
    if isinstance(errors, list) and all(isinstance(e, dict) for e in errors):
        return errors
    return [{"message": text[:500] or "no details", "field": None, "help": None}]
