"""A tab whose backend died keeps its token (and so its state) when it reconnects elsewhere.

Reflex's RedisTokenManager records, per tab token, which backend instance holds its websocket
(`token_manager_socket_record_<token>`, kept for redis_token_expiration). A connection for a token
recorded by ANOTHER instance is taken for a duplicated browser tab and gets a new token, i.e. an
empty state. After a backend is SIGKILLed its records stay, so every one of its tabs would
reconnect to another backend logged out and with its search gone (measured: issue 13's browser
test, tests/e2e/test_backend_failover.py).

Here each instance keeps one Redis connection named `dreams-web:<instance id>`. Redis drops a
connection the moment its process dies, so "the recorded owner is alive" is one CLIENT LIST: a
record whose owner has no such connection is stale and is removed before Reflex links the token,
which then keeps its state. A live owner (a real duplicated tab) still gets Reflex's new token.
"""

from __future__ import annotations

import pickle

import redis.asyncio as aioredis
from reflex.utils import token_manager
from reflex_base.config import get_config

CLIENT_PREFIX = "dreams-web:"


class FailoverTokenManager(token_manager.RedisTokenManager):
    _alive: aioredis.Redis | None = None
    _alive_as: str = ""

    async def _announce(self) -> None:
        """Hold a connection named after this instance (again after a fork renamed it)."""
        if self._alive_as == self.instance_id:
            return
        if self._alive is not None:
            await self._alive.aclose()
        self._alive = aioredis.Redis.from_url(get_config().redis_url, client_name=CLIENT_PREFIX + self.instance_id)
        await self._alive.ping()  # opens the connection; the pool keeps it open
        self._alive_as = self.instance_id

    async def _owner_alive(self, instance_id: str) -> bool:
        clients = await self.redis.client_list()
        return any(client.get("name") == CLIENT_PREFIX + instance_id for client in clients)

    async def _forget_dead_owner(self, token: str) -> None:
        key = self._get_redis_key(token)
        raw = await self.redis.get(key)
        if raw is None:
            return
        record = pickle.loads(raw)
        if record.instance_id != self.instance_id and not await self._owner_alive(record.instance_id):
            # Only if unchanged meanwhile: a newer claim by a live backend must win.
            async with self.redis.pipeline(transaction=True) as pipe:
                try:
                    await pipe.watch(key)
                    if await pipe.get(key) == raw:
                        pipe.multi()
                        pipe.delete(key)
                        await pipe.execute()
                except aioredis.WatchError:
                    pass

    async def link_token_to_sid(self, token: str, sid: str) -> str | None:
        try:
            await self._announce()
            await self._forget_dead_owner(token)
        except aioredis.RedisError:
            pass  # Reflex's own handling of a Redis error follows
        return await super().link_token_to_sid(token, sid)

    async def close(self) -> None:
        if self._alive is not None:
            await self._alive.aclose()
        await super().close()


def _create(cls) -> token_manager.TokenManager:
    made = _reflex_create()
    if isinstance(made, token_manager.RedisTokenManager):
        return FailoverTokenManager(made.redis)
    return made


_reflex_create = token_manager.TokenManager.create


def install() -> None:
    """Before rx.App(): its websocket namespace builds its token manager at construction."""
    token_manager.TokenManager.create = classmethod(_create)
