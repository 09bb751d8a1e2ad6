import json

from services.messaging.envelope import Envelope
from services.ops.masking import mask_email, mask_emails_in, mask_name, preview


def test_email_keeps_first_letters_and_the_top_level_domain():
    assert mask_email("ana.souza@example.com") == "a***@e***.com"
    assert mask_email("Bia@dreams.test.br") == "B***@d***.br"
    assert mask_email("not an address") == "***"


def test_emails_inside_free_text_are_masked_and_the_rest_kept():
    text = 'E11000 duplicate key error dup key: { email_normalized: "ana@dreams.test" } for joe@x.io'
    assert (
        mask_emails_in(text)
        == 'E11000 duplicate key error dup key: { email_normalized: "a***@d***.test" } for j***@x***.io'
    )


def test_names_keep_each_words_initial():
    assert mask_name("João da Silva") == "J*** d*** S***"
    assert mask_name("  ") == ""


def test_preview_masks_every_personal_field_at_any_depth():
    raw = Envelope(
        type="users.created",
        version=1,
        data={
            "id": "u1",
            "first_name": "Joana",
            "last_name": "Souza",
            "email": "joana.souza@example.com",
            "passengers": [
                {
                    "given_names": "Ana Maria",
                    "surname": "Lima",
                    "passport": "AB123456",
                    "date_of_birth": "1990-01-02",
                    "kind": "adult",
                }
            ],
            "contact": {"email": "ana.lima@mail.test", "phone": "+5511999998888"},
            "lead_name": "Ana Lima",
            "fullName": "Ana Maria Lima",
            "note": "write to x.y@z.test",
            "version": 2,
        },
    ).encode()
    shown = preview(raw, limit=10_000)
    for secret in (
        "Joana",
        "Souza",
        "joana.souza",
        "example.com",
        "Ana",
        "Maria",
        "Lima",
        "AB123456",
        "1990-01-02",
        "ana.lima",
        "999998888",
        "x.y@z.test",
    ):
        assert secret not in shown, secret
    data = json.loads(shown)["data"]
    assert data["first_name"] == "J***" and data["email"] == "j***@e***.com"
    assert data["passengers"][0] == {
        "given_names": "A*** M***",
        "surname": "L***",
        "passport": "***",
        "date_of_birth": "***",
        "kind": "adult",
    }
    assert data["contact"] == {"email": "a***@m***.test", "phone": "***"}
    assert data["fullName"] == "A*** M*** L***" and data["note"] == "write to x***@z***.test"
    assert data["id"] == "u1" and data["version"] == 2  # what is not personal stays readable


def test_preview_of_non_json_masks_addresses_and_is_cut_to_the_limit():
    assert preview(b"{broken ana@dreams.test") == "{broken a***@d***.test"
    long = preview(json.dumps({"data": "x" * 2000}).encode(), limit=100)
    assert len(long) == 100 and long.endswith("…")
    assert preview(b"") == "" and preview(None) == ""
