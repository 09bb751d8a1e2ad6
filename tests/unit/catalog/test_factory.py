from pydantic import SecretStr

from services.catalog.amadeus import AmadeusProvider
from services.catalog.builtin import BuiltinProvider
from services.catalog.factory import make_provider
from services.config import Settings


def test_builtin_catalogue_is_the_default():
    assert isinstance(make_provider(Settings(amadeus_client_id=None, amadeus_client_secret=None)), BuiltinProvider)
    assert isinstance(make_provider(Settings(amadeus_client_id="id", amadeus_client_secret=None)), BuiltinProvider)


def test_amadeus_when_both_credentials_are_set():
    provider = make_provider(
        Settings(amadeus_client_id="id", amadeus_client_secret=SecretStr("s"), amadeus_hostname="production")
    )
    assert isinstance(provider, AmadeusProvider) and provider.name == "a"
    assert provider.client.host == "api.amadeus.com"
