"""The gettext catalogs keep up with the code: `make messages` was run and pt_BR is translated.

Extraction here is pybabel's own (the same babel.cfg `make messages` uses), so a text added to
the code without updating the catalogs fails this test rather than reaching a traveller in English.
"""

from pathlib import Path
from string import Formatter

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from services.i18n.catalogs import LOCALE_DIR, po_path

ROOT = Path(__file__).resolve().parents[3]


def _ids(message) -> tuple[str, ...]:
    return message.id if isinstance(message.id, tuple) else (message.id,)


@pytest.fixture(scope="module")
def in_code() -> set[str]:
    with (ROOT / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found = extract_from_dir(str(ROOT), method_map, options_map)
    return {msgid if isinstance(msgid, str) else msgid[0] for _, _, msgid, _, _ in found}


@pytest.fixture(scope="module")
def template():
    with (LOCALE_DIR / "messages.pot").open("rb") as pot:
        return read_po(pot)


@pytest.fixture(scope="module")
def pt_br():
    with po_path("pt_BR").open("rb") as po:
        return read_po(po, locale="pt_BR")


def test_the_template_holds_exactly_the_texts_in_the_code(in_code, template):
    in_template = {m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id}
    assert in_code - in_template == set(), "texts missing from messages.pot: run `make messages`"
    assert in_template - in_code == set(), "texts no longer in the code: run `make messages`"
    assert len(in_code) > 30  # the extraction really found the server's texts


def test_every_text_has_a_reviewed_portuguese_translation(template, pt_br):
    assert {m.id for m in template if m.id} <= {m.id for m in pt_br if m.id}, "run `make messages`"
    for message in pt_br:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert "fuzzy" not in message.flags, f"fuzzy (check and unmark): {message.id}"
        assert all(strings), f"untranslated: {message.id}"
        assert len(strings) == (pt_br.num_plurals if message.pluralizable else 1), message.id


def test_translations_keep_the_placeholders(pt_br):
    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in Formatter().parse(text) if name is not None}

    for message in pt_br:
        if message.id:
            expected = set().union(*(fields(i) for i in _ids(message)))
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for text in strings:
                assert fields(text) == expected, f"{message.id!r} → {text!r}"
