"""The UI's counted texts (dreams_app/messages) have real plural forms, chosen by Babel's CLDR rule."""

import pytest

from dreams_app.i18n import MESSAGES, _merge, is_plural, translate
from dreams_app.messages.accounts import MESSAGES as ACCOUNTS
from services.users.validation import PASSWORD_MIN


@pytest.mark.parametrize(
    "key,locale,texts",
    [
        ("dashboard.travellers", "pt_BR", ["0 viajante", "1 viajante", "2 viajantes"]),
        ("dashboard.travellers", "en", ["0 travellers", "1 traveller", "2 travellers"]),
        ("card.nights", "pt_BR", ["0 noite", "1 noite", "2 noites"]),
        ("card.nights", "en", ["0 nights", "1 night", "2 nights"]),
        ("traveller.children_n", "en", ["0 children", "1 child", "2 children"]),
        ("results.count", "pt_BR", ["0 pacotes", "1 pacote", "2 pacotes"]),  # "=0" keeps what it always said
    ],
)
def test_counted_texts_take_the_form_for_their_number(key, locale, texts):
    assert [translate(key, locale, n).format(n=n) for n in (0, 1, 2)] == texts


def test_no_text_is_a_hand_written_plural():
    def strings(text):
        return text.values() if isinstance(text, dict) else [text]

    written = [s for texts in MESSAGES.values() for text in texts.values() for s in strings(text)]
    assert not [s for s in written if "(s)" in s or "(ren)" in s]
    assert is_plural("traveller.adults_n") and not is_plural("nav.trips")


def test_a_plural_text_needs_its_number_and_every_form():
    with pytest.raises(TypeError, match="plural"):
        translate("dashboard.travellers", "en")
    with pytest.raises(ValueError, match="needs plural forms"):
        _merge(({"x.n": {"pt_BR": {"other": "{n} coisas"}, "en": {"one": "{n} thing", "other": "{n} things"}}},))
    with pytest.raises(ValueError, match="one language only"):
        _merge(({"x.n": {"pt_BR": "coisas", "en": {"one": "{n} thing", "other": "{n} things"}}},))


def test_password_texts_follow_the_rule_they_describe():
    assert f"{PASSWORD_MIN} caracteres" in ACCOUNTS["field.password_hint"]["pt_BR"]
    assert ACCOUNTS["accounts.error.password_too_short"]["en"] == f"Use at least {PASSWORD_MIN} characters."
