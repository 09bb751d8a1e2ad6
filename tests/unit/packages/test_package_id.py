from datetime import date

import pytest

from services.catalog.models import Cabin
from services.errors import NotFound
from services.packages.package_id import InvalidPackageId, PackageRef, decode, encode
from services.packages.models import SearchQuery
from services.packages.search import rebuild, search_packages


class OtherProvider:
    name = "a"


def test_encode_decode_round_trip():
    query = SearchQuery(origin="SYD", destination="LAX", departure=date(2027, 3, 10), return_date=date(2027, 3, 24),
                        adults=3, children=2, infants=1, cabin=Cabin.PREMIUM_ECONOMY, rooms=2)
    ref = PackageRef("b", query, "F03101P", "F03242P", "HABCDEF12", "PA", "PD")
    package_id = encode(ref)
    assert package_id.startswith("bSYDLAX270310270324321P2-F03101P-")
    assert len(package_id) < 70 and all(c.isalnum() or c == "-" for c in package_id)
    assert decode(package_id) == ref


def test_every_search_result_rebuilds_identically(family_query, provider):
    for package in search_packages(family_query, limit=10, provider=provider):
        assert rebuild(package.id, provider=provider) == package


def test_rebuild_with_a_switched_transfer(family_query, provider):
    package = search_packages(family_query, limit=1, provider=provider)[0]
    ref = decode(package.id)
    other_kind = "P" if package.transfer_in.kind == "SHARED" else "S"
    switched = encode(PackageRef(ref.provider, ref.query, ref.outbound_id, ref.inbound_id, ref.hotel_id,
                                 f"{other_kind}A", ref.transfer_out_id))
    rebuilt = rebuild(switched, provider=provider)
    assert rebuilt.transfer_in.kind != package.transfer_in.kind and rebuilt.hotel == package.hotel
    assert rebuilt.price.total_cents != package.price.total_cents


@pytest.mark.parametrize("bad", ["", "nonsense", "bGRULIS-1-2-3-4-5-0000", "bGRULIS2705102705202110E1-A-B-C-D-E"])
def test_malformed_ids_are_rejected(bad, provider):
    with pytest.raises(InvalidPackageId):
        rebuild(bad, provider=provider)


def test_tampered_id_fails_the_check(family_query, provider):
    package_id = search_packages(family_query, limit=1, provider=provider)[0].id
    tampered = package_id.replace("GRULIS", "GRUMAD")
    with pytest.raises(InvalidPackageId) as err:
        rebuild(tampered, provider=provider)
    assert isinstance(err.value, ValueError) and isinstance(err.value, NotFound)


def test_offer_that_does_not_exist_is_not_found(family_query, provider):
    ref = decode(search_packages(family_query, limit=1, provider=provider)[0].id)
    missing = encode(PackageRef(ref.provider, ref.query, ref.outbound_id, ref.inbound_id, "HNOSUCH", "SA", "SD"))
    with pytest.raises(NotFound):
        rebuild(missing, provider=provider)


def test_id_from_another_catalogue_is_not_found(family_query, provider):
    package_id = search_packages(family_query, limit=1, provider=provider)[0].id
    with pytest.raises(NotFound):
        rebuild(package_id, provider=OtherProvider())
