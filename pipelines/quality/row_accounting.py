"""Row accounting of ingest: for every file, rows read = rows loaded + rows quarantined."""

from __future__ import annotations

from typing import Any

import duckdb

from pipelines.quality.outcome import CheckOutcome
from pipelines.quality.sql_check_base import offending_rows, outcome_from_problems
from pipelines.quality.suites import GuardedTable, quoted

_PROBLEMS = """
select file_path, status, rows_read, rows_loaded, rows_quarantined
from {table}
where coalesce(rows_read, 0) <> coalesce(rows_loaded, 0) + coalesce(rows_quarantined, 0)
"""


def rows_accounted_for(
    con: duckdb.DuckDBPyConnection, guarded: GuardedTable, spec: dict[str, Any], _config: Any
) -> CheckOutcome:
    count, examples = offending_rows(con, _PROBLEMS.format(table=quoted(guarded.table_name)))
    return outcome_from_problems(
        guarded,
        spec,
        rule="rows_read = rows_loaded + rows_quarantined for every file",
        column_name="rows_read,rows_loaded,rows_quarantined",
        count=count,
        examples=examples,
        what="files whose rows do not add up",
    )
