"""Calendar helpers shared by the generator and the truth: UTC months and the generated window."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

# The default as-of: a fixed anchor so output is deterministic. Mid-month and
# mid-afternoon, so the as-of month is partial; the US DST start (2025-03-09)
# falls inside even the smallest window.
DEFAULT_AS_OF = datetime(2025, 3, 12, 14, 0, 0, tzinfo=UTC)


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def days_in_month(month: date) -> int:
    return calendar.monthrange(month.year, month.month)[1]


def month_end(month: date) -> date:
    """Last day of the month (inclusive)."""
    return month.replace(day=days_in_month(month))


def at_midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def months_between(first: date, last: date) -> list[date]:
    """Month starts from first's month to last's month, inclusive."""
    months, current, stop = [], month_start(first), month_start(last)
    while current <= stop:
        months.append(current)
        current = add_months(current, 1)
    return months


@dataclass(frozen=True)
class Window:
    """The generated period: whole UTC months, the last one cut at the as-of time."""

    as_of: datetime
    months: int

    @property
    def first_month(self) -> date:
        return add_months(month_start(self.as_of.date()), -(self.months - 1))

    @property
    def start(self) -> datetime:
        return at_midnight(self.first_month)

    @property
    def month_starts(self) -> list[date]:
        return [add_months(self.first_month, i) for i in range(self.months)]

    @property
    def as_of_date(self) -> date:
        return self.as_of.date()

    @property
    def span(self) -> timedelta:
        return self.as_of - self.start
