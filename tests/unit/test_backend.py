"""The app's one set of services: built by the lifespan on start-up (no I/O: nothing needs to be up),
reachable while the app runs, closed and gone after shutdown; a handler before start-up gets a clear
error instead of a lazily built client."""

import pytest

from dreams_app import backend
from services.bootstrap.web import WebServices

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend():
    return "asyncio"


async def test_the_lifespan_builds_the_services_once_and_closes_them():
    with pytest.raises(backend.NotStarted, match="lifespan has not run"):
        backend.services()
    async with backend.lifespan():
        built = backend.services()
        assert isinstance(built, WebServices) and backend.services() is built
        with pytest.raises(RuntimeError, match="already built"):  # never a second set per process
            async with backend.lifespan():
                pass
        assert backend.services() is built
    with pytest.raises(backend.NotStarted):
        backend.services()
