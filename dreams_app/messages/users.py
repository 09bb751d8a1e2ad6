"""Texts of the users list (/users)."""

MESSAGES: dict[str, dict[str, str]] = {
    "users.title": {"pt_BR": "Usuários · Dreams", "en": "Users · Dreams"},
    "users.heading": {"pt_BR": "Todos os usuários", "en": "All users"},
    "users.intro": {
        "pt_BR": "Todas as contas, com e-mail confirmado ou não. Só a equipe vê esta página.",
        "en": "Every account, with its e-mail confirmed or not. Only staff see this page.",
    },
    "users.col_name": {"pt_BR": "Nome", "en": "Name"},
    "users.col_email": {"pt_BR": "E-mail", "en": "E-mail"},
    "users.col_member_since": {"pt_BR": "Cadastro em", "en": "Signed up"},
    "users.col_status": {"pt_BR": "E-mail", "en": "E-mail status"},
    "users.confirmed": {"pt_BR": "Confirmado", "en": "Confirmed"},
    "users.not_confirmed": {"pt_BR": "Não confirmado", "en": "Not confirmed"},
    "users.role_staff": {"pt_BR": "Equipe", "en": "Staff"},
    "users.search_label": {"pt_BR": "Buscar por nome ou e-mail", "en": "Search by name or e-mail"},
    "users.search_placeholder": {"pt_BR": "Nome ou e-mail", "en": "Name or e-mail"},
    "users.search_button": {"pt_BR": "Buscar", "en": "Search"},
    "users.no_match_title": {"pt_BR": "Ninguém encontrado", "en": "Nobody found"},
    "users.no_match_text": {
        "pt_BR": "Nenhum nome ou e-mail contém o que foi buscado.",
        "en": "No name or e-mail contains what you searched for.",
    },
    "users.clear_search": {"pt_BR": "Limpar busca", "en": "Clear search"},
    "users.empty_title": {"pt_BR": "Nenhum usuário ainda", "en": "No users yet"},
    "users.empty_text": {
        "pt_BR": "Quando alguém se cadastrar, aparecerá aqui.",
        "en": "When someone signs up, they will appear here.",
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
