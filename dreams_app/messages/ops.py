"""Texts of the staff-only pages: the access verdicts and the operations page (/ops)."""

MESSAGES: dict[str, dict[str, str]] = {
    "staff.checking": {"pt_BR": "Verificando o acesso", "en": "Checking access"},
    "staff.no_access_title": {"pt_BR": "Sem acesso", "en": "No access"},
    "staff.no_access_text": {
        "pt_BR": "Esta página é só para a equipe da Dreams. Sua conta é de viajante.",
        "en": "This page is for Dreams staff only. Your account is a traveller's.",
    },
    "staff.no_access_home": {"pt_BR": "Voltar ao início", "en": "Back to the home page"},
    "nav.ops": {"pt_BR": "Operações", "en": "Operations"},
    "ops.title": {"pt_BR": "Operações · Dreams", "en": "Operations · Dreams"},
    "ops.heading": {"pt_BR": "Operações", "en": "Operations"},
    "ops.intro": {
        "pt_BR": "O estado do sistema, atualizado sozinho a cada poucos segundos.",
        "en": "The state of the system, refreshing itself every few seconds.",
    },
    "ops.refreshed": {"pt_BR": "Atualizado às {time}", "en": "Updated at {time}"},
    "ops.topics_heading": {"pt_BR": "Tópicos e atraso", "en": "Topics and lag"},
    "ops.topics_intro": {
        "pt_BR": "Lido do broker: offsets finais de cada partição e o atraso de cada grupo de consumidores.",
        "en": "Read from the broker: each partition's end offset and every consumer group's lag.",
    },
    "ops.kafka_unavailable": {
        "pt_BR": "Kafka indisponível — tentando de novo a cada atualização.",
        "en": "Kafka unavailable — trying again on every refresh.",
    },
    "ops.loading": {"pt_BR": "Carregando", "en": "Loading"},
    "ops.col_topic": {"pt_BR": "Tópico", "en": "Topic"},
    "ops.col_partitions": {"pt_BR": "Partições", "en": "Partitions"},
    "ops.col_partition": {"pt_BR": "Partição", "en": "Partition"},
    "ops.col_start": {"pt_BR": "Offset inicial", "en": "Start offset"},
    "ops.col_end": {"pt_BR": "Offset final", "en": "End offset"},
    "ops.col_end_total": {"pt_BR": "Offsets finais (soma)", "en": "End offsets (sum)"},
    "ops.col_groups": {"pt_BR": "Grupos: atraso", "en": "Groups: lag"},
    "ops.no_groups": {"pt_BR": "nenhum grupo", "en": "no group"},
    "ops.partitions_heading": {"pt_BR": "Por partição", "en": "Per partition"},
    "ops.activity_heading": {
        "pt_BR": "Cadastros e compras por hora (últimas 24 h)",
        "en": "Sign-ups and purchases per hour (last 24 h)",
    },
    "ops.activity_unavailable": {
        "pt_BR": "Os dados de atividade estão indisponíveis agora.",
        "en": "Activity data is unavailable right now.",
    },
    "ops.signups": {"pt_BR": "Cadastros", "en": "Sign-ups"},
    "ops.purchases": {"pt_BR": "Compras", "en": "Purchases"},
    "ops.col_hour": {"pt_BR": "Hora (UTC)", "en": "Hour (UTC)"},
    "ops.activity_table": {
        "pt_BR": "Cadastros e compras por hora, em tabela",
        "en": "Sign-ups and purchases per hour, as a table",
    },
    "ops.activity_totals": {
        "pt_BR": "Últimas 24 h: {signups} cadastros, {purchases} compras",
        "en": "Last 24 h: {signups} sign-ups, {purchases} purchases",
    },
}
