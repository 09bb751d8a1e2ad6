"""Shareable package ids: the query and the chosen offer ids in a short, URL-safe string, signed.

Shape: `bGRULIS2703102703172100E1-<out>-<return>-<hotel>-<in>-<out transfer>-<tag>` (no space), where the
head is provider code, origin, destination, departure and return (yymmdd), adults, children, infants,
cabin initial and rooms; offer ids are alphanumeric; `tag` is a keyed MAC of everything before it:
HMAC-SHA256 under a server secret, its first 80 bits as 16 lowercase base32 characters. Without the
key nobody can make a valid id for another route, date or offer (an unkeyed check digit could simply
be recomputed); a forger's best chance is one guess in 2^80 per request, so a short tag is plenty for a
URL. Changing the key invalidates every id signed with the old one (shared links then say "not found").

`encode`/`decode` take the key explicitly; `services.packages.signing.package_id_key` gives the
server's. `decode` only checks the shape and the tag: `search.rebuild` also re-checks the search rules.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import date, datetime

from services.catalog.models import Cabin
from services.errors import NotFound
from services.packages.models import SearchQuery

_CABIN_BY_INITIAL = {cabin.value[0]: cabin for cabin in Cabin}
_HEAD = re.compile(r"^([a-z])([A-Z]{3})([A-Z]{3})(\d{6})(\d{6})(\d)(\d)(\d)([EPBF])(\d)$")
_OFFER = re.compile(r"^[A-Za-z0-9]{1,24}$")
_TAG = re.compile(r"^[a-z2-7]{16}$")
TAG_BYTES = 10  # 80 bits -> 16 base32 characters, no padding
# Domain separation: the same key could one day sign something else; these tags never match those.
_CONTEXT = b"dreams/package-id/v1\n"


class InvalidPackageId(NotFound, ValueError):
    """The id is malformed, its tag does not match, or it names no package we would offer: not found."""


@dataclass(frozen=True)
class PackageRef:
    provider: str
    query: SearchQuery
    outbound_id: str
    inbound_id: str
    hotel_id: str
    transfer_in_id: str
    transfer_out_id: str


def _tag(body: str, key: bytes) -> str:
    if not key:
        raise ValueError("a package id key is required")
    mac = hmac.new(key, _CONTEXT + body.encode(), hashlib.sha256).digest()[:TAG_BYTES]
    return base64.b32encode(mac).decode().lower()


def encode(ref: PackageRef, key: bytes) -> str:
    q = ref.query
    head = (
        f"{ref.provider}{q.origin}{q.destination}{q.departure:%y%m%d}{q.return_date:%y%m%d}"
        f"{q.adults}{q.children}{q.infants}{q.cabin.value[0]}{q.rooms}"
    )
    offers = (ref.outbound_id, ref.inbound_id, ref.hotel_id, ref.transfer_in_id, ref.transfer_out_id)
    if not all(_OFFER.match(o) for o in offers):
        raise ValueError(f"offer ids must be 1–24 letters or digits: {offers}")
    body = "-".join((head, *offers))
    return f"{body}-{_tag(body, key)}"


def decode(package_id: str, key: bytes) -> PackageRef:
    parts = (package_id or "").strip().split("-")
    # The tag's shape is checked first: compare_digest wants ASCII, and a URL may hold anything.
    if len(parts) != 7 or not _TAG.match(parts[6]) or not hmac.compare_digest(_tag("-".join(parts[:6]), key), parts[6]):
        raise InvalidPackageId("Package not found: the link is incomplete or was altered.")
    head = _HEAD.match(parts[0])
    if not head or not all(_OFFER.match(p) for p in parts[1:6]):
        raise InvalidPackageId("Package not found: the link is malformed.")
    provider, origin, destination, dep, ret, adults, children, infants, cabin, rooms = head.groups()
    try:
        query = SearchQuery(
            origin=origin,
            destination=destination,
            departure=_date(dep),
            return_date=_date(ret),
            adults=int(adults),
            children=int(children),
            infants=int(infants),
            cabin=_CABIN_BY_INITIAL[cabin],
            rooms=int(rooms),
        )
    except ValueError as err:
        raise InvalidPackageId("Package not found: the link is malformed.") from err
    return PackageRef(provider, query, *parts[1:6])


def _date(yymmdd: str) -> date:
    return datetime.strptime(yymmdd, "%y%m%d").date()
