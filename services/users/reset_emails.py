"""The password reset e-mail, in the user's language: the confirmation e-mail's layout, texts from
the services/i18n catalogs (msgids in English)."""

from __future__ import annotations

from services.i18n import html_lang, translator
from services.notifications import EmailMessage
from services.users.emails import ACCOUNT_TEMPLATE
from services.users.reset_tokens import VALIDITY

_MINUTES = int(VALIDITY.total_seconds() // 60)


def reset_link(public_url: str, token: str) -> str:
    return f"{public_url.rstrip('/')}/password/reset/{token}"


def reset_email(*, to: str, first_name: str, locale: str, link: str, user_id: str) -> EmailMessage:
    tr = translator(locale)
    _ = tr.gettext
    return ACCOUNT_TEMPLATE.render(
        to=to,
        categories=["password_reset"],
        custom_args={"user_id": user_id},
        lang=html_lang(locale),
        subject=_("Reset your Dreams password"),
        heading=_("Reset your password"),
        greeting=_("Hello, {first_name}!").format(first_name=first_name),
        body=tr.ngettext(
            "We received a request to reset the password of your Dreams account. The link is "
            "valid for {n} minute and works once. Changing the password logs out every open "
            "session.",
            "We received a request to reset the password of your Dreams account. The link is "
            "valid for {n} minutes and works once. Changing the password logs out every open "
            "session.",
            _MINUTES,
        ).format(n=_MINUTES),
        button=_("Choose a new password"),
        fallback=_("If the button does not work, copy this address into your browser:"),
        ignore=_("If you did not ask for this, ignore this e-mail: your password stays the same."),
        link=link,
    )
