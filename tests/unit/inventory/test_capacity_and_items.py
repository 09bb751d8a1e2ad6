"""What a package takes from inventory, and the deterministic capacities (pure)."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest

from services.inventory.capacity import capacity
from services.inventory.models import LOW_STOCK, Availability, items_for
from services.packages import SearchQuery, search_packages


def _package(adults=2, children=1, infants=1, rooms=1, nights=4):
    departure = date.today() + timedelta(days=40)
    query = SearchQuery(
        origin="GRU",
        destination="LIS",
        departure=departure,
        return_date=departure + timedelta(days=nights),
        adults=adults,
        children=children,
        infants=infants,
        rooms=rooms,
    )
    return search_packages(query, limit=1)[0]


def test_a_package_takes_a_seat_per_seated_traveller_on_every_segment_and_its_rooms_every_night():
    package = _package(rooms=2)
    items = items_for(package)
    flights = [i for i in items if i.unit.startswith("flight:")]
    rooms = [i for i in items if i.unit.startswith("room:")]
    assert len(flights) == len(package.outbound.segments) + len(package.inbound.segments)
    assert all(i.n == 3 for i in flights)  # the infant flies on a lap
    assert len(rooms) == package.hotel.nights and all(i.n == 2 for i in rooms)
    assert [i.unit for i in items] == sorted(i.unit for i in items)  # everyone takes in the same order
    segment = package.outbound.segments[0]
    assert (
        f"flight:{segment.flight_number.replace(' ', '')}:{segment.departure_local.date().isoformat()}:"
        f"{package.outbound.cabin.value}"
    ) in {i.unit for i in flights}
    assert f"room:{package.hotel.hotel.id}:{package.hotel.check_in_local.date().isoformat()}" in {i.unit for i in rooms}


def test_capacities_are_deterministic_mostly_ample_with_a_few_small_ones():
    flights = [capacity(f"flight:TP{n}:2027-01-{1 + n % 28:02d}:ECONOMY") for n in range(2000)]
    rooms = [capacity(f"room:H{n}:2027-01-{1 + n % 28:02d}") for n in range(2000)]
    assert flights == [capacity(f"flight:TP{n}:2027-01-{1 + n % 28:02d}:ECONOMY") for n in range(2000)]
    assert all(1 <= c <= 3 or 20 <= c <= 180 for c in flights)
    assert all(1 <= c <= 3 or 5 <= c <= 40 for c in rooms)
    small = Counter(c <= 3 for c in flights)[True]
    assert 40 <= small <= 200  # ~6 %: enough to sell out in a demo, not enough to spoil search
    assert 10 <= Counter(c <= 3 for c in rooms)[True] <= 100


def test_capacity_refuses_what_is_not_a_unit():
    with pytest.raises(ValueError):
        capacity("seat:TP1")


def test_low_stock_is_shown_only_when_still_bookable():
    assert Availability(seats_left=LOW_STOCK, rooms_left=9, bookable=True).low
    assert not Availability(seats_left=LOW_STOCK + 1, rooms_left=9, bookable=True).low
    assert not Availability(seats_left=0, rooms_left=9, bookable=False).low


def test_the_test_stack_mode_makes_every_unit_ample():
    units = [f"flight:TP{n}:2027-02-01:ECONOMY" for n in range(500)] + [f"room:H{n}:2027-02-01" for n in range(500)]
    ample = [capacity(u, small_units=False) for u in units]
    assert min(ample[:500]) >= 200 and min(ample[500:]) >= 50
    assert ample == [capacity(u, small_units=False) for u in units]  # still deterministic
