from datetime import UTC, date, datetime, timedelta

import pytest

from services.catalog.builtin import BuiltinProvider
from services.packages import SearchQuery, search_packages
from services.payments.documents import SessionView, purchase_document, quote_document
from services.payments.models import Purchase


@pytest.fixture(scope="session")
def package():
    query = SearchQuery(
        origin="GRU",
        destination="LIS",
        departure=date(2027, 5, 10),
        return_date=date(2027, 5, 17),
        adults=2,
        children=1,
    )
    return search_packages(query, limit=1, provider=BuiltinProvider())[0]


@pytest.fixture
def now():
    return datetime(2027, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def quote_doc(package, now):
    return quote_document("q_1", package, "u1", now)


@pytest.fixture
def session(package):
    return SessionView(
        id="cs_test_1",
        payment_status="paid",
        amount_total=package.total_cents,
        currency="brl",
        payment_intent="pi_1",
        metadata={"quote_id": "q_1", "user_id": "u1"},
        customer_email="ana@example.com",
    )


@pytest.fixture
def purchase(quote_doc, session, now) -> Purchase:
    return Purchase.from_doc(purchase_document(quote_doc, session, "evt_1", int(now.timestamp()), now))


@pytest.fixture
def days():
    return lambda n: timedelta(days=n)
