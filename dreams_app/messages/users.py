"""Texts of the users list (/users)."""

MESSAGES: dict[str, dict[str, str]] = {
    "users.title": {"pt_BR": "Usuários · Dreams", "en": "Users · Dreams"},
    "users.heading": {"pt_BR": "Todos os usuários", "en": "All users"},
    "users.intro": {
        "pt_BR": "Viajantes que confirmaram o e-mail.",
        "en": "Travellers who confirmed their e-mail.",
    },
    "users.col_name": {"pt_BR": "Nome", "en": "Name"},
    "users.col_email": {"pt_BR": "E-mail", "en": "E-mail"},
    "users.col_member_since": {"pt_BR": "Membro desde", "en": "Member since"},
    "users.empty_title": {"pt_BR": "Nenhum usuário ainda", "en": "No users yet"},
    "users.empty_text": {
        "pt_BR": "Quando alguém se cadastrar e confirmar o e-mail, aparecerá aqui.",
        "en": "When someone signs up and confirms the e-mail, they will appear here.",
    },
    "users.unavailable": {
        "pt_BR": "O serviço de usuários está indisponível — tente de novo.",
        "en": "The users service is unavailable — try again.",
    },
    "users.loading_label": {"pt_BR": "Carregando usuários", "en": "Loading users"},
    "users.range": {"pt_BR": "{start}–{end} de {total}", "en": "{start}–{end} of {total}"},
    "users.previous": {"pt_BR": "Anteriores", "en": "Previous"},
    "users.next": {"pt_BR": "Próximos", "en": "Next"},
    "users.pages_label": {"pt_BR": "Páginas de usuários", "en": "Users pages"},
}
