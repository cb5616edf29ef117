"""Row accounting of ingest: rows read = loaded + quarantined, and no file lost whole.

A file rejected whole (unreadable, a required column missing or renamed), or one whose every row
was quarantined (a date format changed in the export), loads none of its rows:
a re-export of invoice_lines.csv with `amount` renamed would otherwise publish the revenue of
the files that did load as if it were all. Only the latest ingest counts: a file rejected by an
earlier build and since fixed or removed is history, and ingest tries a rejected file again on
every build, so one still there is rejected again.
"""

from __future__ import annotations

from typing import Any

import duckdb

from pipelines.quality.config import QualityConfig
from pipelines.quality.outcome import WARNING, CheckOutcome
from pipelines.quality.sql_check_base import offending_rows, outcome_from_problems
from pipelines.quality.suites import GuardedTable, quoted

_PROBLEMS = """
select file_path, status, rows_read, rows_loaded, rows_quarantined
from {table}
where coalesce(rows_read, 0) <> coalesce(rows_loaded, 0) + coalesce(rows_quarantined, 0)
"""

# Ingest stamps every file of one run with one loaded_at: the latest stamp is the latest ingest.
# `rows_loaded_before`: what the same path loaded the last time it loaded (a re-export's loss).
_REJECTED = """
with latest_ingest as (
    select max(loaded_at) as loaded_at from {table}
),
this_ingest as (
    select files.*
    from {table} as files, latest_ingest
    where files.loaded_at = latest_ingest.loaded_at
),
loaded_before as (
    select files.file_path, arg_max(files.rows_loaded, files.loaded_at) as rows_loaded_before
    from {table} as files, latest_ingest
    where files.status = 'loaded' and files.loaded_at < latest_ingest.loaded_at
    group by files.file_path
)
select
    r.file_path,
    r.entity,
    case
        when r.status = 'rejected' then coalesce(r.message, r.file_path)
        else r.file_path || ': all ' || r.rows_read || ' rows quarantined (see raw.quarantine)'
    end as message,
    coalesce(b.rows_loaded_before, 0) as rows_loaded_before,
    (select count(*) from this_ingest) as files_this_ingest
from this_ingest as r
left join loaded_before as b on b.file_path = r.file_path
where r.status = 'rejected'
   or (r.status = 'loaded' and r.rows_loaded = 0 and r.rows_read >= $1)
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


def no_file_rejected(
    con: duckdb.DuckDBPyConnection,
    guarded: GuardedTable,
    spec: dict[str, Any],
    config: QualityConfig,
) -> CheckOutcome:
    """Fails when the latest ingest lost a file whole: rejected it, or quarantined every one of
    its rows (at least ``all_quarantined_min_rows``, default 10: a one-line correction file
    whose row was refused is row-level damage). MSP_ALLOW_REJECTED=1 makes it a warning."""
    min_rows = int(spec.get("all_quarantined_min_rows", 10))
    sql = _REJECTED.format(table=quoted(guarded.table_name))
    count, examples = offending_rows(con, sql, [min_rows])
    files = examples[0]["files_this_ingest"] if examples else 0
    named = "; ".join(
        f"{e['message'] or e['file_path']}"
        + (
            f" (it loaded {e['rows_loaded_before']:,} rows before)"
            if e["rows_loaded_before"]
            else ""
        )
        for e in examples
    )
    outcome = outcome_from_problems(
        guarded,
        spec,
        rule="no landing file lost whole by the latest ingest: rejected, or every one of at "
        f"least {min_rows} rows quarantined",
        column_name="status",
        count=count,
        examples=[{k: v for k, v in e.items() if k != "files_this_ingest"} for e in examples],
        what=f"of {files} landing files lost whole, none of their rows loaded: {named}"
        if count
        else "landing files lost whole",
    )
    if config.allow_rejected and not outcome.passed:
        outcome.severity = WARNING
        outcome.details["allowed"] = "MSP_ALLOW_REJECTED=1 (msp-insights build --allow-rejected)"
    return outcome
