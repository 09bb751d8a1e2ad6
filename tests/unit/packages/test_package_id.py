import base64
import hashlib
import string
from datetime import date, timedelta

import pytest

from services.catalog.models import Cabin
from services.errors import NotFound
from services.packages.package_id import InvalidPackageId, PackageRef, decode, encode
from services.packages.models import SearchQuery
from services.packages.search import rebuild, search_packages

KEY = b"k" * 32
OTHER_KEY = b"o" * 32
TODAY = date(2027, 1, 15)  # rebuild checks the search rules against "today": pin it


class OtherProvider:
    name = "a"


@pytest.fixture
def package(family_query, provider):
    return search_packages(family_query, limit=1, provider=provider, key=KEY)[0]


def _rebuild(package_id, provider, **kwargs):
    return rebuild(package_id, provider=provider, key=KEY, today=TODAY, **kwargs)


def test_encode_decode_round_trip():
    query = SearchQuery(
        origin="SYD",
        destination="LAX",
        departure=date(2027, 3, 10),
        return_date=date(2027, 3, 24),
        adults=3,
        children=2,
        infants=1,
        cabin=Cabin.PREMIUM_ECONOMY,
        rooms=2,
    )
    ref = PackageRef("b", query, "F03101P", "F03242P", "HABCDEF12", "PA", "PD")
    package_id = encode(ref, KEY)
    assert package_id.startswith("bSYDLAX270310270324321P2-F03101P-")
    assert len(package_id) < 80 and all(c.isalnum() or c == "-" for c in package_id)
    assert len(package_id.rsplit("-", 1)[1]) == 16  # an 80-bit tag
    assert decode(package_id, KEY) == ref


def test_every_search_result_rebuilds_identically(family_query, provider):
    for package in search_packages(family_query, limit=10, provider=provider, key=KEY):
        assert _rebuild(package.id, provider) == package


def test_flipping_any_character_is_refused(package, provider):
    package_id = package.id
    for i, char in enumerate(package_id):
        other = "b" if char == "a" else "a"
        with pytest.raises(InvalidPackageId):
            decode(package_id[:i] + other + package_id[i + 1 :], KEY)


def test_an_id_signed_with_another_key_is_refused(package, provider):
    resigned = encode(decode(package.id, KEY), OTHER_KEY)
    assert resigned != package.id
    with pytest.raises(InvalidPackageId):
        _rebuild(resigned, provider)


def test_the_lis_to_lis_forgery_with_an_unkeyed_check_is_refused(package, provider):
    # The attack on the old ids: edit the route, recompute an unkeyed digest as the tag.
    body = package.id.rsplit("-", 1)[0].replace("GRULIS", "LISLIS", 1)
    for tag in (
        hashlib.blake2b(body.encode(), digest_size=2).hexdigest(),
        base64.b32encode(hashlib.sha256(body.encode()).digest()[:10]).decode().lower(),
    ):
        with pytest.raises(InvalidPackageId):
            _rebuild(f"{body}-{tag}", provider)


@pytest.mark.parametrize(
    ("change", "rule"),
    [  # CGH: São Paulo too, like GRU
        ({"destination": "GRU"}, "search.destination.same_as_origin"),
        ({"destination": "CGH"}, "search.destination.same_as_origin"),
        ({"origin": "QQQ"}, "search.origin.unknown"),
        ({"departure": TODAY - timedelta(days=1), "return_date": TODAY + timedelta(days=5)}, "search.departure.past"),
        (
            {"departure": TODAY + timedelta(days=331), "return_date": TODAY + timedelta(days=338)},
            "search.departure.too_far",
        ),
        ({"return_date": date(2027, 5, 10)}, "search.return.before_departure"),
        ({"return_date": date(2027, 6, 10)}, "search.return.too_long"),
        ({"adults": 5, "children": 5}, "search.travellers.too_many"),
        ({"adults": 1, "infants": 2}, "search.infants.more_than_adults"),
        ({"rooms": 3}, "search.rooms.invalid"),
    ],
)
def test_a_validly_signed_id_that_breaks_a_search_rule_is_refused(package, provider, change, rule):
    ref = decode(package.id, KEY)
    bad_query = SearchQuery.model_construct(**{**ref.query.model_dump(), **change})
    signed = encode(
        PackageRef(
            ref.provider,
            bad_query,
            ref.outbound_id,
            ref.inbound_id,
            ref.hotel_id,
            ref.transfer_in_id,
            ref.transfer_out_id,
        ),
        KEY,
    )
    assert decode(signed, KEY).query == bad_query  # the signature is fine: only the rules refuse it
    with pytest.raises(InvalidPackageId, match=rule.replace(".", r"\.")):
        _rebuild(signed, provider)


def test_a_stale_id_is_refused_once_its_departure_has_passed(package, provider):
    departure = package.query.departure
    assert _rebuild(package.id, provider) == package
    with pytest.raises(InvalidPackageId):
        rebuild(package.id, provider=provider, key=KEY, today=departure + timedelta(days=1))


def test_rebuild_with_a_switched_transfer(package, provider):
    ref = decode(package.id, KEY)
    other_kind = "P" if package.transfer_in.kind == "SHARED" else "S"
    switched = encode(
        PackageRef(
            ref.provider,
            ref.query,
            ref.outbound_id,
            ref.inbound_id,
            ref.hotel_id,
            f"{other_kind}A",
            ref.transfer_out_id,
        ),
        KEY,
    )
    rebuilt = _rebuild(switched, provider)
    assert rebuilt.transfer_in.kind != package.transfer_in.kind and rebuilt.hotel == package.hotel
    assert rebuilt.price.total_cents != package.price.total_cents


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "nonsense",
        "bGRULIS-1-2-3-4-5-0000",
        "bGRULIS2705102705202110E1-A-B-C-D-E",
        "bGRULIS2705102705202110E1-A-B-C-D-E-" + "é" * 16,
        "bGRULIS2705102705202110E1-A-B-C-D-E-" + "a" * 17,
    ],
)
def test_malformed_ids_are_rejected(bad, provider):
    with pytest.raises(InvalidPackageId):
        _rebuild(bad, provider)


def test_tampered_id_is_not_found(package, provider):
    tampered = package.id.replace("GRULIS", "GRUMAD")
    with pytest.raises(InvalidPackageId) as err:
        _rebuild(tampered, provider)
    assert isinstance(err.value, ValueError) and isinstance(err.value, NotFound)


def test_offer_that_does_not_exist_is_not_found(package, provider):
    ref = decode(package.id, KEY)
    missing = encode(PackageRef(ref.provider, ref.query, ref.outbound_id, ref.inbound_id, "HNOSUCH", "SA", "SD"), KEY)
    with pytest.raises(NotFound):
        _rebuild(missing, provider)


def test_id_from_another_catalogue_is_not_found(package):
    with pytest.raises(InvalidPackageId):
        _rebuild(package.id, OtherProvider())


def test_tags_use_only_url_safe_characters(package):
    assert set(package.id.rsplit("-", 1)[1]) <= set(string.ascii_lowercase + "234567")


def test_an_empty_key_is_a_programming_error(package):
    with pytest.raises(ValueError):
        encode(decode(package.id, KEY), b"")
