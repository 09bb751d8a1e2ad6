"""Amadeus Self-Service adapter (Flight Offers Search, Hotel List + Hotel Search, Transfer Search)."""

from services.catalog.amadeus.provider import AmadeusProvider

__all__ = ["AmadeusProvider"]
