"""What the web app calls for users. Async, never blocks the event loop; raises DreamsError subclasses."""
from __future__ import annotations

from services.bootstrap import gateway_async
from services.messaging.topics import DREAMS_USERS
from services.users.messages import ListUsers, UsersListed
from services.users.views import UsersPage


async def list_users(limit: int = 50, offset: int = 0) -> UsersPage:
    gw = await gateway_async()
    reply = await gw.requests.request(DREAMS_USERS.name, ListUsers(limit=limit, offset=offset))
    assert isinstance(reply, UsersListed)
    return UsersPage(users=reply.users, total=reply.total, limit=limit, offset=offset)
