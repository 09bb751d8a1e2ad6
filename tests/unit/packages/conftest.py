from datetime import date

import pytest

from services.catalog.builtin import BuiltinProvider
from services.packages.models import SearchQuery


@pytest.fixture
def provider():
    return BuiltinProvider()


@pytest.fixture
def family_query():
    return SearchQuery(
        origin="GRU",
        destination="LIS",
        departure=date(2027, 5, 10),
        return_date=date(2027, 5, 20),
        adults=2,
        children=1,
        infants=1,
    )
