"""Which failures are the infrastructure's (transient: wait and try again) and which are ours.

`unavailable_dependency(exc)` names the dependency that was down ("mongo", "kafka", "mail", "stripe",
"database") when `exc`, or any exception in its cause/context chain, says a server could not be reached
or answered "not now"; None means the failure is deterministic (a bug, a bad message, a rule) and
retrying the same thing gives the same answer. The consumer runner waits for a named dependency
instead of dead-lettering; the web layer shows "temporarily unavailable": its service-boundary
functions are decorated with `unavailable_on_outage`, which turns a transient failure into
`ServiceUnavailable(dependency=...)` so the UI handles one error type.

Deliberately narrow: an error wrongly called transient stalls a partition, so only connection,
timeout and "not primary / shutting down" failures count — never a query or schema error.
"""

from __future__ import annotations

import functools
import sqlite3
import sys
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, TypeVar

import httpx
from confluent_kafka import KafkaError, KafkaException
from pymongo.errors import ConnectionFailure, OperationFailure

from services.errors import DreamsError, ServiceUnavailable

# Server-side codes meaning "this server cannot take writes right now" (elections, shutdown).
_MONGO_NOT_NOW = {91, 189, 10107, 11600, 11602, 13435, 13436}
_KAFKA_DOWN = {
    KafkaError._TRANSPORT,
    KafkaError._ALL_BROKERS_DOWN,
    KafkaError._MSG_TIMED_OUT,
    KafkaError._TIMED_OUT,
    KafkaError.REQUEST_TIMED_OUT,
    KafkaError.NOT_ENOUGH_REPLICAS,
    KafkaError.LEADER_NOT_AVAILABLE,
    KafkaError.NOT_LEADER_FOR_PARTITION,
    KafkaError.NOT_COORDINATOR,
    KafkaError.COORDINATOR_NOT_AVAILABLE,
}
_SQL_NOT_NOW = (
    "database is locked",
    "database is busy",
    "could not connect",
    "connection refused",
    "server closed the connection",
    "terminating connection",
    "connection timeout",
    "the database system is starting up",
    "the database system is shutting down",
)


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _one(exc: BaseException) -> str | None:
    if isinstance(exc, ConnectionFailure):  # AutoReconnect, NetworkTimeout, ServerSelectionTimeoutError
        return "mongo"
    if isinstance(exc, OperationFailure) and exc.code in _MONGO_NOT_NOW:
        return "mongo"
    if isinstance(exc, KafkaException) and isinstance(exc.args[0], KafkaError):
        error: KafkaError = exc.args[0]
        return "kafka" if error.retriable() or error.code() in _KAFKA_DOWN else None
    # SQLAlchemy's and Stripe's errors can only come from a process that loaded them: looked up in
    # sys.modules, so a worker that needs neither (the projector) does not import ~35 MB for this.
    if sqlalchemy_exc := sys.modules.get("sqlalchemy.exc"):
        if isinstance(exc, sqlalchemy_exc.TimeoutError):  # the connection pool's
            return "database"
        if isinstance(exc, sqlalchemy_exc.DBAPIError):
            if exc.connection_invalidated or any(t in str(exc.orig).lower() for t in _SQL_NOT_NOW):
                return "database"
            return None
    if isinstance(exc, sqlite3.OperationalError) and any(t in str(exc).lower() for t in _SQL_NOT_NOW):
        return "database"
    if stripe := sys.modules.get("stripe"):
        if isinstance(exc, (stripe.APIConnectionError, stripe.RateLimitError)):
            return "stripe"
        if isinstance(exc, stripe.APIError) and (exc.http_status or 0) >= 500:
            return "stripe"
    if isinstance(exc, httpx.TransportError):
        return "http"
    if isinstance(exc, (ConnectionError, TimeoutError)):  # refused, reset, aborted; socket timeouts
        return "network"
    return None


def unavailable_dependency(exc: BaseException) -> str | None:
    """The dependency that was unavailable, or None if `exc` is not a transient failure.

    The most specific name in the chain wins: a ServiceUnavailable raised by an adapter over a
    ConnectionRefusedError names what the adapter said (e.g. "mail"), not "network".
    """
    generic = None
    for link in _chain(exc):
        if isinstance(link, ServiceUnavailable):
            generic = generic or link.dependency
            continue
        found = _one(link)
        if found in ("network", "http"):
            generic = generic or found
        elif found:
            return found
    return generic


def is_transient(exc: BaseException) -> bool:
    return unavailable_dependency(exc) is not None


UNAVAILABLE_MESSAGE = "A service we depend on is not answering right now. Please try again in a moment."
_Async = TypeVar("_Async", bound=Callable[..., Awaitable[Any]])


def as_unavailable(exc: BaseException) -> ServiceUnavailable | None:
    """`exc` as the one error the web layer shows as "temporarily unavailable", or None when it is
    not transient. A ServiceUnavailable is returned as it is; our own DreamsErrors (NotFound, rules)
    never become one, even when raised while handling an outage."""
    if isinstance(exc, ServiceUnavailable):
        return exc
    if isinstance(exc, DreamsError):
        return None
    dependency = unavailable_dependency(exc)
    return ServiceUnavailable(UNAVAILABLE_MESSAGE, dependency=dependency) if dependency else None


def unavailable_on_outage(function: _Async) -> _Async:
    """Decorate a service-boundary coroutine: a transient failure leaves it as ServiceUnavailable
    (naming the dependency, the driver's error as its cause); everything else passes unchanged."""

    @functools.wraps(function)
    async def wrapper(*args, **kwargs):
        try:
            return await function(*args, **kwargs)
        except Exception as exc:
            mapped = as_unavailable(exc)
            if mapped is None or mapped is exc:
                raise
            raise mapped from exc

    return wrapper  # type: ignore[return-value]
