from datetime import UTC, datetime, timedelta

from services.users import tokens

T0 = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)


def test_tokens_are_random_and_stored_as_sha256():
    a, b = tokens.new_token(), tokens.new_token()
    assert a != b and len(a) >= 43
    assert tokens.hash_token(a) == tokens.hash_token(a) != tokens.hash_token(b)
    assert len(tokens.hash_token(a)) == 64 and a not in tokens.hash_token(a)


def test_token_validity_window_is_24_hours():
    expires = T0 + tokens.VALIDITY
    fresh = dict(used_at=None, revoked_at=None, expires_at=expires)
    assert tokens.problem(**fresh, now=expires - timedelta(seconds=1)) is None
    assert tokens.problem(**fresh, now=expires) == "token_expired"
    assert tokens.problem(used_at=T0, revoked_at=None, expires_at=expires, now=T0) == "token_used"
    assert tokens.problem(used_at=None, revoked_at=T0, expires_at=expires, now=T0) == "token_expired"
