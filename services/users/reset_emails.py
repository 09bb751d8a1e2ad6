"""The password reset e-mail, in the user's language (pt_BR by default, en)."""
from __future__ import annotations

from services.notifications import EmailMessage, EmailTemplate
from services.users.reset_tokens import VALIDITY

_MINUTES = int(VALIDITY.total_seconds() // 60)

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
        "subject": "Redefina sua senha na Dreams",
        "heading": "Redefinir a senha",
        "greeting": "Olá, $first_name!",
        "body": ("Recebemos um pedido para redefinir a senha da sua conta na Dreams. O link vale por "
                 f"{_MINUTES} minutos e pode ser usado uma vez. Ao trocar a senha, todas as sessões abertas "
                 "são encerradas."),
        "button": "Escolher uma nova senha",
        "fallback": "Se o botão não funcionar, copie e cole este endereço no navegador:",
        "ignore": "Se você não pediu isso, ignore este e-mail: sua senha continua a mesma.",
    },
    "en": {
        "lang": "en",
        "subject": "Reset your Dreams password",
        "heading": "Reset your password",
        "greeting": "Hello, $first_name!",
        "body": ("We received a request to reset the password of your Dreams account. The link is valid for "
                 f"{_MINUTES} minutes and works once. Changing the password logs out every open session."),
        "button": "Choose a new password",
        "fallback": "If the button does not work, copy this address into your browser:",
        "ignore": "If you did not ask for this, ignore this e-mail: your password stays the same.",
    },
}


def reset_link(public_url: str, token: str) -> str:
    return f"{public_url.rstrip('/')}/password/reset/{token}"


def reset_email(*, to: str, first_name: str, locale: str, link: str, user_id: str) -> EmailMessage:
    texts = _TEXTS.get(locale, _TEXTS["pt_BR"])
    template = EmailTemplate(subject=texts["subject"], text=_TEXT, html=_HTML)
    values = {k: v for k, v in texts.items() if k != "subject"}
    return template.render(to=to, categories=["password_reset"], custom_args={"user_id": user_id},
                           **{**values, "greeting": texts["greeting"].replace("$first_name", first_name),
                              "link": link})
