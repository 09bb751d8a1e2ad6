"""The confirmation e-mail, in the user's language (pt_BR by default, en)."""
from __future__ import annotations

from services.notifications import EmailMessage, EmailTemplate
from services.users.tokens import VALIDITY

_HOURS = int(VALIDITY.total_seconds() // 3600)

_HTML = """\
<!doctype html>
<html lang="$lang"><body style="font-family: Arial, sans-serif; color: #1f2937; line-height: 1.5">
<h1 style="font-size: 20px">$heading</h1>
<p>$greeting</p>
<p>$body</p>
<p><a href="$link" style="display: inline-block; padding: 12px 20px; background: #0e7490; color: #ffffff;
   text-decoration: none; border-radius: 6px">$button</a></p>
<p style="font-size: 13px; color: #6b7280">$fallback<br><a href="$link">$link</a></p>
<p style="font-size: 13px; color: #6b7280">$ignore</p>
</body></html>
"""

_TEXT = "$greeting\n\n$body\n\n$link\n\n$ignore\n\n— Dreams\n"

_TEXTS: dict[str, dict[str, str]] = {
    "pt_BR": {
        "lang": "pt-BR",
        "subject": "Confirme seu e-mail na Dreams",
        "heading": "Falta pouco para sua próxima viagem",
        "greeting": "Olá, $first_name!",
        "body": f"Para ativar sua conta na Dreams, confirme seu endereço de e-mail. O link vale por {_HOURS} horas.",
        "button": "Confirmar meu e-mail",
        "fallback": "Se o botão não funcionar, copie e cole este endereço no navegador:",
        "ignore": "Se você não criou uma conta na Dreams, ignore este e-mail.",
    },
    "en": {
        "lang": "en",
        "subject": "Confirm your e-mail for Dreams",
        "heading": "One step to your next trip",
        "greeting": "Hello, $first_name!",
        "body": f"To activate your Dreams account, confirm your e-mail address. The link is valid for {_HOURS} hours.",
        "button": "Confirm my e-mail",
        "fallback": "If the button does not work, copy this address into your browser:",
        "ignore": "If you did not sign up for Dreams, you can ignore this e-mail.",
    },
}


def confirmation_link(public_url: str, token: str) -> str:
    return f"{public_url.rstrip('/')}/confirm/{token}"


def confirmation_email(*, to: str, first_name: str, locale: str, link: str, user_id: str) -> EmailMessage:
    texts = _TEXTS.get(locale, _TEXTS["pt_BR"])
    template = EmailTemplate(subject=texts["subject"], text=_TEXT, html=_HTML)
    greeting = texts["greeting"].replace("$first_name", first_name)
    values = {k: v for k, v in texts.items() if k != "subject"}
    return template.render(to=to, categories=["confirmation"], custom_args={"user_id": user_id},
                           **{**values, "greeting": greeting, "link": link})
