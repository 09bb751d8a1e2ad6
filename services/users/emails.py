"""The confirmation e-mail, in the user's language (texts: services/i18n catalogs, msgids in English).

A new e-mail follows the same shape: the layout in Jinja2 files under templates/ (`EmailTemplate`),
each text from `_ = translator(locale).gettext`, then `make messages` and translate the new entries in the .po.
"""

from __future__ import annotations

from services.i18n import html_lang, translator
from services.notifications import EmailMessage, EmailTemplate
from services.users.tokens import VALIDITY

_HOURS = int(VALIDITY.total_seconds() // 3600)
# One layout for every account e-mail (confirmation, password reset): templates/account.{txt,html}.
ACCOUNT_TEMPLATE = EmailTemplate.from_package("services.users", "account")


def confirmation_link(public_url: str, token: str) -> str:
    return f"{public_url.rstrip('/')}/confirm/{token}"


def confirmation_email(*, to: str, first_name: str, locale: str, link: str, user_id: str) -> EmailMessage:
    tr = translator(locale)
    _ = tr.gettext
    return ACCOUNT_TEMPLATE.render(
        to=to,
        categories=["confirmation"],
        custom_args={"user_id": user_id},
        lang=html_lang(locale),
        subject=_("Confirm your e-mail for Dreams"),
        heading=_("One step to your next trip"),
        greeting=_("Hello, {first_name}!").format(first_name=first_name),
        body=tr.ngettext(
            "To activate your Dreams account, confirm your e-mail address. The link is valid for {n} hour.",
            "To activate your Dreams account, confirm your e-mail address. The link is valid for {n} hours.",
            _HOURS,
        ).format(n=_HOURS),
        button=_("Confirm my e-mail"),
        fallback=_("If the button does not work, copy this address into your browser:"),
        ignore=_("If you did not sign up for Dreams, you can ignore this e-mail."),
        link=link,
    )
