"""Texts of sign-up, e-mail confirmation, log-in, profile and the header's account menu.

`accounts.error.<key>` translates the keys of services/users/validation.py and the codes of
services/users/errors.py (`error_key()` in dreams_app/state/forms.py maps them).
"""

from dreams_app.messages.common import UNAVAILABLE
from services.users.validation import MIN_AGE, NAME_MAX, PASSWORD_MAX, PASSWORD_MIN

MESSAGES: dict[str, dict[str, str]] = {
    # Header
    "nav.login": {"pt_BR": "Entrar", "en": "Log in"},
    "nav.signup": {"pt_BR": "Criar conta", "en": "Sign up"},
    "nav.profile": {"pt_BR": "Perfil", "en": "Profile"},
    "nav.logout": {"pt_BR": "Sair", "en": "Log out"},
    "nav.account_menu": {"pt_BR": "Menu da conta", "en": "Account menu"},
    # Fields
    "field.first_name": {"pt_BR": "Nome", "en": "First name"},
    "field.last_name": {"pt_BR": "Sobrenome", "en": "Last name"},
    "field.email": {"pt_BR": "E-mail", "en": "E-mail"},
    "field.password": {"pt_BR": "Senha", "en": "Password"},
    "field.password_confirmation": {"pt_BR": "Confirme a senha", "en": "Confirm the password"},
    "field.birth_date": {"pt_BR": "Data de nascimento", "en": "Birth date"},
    "field.current_password": {"pt_BR": "Senha atual", "en": "Current password"},
    "field.new_password": {"pt_BR": "Nova senha", "en": "New password"},
    "field.new_password_confirmation": {"pt_BR": "Confirme a nova senha", "en": "Confirm the new password"},
    "field.password_hint": {
        "pt_BR": f"Pelo menos {PASSWORD_MIN} caracteres, diferente do seu e-mail.",
        "en": f"At least {PASSWORD_MIN} characters, not your e-mail address.",
    },
    "field.birth_date_hint": {
        "pt_BR": f"Você precisa ter {MIN_AGE} anos ou mais.",
        "en": f"You must be {MIN_AGE} or older.",
    },
    # Sign-up
    "signup.title": {"pt_BR": "Criar conta · Dreams", "en": "Sign up · Dreams"},
    "signup.heading": {"pt_BR": "Crie sua conta", "en": "Create your account"},
    "signup.intro": {
        "pt_BR": "Leva um minuto. Enviaremos um link para confirmar seu e-mail.",
        "en": "It takes a minute. We will send a link to confirm your e-mail.",
    },
    "signup.submit": {"pt_BR": "Criar conta", "en": "Create account"},
    "signup.submitting": {"pt_BR": "Criando conta…", "en": "Creating account…"},
    "signup.have_account": {"pt_BR": "Já tem conta?", "en": "Already have an account?"},
    "signup.fix_fields": {"pt_BR": "Corrija os campos destacados.", "en": "Please correct the highlighted fields."},
    "signup.sent_heading": {"pt_BR": "Confira sua caixa de entrada", "en": "Check your inbox"},
    "signup.sent_text": {
        "pt_BR": "Enviamos um link de confirmação para:",
        "en": "We sent a confirmation link to:",
    },
    "signup.sent_hint": {
        "pt_BR": "Abra o e-mail e clique no link para ativar sua conta. Não chegou? Veja o spam ou peça outro.",
        "en": "Open the e-mail and follow the link to activate your account. Nothing? Check spam or ask for another.",
    },
    # Resend
    "resend.button": {"pt_BR": "Reenviar e-mail de confirmação", "en": "Resend the confirmation e-mail"},
    "resend.sending": {"pt_BR": "Enviando…", "en": "Sending…"},
    "resend.done": {
        "pt_BR": "Se houver uma conta não confirmada com esse e-mail, um novo link foi enviado.",
        "en": "If an unconfirmed account uses this e-mail, a new link is on its way.",
    },
    "resend.heading": {"pt_BR": "Receber um novo link", "en": "Get a new link"},
    # Confirm
    "confirm.title": {"pt_BR": "Confirmar e-mail · Dreams", "en": "Confirm e-mail · Dreams"},
    "confirm.checking": {"pt_BR": "Confirmando seu e-mail…", "en": "Confirming your e-mail…"},
    "confirm.done_heading": {"pt_BR": "E-mail confirmado!", "en": "E-mail confirmed!"},
    "confirm.done_text": {
        "pt_BR": "Sua conta está ativa. Entre para planejar sua próxima viagem.",
        "en": "Your account is active. Log in to plan your next trip.",
    },
    "confirm.go_login": {"pt_BR": "Entrar", "en": "Log in"},
    "confirm.failed_heading": {"pt_BR": "Não foi possível confirmar", "en": "We could not confirm"},
    # Log-in
    "login.title": {"pt_BR": "Entrar · Dreams", "en": "Log in · Dreams"},
    "login.heading": {"pt_BR": "Entrar na sua conta", "en": "Log in to your account"},
    "login.submit": {"pt_BR": "Entrar", "en": "Log in"},
    "login.submitting": {"pt_BR": "Entrando…", "en": "Logging in…"},
    "login.no_account": {"pt_BR": "Ainda não tem conta?", "en": "No account yet?"},
    "login.retry": {
        "pt_BR": "O tempo para concluir a entrada acabou. Entre de novo.",
        "en": "The log-in took too long to complete. Please log in again.",
    },
    # Profile
    "profile.title": {"pt_BR": "Perfil · Dreams", "en": "Profile · Dreams"},
    "profile.heading": {"pt_BR": "Seu perfil", "en": "Your profile"},
    "profile.names_heading": {"pt_BR": "Dados pessoais", "en": "Personal details"},
    "profile.save_names": {"pt_BR": "Salvar nome", "en": "Save name"},
    "profile.names_saved": {"pt_BR": "Nome atualizado.", "en": "Name updated."},
    "profile.password_heading": {"pt_BR": "Trocar a senha", "en": "Change the password"},
    "profile.save_password": {"pt_BR": "Trocar senha", "en": "Change password"},
    "profile.password_saved": {
        "pt_BR": "Senha alterada. Outras sessões abertas foram encerradas.",
        "en": "Password changed. Other open sessions were logged out.",
    },
    "profile.saving": {"pt_BR": "Salvando…", "en": "Saving…"},
    # Errors: validation keys (services/users/validation.py) and account codes (services/users/errors.py)
    "accounts.error.required": {"pt_BR": "Preencha este campo.", "en": "This field is required."},
    "accounts.error.name_too_long": {
        "pt_BR": f"Use no máximo {NAME_MAX} caracteres.",
        "en": f"Use at most {NAME_MAX} characters.",
    },
    "accounts.error.email_invalid": {
        "pt_BR": "Digite um e-mail válido, como nome@exemplo.com.",
        "en": "Enter a valid e-mail address, like name@example.com.",
    },
    "accounts.error.email_taken": {
        "pt_BR": "Já existe uma conta com este e-mail. Entre, ou peça um novo e-mail de confirmação.",
        "en": "An account with this e-mail already exists. Log in, or ask for a new confirmation e-mail.",
    },
    "accounts.error.email_undeliverable": {
        "pt_BR": "Não conseguimos enviar e-mail para este endereço. Confira e tente de novo.",
        "en": "We could not send e-mail to this address. Check it and try again.",
    },
    "accounts.error.password_too_short": {
        "pt_BR": f"Use pelo menos {PASSWORD_MIN} caracteres.",
        "en": f"Use at least {PASSWORD_MIN} characters.",
    },
    "accounts.error.password_too_long": {
        "pt_BR": f"Use no máximo {PASSWORD_MAX} caracteres.",
        "en": f"Use at most {PASSWORD_MAX} characters.",
    },
    "accounts.error.password_is_email": {
        "pt_BR": "A senha não pode ser o seu e-mail.",
        "en": "The password must not be your e-mail address.",
    },
    "accounts.error.password_mismatch": {"pt_BR": "As senhas não são iguais.", "en": "The passwords do not match."},
    "accounts.error.password_incorrect": {
        "pt_BR": "A senha atual não está correta.",
        "en": "The current password is not correct.",
    },
    "accounts.error.birth_date_future": {
        "pt_BR": "A data de nascimento não pode estar no futuro.",
        "en": "The birth date cannot be in the future.",
    },
    "accounts.error.birth_date_invalid": {"pt_BR": "Confira a data de nascimento.", "en": "Check the birth date."},
    "accounts.error.too_young": {
        "pt_BR": f"Você precisa ter pelo menos {MIN_AGE} anos para se cadastrar.",
        "en": f"You must be at least {MIN_AGE} years old to sign up.",
    },
    "accounts.error.token_unknown": {
        "pt_BR": "Este link de confirmação não é válido. Confira se copiou o link inteiro.",
        "en": "This confirmation link is not valid. Check that you copied the whole link.",
    },
    "accounts.error.token_used": {
        "pt_BR": "Este link já foi usado: seu e-mail está confirmado e você já pode entrar.",
        "en": "This link was already used: your e-mail is confirmed and you can log in.",
    },
    "accounts.error.token_expired": {
        "pt_BR": "Este link expirou ou foi substituído por um mais novo. Peça um novo link.",
        "en": "This link has expired or was replaced by a newer one. Ask for a new one.",
    },
    "accounts.error.invalid_credentials": {
        "pt_BR": "E-mail ou senha incorretos.",
        "en": "The e-mail or the password is not correct.",
    },
    "accounts.error.unconfirmed": {
        "pt_BR": "Confirme seu e-mail primeiro: siga o link que enviamos ou peça um novo.",
        "en": "Confirm your e-mail first: follow the link we sent you, or ask for a new one.",
    },
    "accounts.error.throttled": {  # {wait}: "N s", or "N min" when long (services/users/errors.wait_text)
        "pt_BR": "Muitas tentativas. Tente novamente em {wait}.",
        "en": "Too many attempts. Try again in {wait}.",
    },
    "accounts.error.not_found": {"pt_BR": "Não encontramos esta conta.", "en": "We could not find this account."},
    "accounts.error.unavailable": {
        "pt_BR": "O serviço de contas não respondeu. Tente de novo em instantes.",
        "en": "The accounts service did not answer. Please try again in a moment.",
    },
    "accounts.error.temporarily_unavailable": UNAVAILABLE,  # the session store (Mongo) is down
    "accounts.error.unexpected": {
        "pt_BR": "Algo deu errado. Tente de novo.",
        "en": "Something went wrong. Please try again.",
    },
}
