"""Hourly buckets of the /ops activity chart (services/ops/activity.py)."""

from datetime import UTC, datetime, timedelta

from services.ops.activity import first_hour, per_hour

NOW = datetime(2026, 12, 3, 14, 25, tzinfo=UTC)


def test_24_hours_oldest_first_ending_with_the_current_hour_and_empty_hours_kept():
    hours = per_hour([], [], NOW)
    assert len(hours) == 24
    assert hours[0].hour == datetime(2026, 12, 2, 15, 0, tzinfo=UTC) == first_hour(NOW)
    assert hours[-1].hour == datetime(2026, 12, 3, 14, 0, tzinfo=UTC)
    assert all(h.signups == h.purchases == 0 for h in hours)


def test_each_time_counts_in_its_hour_and_times_outside_the_day_are_dropped():
    signups = [
        NOW,
        NOW - timedelta(minutes=20),
        NOW - timedelta(hours=1),
        NOW - timedelta(hours=30),
        NOW + timedelta(minutes=1),
    ]  # the last two: outside the window
    purchases = [datetime(2026, 12, 2, 15, 0, tzinfo=UTC), datetime(2026, 12, 2, 14, 59, tzinfo=UTC)]
    hours = per_hour(signups, purchases, NOW)
    by_hour = {h.hour.hour: (h.signups, h.purchases) for h in hours}
    assert by_hour[14] == (2, 0) and by_hour[13] == (1, 0)
    assert by_hour[15] == (0, 1)  # 15:00 yesterday is the first hour; 14:59 yesterday is out
    assert sum(h.signups for h in hours) == 3 and sum(h.purchases for h in hours) == 1
