"""As of when: the data's date, the last build, and which month and week are still running.

The data's date is the build's as-of time (`intermediate.int_as_of`: the newest monitoring
event or ticket, or `--as-of`); the banner also names the newest event, ticket and time
entry, and when the last build that passed its checks ran. The month and the ISO week the
as-of time falls in are still running: the dashboard shows them "to date", apart from the
complete ones, and leaves them out of trend lines unless asked. "This week" is the last
complete ISO week, as in the weekly reports (`pipelines.reports.weeks`).
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from pipelines.dashboard import queries
from pipelines.reports.weeks import IsoWeek, last_complete_iso_week


@dataclass(frozen=True)
class DataDate:
    as_of: dt.datetime | None
    newest_event: dt.datetime | None
    newest_ticket: dt.datetime | None
    newest_time_entry: dt.datetime | None
    last_build: dt.datetime | None
    first_month: dt.date | None  # the first month the margin mart covers
    last_month: dt.date | None  # the last month it covers (normally the as-of month)

    @property
    def running_month(self) -> dt.date | None:
        """The as-of month while it is not over; None when the data ends with a whole month."""
        if self.last_month is None:
            return None
        if self.as_of is None or self.as_of.date().replace(day=1) != self.last_month:
            return None
        next_month = add_months(self.last_month, 1)
        over = self.as_of >= dt.datetime.combine(next_month, dt.time()) - dt.timedelta(seconds=1)
        return None if over else self.last_month

    @property
    def last_complete_month(self) -> dt.date | None:
        if self.last_month is None:
            return None
        return add_months(self.last_month, -1) if self.running_month else self.last_month

    @property
    def this_week(self) -> IsoWeek | None:
        """The last complete ISO week (Monday to Sunday) before the as-of time."""
        return None if self.as_of is None else last_complete_iso_week(self.as_of)

    @property
    def running_week(self) -> IsoWeek | None:
        return None if self.as_of is None else IsoWeek.containing(self.as_of.date())


def add_months(month: dt.date, count: int) -> dt.date:
    year, index = divmod(month.year * 12 + month.month - 1 + count, 12)
    return dt.date(year, index + 1, 1)


_cache: dict[tuple, DataDate] = {}
_lock = threading.Lock()


def data_date(warehouse: str | os.PathLike) -> DataDate:
    """The warehouse's DataDate, read once per published copy.

    Publish replaces the file (a new inode), so the file's identity is a sound cache key: a
    new build shows its own date on the next page view, and page views in between pay nothing.
    """
    stat = Path(warehouse).stat()
    key = (str(warehouse), stat.st_ino, stat.st_mtime_ns, stat.st_size)
    with _lock:
        if key in _cache:
            return _cache[key]
    with queries.read_only(warehouse) as con:
        found = queries.data_dates(con)
        first, last = queries.month_range(con)
    value = DataDate(**found, first_month=first, last_month=last)
    with _lock:
        _cache.clear()  # only the current copy matters
        _cache[key] = value
    return value
