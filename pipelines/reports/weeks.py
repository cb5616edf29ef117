"""ISO weeks as the reports name them: ``YYYY-Www``, Monday to Monday, UTC."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


@dataclass(frozen=True)
class IsoWeek:
    year: int
    week: int

    @classmethod
    def parse(cls, text: str) -> IsoWeek:
        match = _WEEK.match(text.strip())
        if not match:
            raise ValueError(f"week must look like 2024-W09, got {text!r}")
        year, week = int(match[1]), int(match[2])
        try:
            date.fromisocalendar(year, week, 1)
        except ValueError as exc:
            raise ValueError(f"{text!r} is not an ISO week: {exc}") from None
        return cls(year, week)

    @classmethod
    def containing(cls, day: date) -> IsoWeek:
        iso = day.isocalendar()
        return cls(iso.year, iso.week)

    @property
    def start(self) -> date:
        """The Monday the week starts on (inclusive)."""
        return date.fromisocalendar(self.year, self.week, 1)

    @property
    def end(self) -> date:
        """The next Monday (exclusive), so a week is [start, end)."""
        return self.start + timedelta(days=7)

    @property
    def last_day(self) -> date:
        """The Sunday the week ends on (inclusive), for people to read."""
        return self.start + timedelta(days=6)

    def minus(self, weeks: int) -> IsoWeek:
        return IsoWeek.containing(self.start - timedelta(weeks=weeks))

    def __str__(self) -> str:
        return f"{self.year}-W{self.week:02d}"


def last_complete_iso_week(moment: date | datetime) -> IsoWeek:
    """The last ISO week that had fully ended at ``moment``.

    A week ends at the next Monday 00:00, so at any time during a week (Monday
    00:00 included) the last complete week is the one before it. A schedule tick
    on Monday 06:00 therefore reports on the Monday-to-Sunday just gone.
    """
    day = moment.date() if isinstance(moment, datetime) else moment
    return IsoWeek.containing(day).minus(1)
