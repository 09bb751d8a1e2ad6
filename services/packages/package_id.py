"""Shareable package ids: the query and the chosen offer ids in a short, URL-safe string.

Shape: `bGRULIS2703102703172100E1-<out>-<return>-<hotel>-<in>-<out transfer>-<check>` (no space), where the
head is provider code, origin, destination, departure and return (yymmdd), adults, children, infants,
cabin initial and rooms; offer ids are alphanumeric; `check` is 4 hex digits of a BLAKE2b digest,
so typos and hand-edited ids are rejected instead of silently building another package.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime

from services.catalog.models import Cabin
from services.errors import NotFound
from services.packages.models import SearchQuery

_CABIN_BY_INITIAL = {cabin.value[0]: cabin for cabin in Cabin}
_HEAD = re.compile(r"^([a-z])([A-Z]{3})([A-Z]{3})(\d{6})(\d{6})(\d)(\d)(\d)([EPBF])(\d)$")
_OFFER = re.compile(r"^[A-Za-z0-9]{1,24}$")


class InvalidPackageId(NotFound, ValueError):
    """The id is malformed or its check digits do not match: no such package."""


@dataclass(frozen=True)
class PackageRef:
    provider: str
    query: SearchQuery
    outbound_id: str
    inbound_id: str
    hotel_id: str
    transfer_in_id: str
    transfer_out_id: str


def _check(body: str) -> str:
    return hashlib.blake2b(body.encode(), digest_size=2).hexdigest()


def encode(ref: PackageRef) -> str:
    q = ref.query
    head = (f"{ref.provider}{q.origin}{q.destination}{q.departure:%y%m%d}{q.return_date:%y%m%d}"
            f"{q.adults}{q.children}{q.infants}{q.cabin.value[0]}{q.rooms}")
    offers = (ref.outbound_id, ref.inbound_id, ref.hotel_id, ref.transfer_in_id, ref.transfer_out_id)
    if not all(_OFFER.match(o) for o in offers):
        raise ValueError(f"offer ids must be 1–24 letters or digits: {offers}")
    body = "-".join((head, *offers))
    return f"{body}-{_check(body)}"


def decode(package_id: str) -> PackageRef:
    parts = (package_id or "").strip().split("-")
    if len(parts) != 7 or _check("-".join(parts[:6])) != parts[6]:
        raise InvalidPackageId("Package not found: the link is incomplete or was altered.")
    head = _HEAD.match(parts[0])
    if not head or not all(_OFFER.match(p) for p in parts[1:6]):
        raise InvalidPackageId("Package not found: the link is malformed.")
    provider, origin, destination, dep, ret, adults, children, infants, cabin, rooms = head.groups()
    try:
        query = SearchQuery(origin=origin, destination=destination, departure=_date(dep), return_date=_date(ret),
                            adults=int(adults), children=int(children), infants=int(infants),
                            cabin=_CABIN_BY_INITIAL[cabin], rooms=int(rooms))
    except ValueError as err:
        raise InvalidPackageId("Package not found: the link is malformed.") from err
    return PackageRef(provider, query, *parts[1:6])


def _date(yymmdd: str) -> date:
    return datetime.strptime(yymmdd, "%y%m%d").date()
