"""Split a generated landing dir into "as it was a week ago" and "the week's new files".

Used by `bench/run_bench.py` (the weekly incremental refresh figure) and by
`tests/perf/test_incremental.py` (incremental build == full build, row for row).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb

# Entities whose rows arrive over time: (column of the row's start, column of its last change).
MOVING = {
    "monitoring_events": ("started_at", "resolved_at"),
    "tickets": ("created_at", "resolved_at"),
    "time_entries": ("started_at", "started_at"),
}

# Offset stripped: the cut is on the wall-clock text, a few hours either way do not matter.
_TS = "try_cast(regexp_replace({c}, '(Z|[+-][0-9:]+)$', '') as timestamp)"


def split_last_week(landing: Path, base: Path, week: Path, days: int = 7) -> None:
    """Copy a landing dir as it was `days` before its as-of (base), and the week's new files.

    Events, tickets and time entries of the last `days` go to `<entity>_lastweek.csv` in
    `week`; rows that started earlier but changed since (resolved in the week) are re-sent
    there too, as corrected re-exports are. Everything else is copied to `base` unchanged.
    """
    truth = json.loads((landing / "_truth.json").read_text())
    cutoff = truth["as_of"]
    for d in (base, week):
        shutil.rmtree(d, ignore_errors=True)
        (d / "generic").mkdir(parents=True)
    cut = f"(cast(? as timestamptz) at time zone 'UTC') - interval {int(days)} day"
    with duckdb.connect() as con:
        for path in sorted((landing / "generic").glob("*.csv")):
            entity = path.stem
            if entity not in MOVING:
                shutil.copy(path, base / "generic" / path.name)
                continue
            start_col, change_col = MOVING[entity]
            start, change = _TS.format(c=start_col), _TS.format(c=change_col)
            # In base: what had started before the cut, as it looked then: a row resolved
            # after the cut was still open (resolution blanked); the week's file re-sends it.
            select = "*"
            if change_col != start_col:
                select = f"* replace (case when {change} >= {cut} then null else {change_col} end as {change_col})"
            con.execute(
                f"copy (select {select} from read_csv(?, all_varchar = true) where {start} < {cut}) "
                f"to '{base / 'generic' / path.name}' (header)",
                [cutoff, str(path), cutoff] if change_col != start_col else [str(path), cutoff],
            )
            con.execute(
                f"copy (select * from read_csv(?, all_varchar = true) "
                f"where coalesce({change}, {start}) >= {cut} or {start} >= {cut}) "
                f"to '{week / 'generic' / (entity + '_lastweek.csv')}' (header)",
                [str(path), cutoff, cutoff],
            )


def add_week(base: Path, week: Path) -> list[Path]:
    """Drop the week's files into the base landing dir (as the weekly export would)."""
    added = []
    for f in sorted((week / "generic").glob("*.csv")):
        target = base / "generic" / f.name
        shutil.copy(f, target)
        added.append(target)
    return added
