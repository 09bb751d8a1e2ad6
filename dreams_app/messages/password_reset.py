"""Texts of password reset: the log-in page's link, /password/forgot and /password/reset/<token>.

`accounts.error.reset_token_*` translate the codes of services/users/reset_messages.py (TOKEN_TEXTS).
"""

MESSAGES: dict[str, dict[str, str]] = {
    "login.forgot": {"pt_BR": "Esqueci minha senha", "en": "Forgot password?"},
    # /password/forgot
    "forgot.title": {"pt_BR": "Esqueci minha senha · Dreams", "en": "Forgot password · Dreams"},
    "forgot.heading": {"pt_BR": "Esqueceu a senha?", "en": "Forgot your password?"},
    "forgot.intro": {
        "pt_BR": "Digite o e-mail da sua conta. Enviaremos um link para você escolher uma nova senha.",
        "en": "Enter your account's e-mail. We will send a link to choose a new password.",
    },
    "forgot.submit": {"pt_BR": "Enviar link", "en": "Send link"},
    "forgot.submitting": {"pt_BR": "Enviando…", "en": "Sending…"},
    "forgot.sent": {
        "pt_BR": "Se existir uma conta com este e-mail, enviamos um link para redefinir a senha. "
        "Ele vale por 1 hora. Não chegou? Veja o spam ou peça outro.",
        "en": "If an account uses this e-mail, we sent it a link to reset the password. "
        "It is valid for 1 hour. Nothing? Check spam or ask for another.",
    },
    "forgot.back_to_login": {"pt_BR": "Voltar para entrar", "en": "Back to log in"},
    # /password/reset/<token>
    "reset.title": {"pt_BR": "Nova senha · Dreams", "en": "New password · Dreams"},
    "reset.heading": {"pt_BR": "Escolha uma nova senha", "en": "Choose a new password"},
    "reset.intro": {
        "pt_BR": "Ao salvar, todas as sessões abertas da sua conta serão encerradas.",
        "en": "Saving it logs out every open session of your account.",
    },
    "reset.checking": {"pt_BR": "Verificando o link…", "en": "Checking the link…"},
    "reset.submit": {"pt_BR": "Salvar nova senha", "en": "Save the new password"},
    "reset.submitting": {"pt_BR": "Salvando…", "en": "Saving…"},
    "reset.done_heading": {"pt_BR": "Senha alterada", "en": "Password changed"},
    "reset.done_text": {
        "pt_BR": "Entre com a nova senha. Por segurança, todas as sessões abertas foram encerradas.",
        "en": "Log in with the new password. For your safety, every open session was logged out.",
    },
    "reset.go_login": {"pt_BR": "Entrar", "en": "Log in"},
    "reset.failed_heading": {"pt_BR": "Não foi possível usar este link", "en": "This link cannot be used"},
    "reset.new_link": {"pt_BR": "Pedir um novo link", "en": "Ask for a new link"},
    # Error codes of the users worker (services/users/reset_messages.py)
    "accounts.error.reset_token_unknown": {
        "pt_BR": "Este link de redefinição de senha não é válido. Confira se copiou o link inteiro.",
        "en": "This password reset link is not valid. Check that you copied the whole link.",
    },
    "accounts.error.reset_token_used": {
        "pt_BR": "Este link de redefinição de senha já foi usado. Peça um novo se precisar.",
        "en": "This password reset link was already used. Ask for a new one if you need it.",
    },
    "accounts.error.reset_token_expired": {
        "pt_BR": "Este link de redefinição de senha expirou ou foi substituído por um mais novo. Peça um novo.",
        "en": "This password reset link has expired or was replaced by a newer one. Ask for a new one.",
    },
}
