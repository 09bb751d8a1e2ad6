"""Texts shared by every page: brand, navigation, footer and generic states."""

# A page or action whose data store is down (Mongo); shared by the account, booking and purchase texts.
UNAVAILABLE = {
    "pt_BR": "Serviço temporariamente indisponível. Tente novamente em instantes.",
    "en": "Service temporarily unavailable. Please try again in a moment.",
}

MESSAGES: dict[str, dict[str, str]] = {
    "brand.tagline": {
        "pt_BR": "Voo, hotel e traslado num só pagamento.",
        "en": "Flight, hotel and transfer in one payment.",
    },
    "nav.home": {"pt_BR": "Início", "en": "Home"},
    "nav.users": {"pt_BR": "Usuários", "en": "Users"},
    "nav.main": {"pt_BR": "Navegação principal", "en": "Main navigation"},
    "nav.skip": {"pt_BR": "Pular para o conteúdo", "en": "Skip to content"},
    "nav.language": {"pt_BR": "Idioma", "en": "Language"},
    "nav.logo": {"pt_BR": "Dreams — página inicial", "en": "Dreams — home page"},
    "footer.rights": {
        "pt_BR": "Dreams Viagens. Pacotes completos, sem surpresas.",
        "en": "Dreams Travel. Complete packages, no surprises.",
    },
    "state.loading": {"pt_BR": "Carregando…", "en": "Loading…"},
    "state.retry": {"pt_BR": "Tentar de novo", "en": "Try again"},
    "state.error_title": {"pt_BR": "Algo deu errado", "en": "Something went wrong"},
    "state.unavailable": UNAVAILABLE,
    "notfound.title": {"pt_BR": "Página não encontrada · Dreams", "en": "Page not found · Dreams"},
    "notfound.heading": {"pt_BR": "Página não encontrada", "en": "Page not found"},
    "notfound.text": {
        "pt_BR": "O endereço pode estar errado ou a página mudou de lugar.",
        "en": "The address may be mistyped, or the page has moved.",
    },
    "notfound.home": {"pt_BR": "Voltar à página inicial", "en": "Back to the home page"},
    "home.title": {"pt_BR": "Dreams — pacotes de viagem", "en": "Dreams — travel packages"},
    "home.hero_title": {
        "pt_BR": "Sua próxima viagem, inteira, num só lugar",
        "en": "Your next trip, complete, in one place",
    },
    "home.hero_text": {
        "pt_BR": "Compare pacotes com voo, hotel e traslado já combinados e pague tudo de uma vez.",
        "en": "Compare packages with flight, hotel and transfer already matched, and pay for it all at once.",
    },
    "home.cta_users": {"pt_BR": "Ver usuários", "en": "See users"},
    "home.feature_one_title": {"pt_BR": "Tudo combinado", "en": "All matched"},
    "home.feature_one_text": {
        "pt_BR": "Horários de voo, check-in e traslado que se encaixam.",
        "en": "Flight times, check-in and transfer that fit together.",
    },
    "home.feature_two_title": {"pt_BR": "Preço travado", "en": "Price locked"},
    "home.feature_two_text": {
        "pt_BR": "O valor que você vê é o valor que você paga.",
        "en": "The price you see is the price you pay.",
    },
    "home.feature_three_title": {"pt_BR": "Pagamento seguro", "en": "Secure payment"},
    "home.feature_three_text": {
        "pt_BR": "Pague com cartão pelo Stripe, com recibo por e-mail.",
        "en": "Pay by card through Stripe, with a receipt by e-mail.",
    },
}
