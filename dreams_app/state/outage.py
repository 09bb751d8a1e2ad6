"""One error type, one message: a ServiceUnavailable whose dependency is the gateway's own store
(Mongo: sessions, quotes, purchases) reads "Serviço temporariamente indisponível…"; one from a
worker over Kafka keeps its feature's own "unavailable" text (e.g. "the accounts service did not
answer"). The keys index each feature's `*.error.*` messages (dreams_app/messages/)."""

from __future__ import annotations

from services.errors import ServiceUnavailable

TEMPORARILY = "temporarily_unavailable"  # the message key suffix: state.unavailable's text
STORES = frozenset({"mongo"})


def unavailable_key(exc: BaseException) -> str | None:
    """ "temporarily_unavailable", "unavailable", or None when `exc` is not an outage."""
    if not isinstance(exc, ServiceUnavailable):
        return None
    return TEMPORARILY if exc.dependency in STORES else "unavailable"
