"""Chooses the offers provider from settings: Amadeus when both credentials are set, else built-in."""

from __future__ import annotations

from functools import lru_cache

from services.catalog.provider import OffersProvider
from services.config import Settings, get_settings


def make_provider(settings: Settings) -> OffersProvider:
    if settings.amadeus_client_id and settings.amadeus_client_secret:
        from services.catalog.amadeus import AmadeusProvider  # the SDK is only needed in this case

        return AmadeusProvider.from_settings(settings)
    from services.catalog.builtin import BuiltinProvider

    return BuiltinProvider()


@lru_cache(maxsize=1)
def get_provider() -> OffersProvider:
    """The process-wide provider (built lazily, not at import time)."""
    return make_provider(get_settings())
