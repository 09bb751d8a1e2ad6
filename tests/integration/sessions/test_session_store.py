"""services/sessions/store.py on the real Mongo server: tickets, sessions, expiry, hashing."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from services.sessions.policy import SESSION_TTL, TICKET_TTL, token_hash
from services.sessions.store import SESSIONS, TICKETS


def _session(store, user) -> str:
    token = store.redeem_ticket(store.issue_ticket(user))
    assert token
    return token


def test_a_ticket_becomes_a_session_that_lookup_finds(store, ana, clock):
    token = _session(store, ana)
    found = store.lookup(token)
    assert found is not None
    assert found.user == ana
    assert found.created_at == clock.now
    assert found.expires_at == clock.now + SESSION_TTL


def test_a_ticket_works_once(store, ana):
    ticket = store.issue_ticket(ana)
    assert store.redeem_ticket(ticket)
    assert store.redeem_ticket(ticket) is None


def test_concurrent_redemptions_of_one_ticket_make_one_session(store, ana, db, loop):
    ticket = store.issue_ticket(ana)

    async def race():
        return await asyncio.gather(*[store._store.redeem_ticket(ticket) for _ in range(5)])

    results = loop.run(race())
    assert sum(1 for r in results if r) == 1
    assert db[SESSIONS].count_documents({}) == 1


def test_an_expired_ticket_is_refused(store, ana, clock):
    ticket = store.issue_ticket(ana)
    clock.advance(TICKET_TTL + timedelta(seconds=1))
    assert store.redeem_ticket(ticket) is None


def test_unknown_and_empty_tokens_find_nothing(store, ana):
    _session(store, ana)
    assert store.lookup("not-a-token") is None
    assert store.lookup("") is None
    assert store.redeem_ticket("") is None
    assert store.redeem_ticket("forged") is None


def test_a_session_expires(store, ana, clock):
    token = _session(store, ana)
    clock.advance(SESSION_TTL - timedelta(seconds=1))
    assert store.lookup(token) is not None
    clock.advance(timedelta(seconds=2))
    assert store.lookup(token) is None


def test_ending_a_session_makes_its_token_useless(store, ana):
    token = _session(store, ana)
    other = _session(store, ana)  # e.g. another browser
    assert store.end(token) is True
    assert store.lookup(token) is None
    assert store.end(token) is False
    assert store.lookup(other) is not None


def test_only_hashes_are_stored(store, ana, db):
    ticket = store.issue_ticket(ana)
    assert db[TICKETS].find_one({})["_id"] == token_hash(ticket)
    token = store.redeem_ticket(ticket)
    doc = db[SESSIONS].find_one({})
    assert doc["_id"] == token_hash(token) != token
    stored = repr(doc) + repr(list(db[TICKETS].find({})))
    assert token not in stored and ticket not in stored
    assert len(token) >= 43  # 32 random bytes, url-safe base64


def test_expiry_is_indexed_for_ttl_clean_up(store, db):
    for name in (SESSIONS, TICKETS):
        indexes = db[name].index_information()
        ttl = [ix for ix in indexes.values() if ix.get("key") == [("expires_at", 1)]]
        assert ttl and ttl[0]["expireAfterSeconds"] == 0


def test_rename_updates_every_session_of_the_user(store, ana):
    first, second = _session(store, ana), _session(store, ana)
    store.rename(ana.user_id, "Ana Clara", "Lima")
    for token in (first, second):
        found = store.lookup(token)
        assert (found.user.first_name, found.user.last_name) == ("Ana Clara", "Lima")


def test_end_others_keeps_only_the_current_session(store, ana):
    current, elsewhere = _session(store, ana), _session(store, ana)
    bruno = ana.model_copy(update={"user_id": "u2", "first_name": "Bruno"})
    bruno_token = _session(store, bruno)
    assert store.end_others(ana.user_id, keep=current) == 1
    assert store.lookup(current) is not None
    assert store.lookup(elsewhere) is None
    assert store.lookup(bruno_token) is not None
