"""E-mail: the `EmailSender` port, the message model, its errors, and a small template helper.

The SendGrid adapter lives in `services.notifications.adapters.sendgrid_sender` (built by bootstrap).
"""

from services.notifications.errors import MailRejected
from services.notifications.messages import EmailMessage
from services.notifications.ports import EmailSender
from services.notifications.rendering import EmailTemplate, SafeHtml, html_list

__all__ = ["EmailMessage", "EmailSender", "EmailTemplate", "MailRejected", "SafeHtml", "html_list"]
