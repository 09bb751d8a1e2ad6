"""`EmailSender` for SendGrid's `POST /v3/mail/send`: real SendGrid, or the local stand-in via `host`.

The request body is built by the official SDK's helpers (`sendgrid.helpers.mail.Mail`); it is sent
through one pooled, keep-alive urllib3 connection pool per sender. The SDK's own transport
(python_http_client over urllib) opens a new connection for every e-mail, which held the receipts
loop to about half of what the mail server takes (issue 15, measured in bench/bench_payments.py);
urllib3 rather than httpx because httpx took half the payments worker's CPU in the receipts loop
(py-spy): 0.57 against 0.24 ms of client CPU a send, measured one after the other on this box.
The pool is thread-safe: the receipts loop sends from a pool of threads through one sender.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import sendgrid
import urllib3
from sendgrid.helpers.mail import Category, CustomArg, Email, From, Mail, ReplyTo, To

from services.config import Settings
from services.errors import ServiceUnavailable
from services.notifications.errors import MailRejected
from services.notifications.messages import EmailMessage
from services.notifications.ports import EmailSender

log = logging.getLogger(__name__)

UNAVAILABLE = "The e-mail service is not answering right now. Please try again in a moment."
SENDGRID_API = "https://api.sendgrid.com"
# Connections kept open: at least the receipts loop's MAIL_CONCURRENCY (services/payments), so every
# sending thread reuses its own.
POOL_CONNECTIONS = 16


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
        # A timeout on every phase (connect, read, waiting for a pooled connection): a silent server
        # fails a send within it, never hangs it. No retries here: the callers decide (a receipt
        # stays pending and its batch is retried).
        base = (host or SENDGRID_API).rstrip("/")
        self._path = urllib3.util.parse_url(base).path or ""
        self._http = urllib3.connection_from_url(
            base,
            maxsize=POOL_CONNECTIONS,
            block=True,
            timeout=urllib3.Timeout(connect=timeout_s, read=timeout_s),
            retries=False,
            headers={
                "Authorization": f"Bearer {api_key}",
                "User-Agent": f"sendgrid/{sendgrid.__version__};python",
                "Accept": "application/json",
                "Content-Type": "application/json",
            },
        )
        self._timeout_s = timeout_s
        self._from = From(from_email, from_name)
        self._where = host or "SendGrid"

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
            response = self._http.urlopen(
                "POST",
                f"{self._path}/v3/mail/send",
                body=json.dumps(self.payload(message)).encode(),
                pool_timeout=self._timeout_s,
            )
        except urllib3.exceptions.HTTPError as exc:  # refused, reset, timed out, no pooled connection …
            log.warning("mail service %s unreachable: %r", self._where, exc)
            raise ServiceUnavailable(UNAVAILABLE, dependency="mail") from exc
        if response.status >= 400:
            raise _http_failure(response.status, response.data, self._where)
        # SendGrid answers 202 with the id; in sandbox mode it answers 200 without one.
        return response.headers.get("X-Message-Id") or ""

    def close(self) -> None:
        self._http.close()

    def payload(self, message: EmailMessage) -> dict[str, Any]:
        """The JSON body of `POST /v3/mail/send` for `message` (built by the SDK's helpers)."""
        return self._mail(message).get()

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


def _http_failure(status: int, body: bytes, where: str) -> Exception:
    errors = _sendgrid_errors(body)
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
