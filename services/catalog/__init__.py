"""Travel catalogue: airports, autocomplete and offers providers (built-in or Amadeus).

Public entry points: `search_airports`, `get_airport`, `get_provider`, the models in `models`.
"""

from services.catalog.airports import all_airports, distance_km, get_airport
from services.catalog.autocomplete import search_airports
from services.catalog.factory import get_provider
from services.catalog.provider import OffersProvider

__all__ = ["OffersProvider", "all_airports", "distance_km", "get_airport", "get_provider", "search_airports"]
