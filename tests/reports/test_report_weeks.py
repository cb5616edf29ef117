from datetime import UTC, date, datetime

import pytest

from pipelines.reports.weeks import IsoWeek, last_complete_iso_week

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2026, 11, 23, 6, 0, tzinfo=UTC), "2026-W47"),  # Monday tick: the week just ended
        (datetime(2026, 11, 23, 0, 0), "2026-W47"),  # Monday midnight: that week is complete
        (datetime(2026, 11, 22, 23, 59), "2026-W46"),  # Sunday night: W47 is not over yet
        (datetime(2026, 11, 20, 15, 0), "2026-W46"),
        (date(2027, 1, 4), "2026-W53"),  # 2026 has 53 ISO weeks
        (date(2026, 1, 5), "2026-W01"),  # W01 of 2026 starts on Monday 29 Dec 2025
        (date(2026, 1, 1), "2025-W52"),
    ],
)
def test_last_complete_iso_week(moment, expected):
    assert str(last_complete_iso_week(moment)) == expected


def test_week_bounds_are_monday_to_monday():
    week = IsoWeek.parse("2026-W01")
    assert (week.start, week.last_day, week.end) == (
        date(2025, 12, 29),
        date(2026, 1, 4),
        date(2026, 1, 5),
    )
    assert str(week.minus(1)) == "2025-W52"


@pytest.mark.parametrize("bad", ["2026-47", "2026-W54", "2025-W53", "W47", "2026-W7"])
def test_bad_weeks_are_refused(bad):
    with pytest.raises(ValueError):
        IsoWeek.parse(bad)


@pytest.mark.parametrize(
    ("week", "complete_month", "running"),
    [
        (
            "2026-W46",
            date(2026, 10, 1),
            date(2026, 11, 1),
        ),  # 9-15 Nov: October is the last whole month
        ("2026-W48", date(2026, 10, 1), date(2026, 11, 1)),  # 23-29 Nov: November ends on the 30th
        ("2026-W49", date(2026, 11, 1), date(2026, 12, 1)),  # 30 Nov - 6 Dec
        ("2026-W53", date(2026, 12, 1), date(2027, 1, 1)),  # 28 Dec - 3 Jan
    ],
)
def test_margin_month_is_the_last_complete_one(week, complete_month, running):
    from pipelines.reports.queries import report_month, running_month

    assert report_month(IsoWeek.parse(week)) == complete_month
    assert running_month(IsoWeek.parse(week)) == running
