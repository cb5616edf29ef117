"""quality.check_results: every outcome of every run, and the failures of the latest run.

The build command prints ``failed_checks_report(con)`` after a run so that a person sees which
check failed, on which table and column, the observed value and a few example rows.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import duckdb
import pandas as pd

from pipelines.quality.outcome import CheckOutcome, markdown_table

_CREATE = """
create schema if not exists quality;
create table if not exists quality.check_results (
    run_id varchar not null,
    checked_at timestamp not null,
    table_name varchar not null,
    check_name varchar not null,
    expectation varchar,
    column_name varchar,
    passed boolean not null,
    severity varchar not null,
    observed_value varchar,
    details json
);
"""

_COLUMNS = [
    "run_id",
    "checked_at",
    "table_name",
    "check_name",
    "expectation",
    "column_name",
    "passed",
    "severity",
    "observed_value",
    "details",
]


def record_outcomes(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    outcomes: list[CheckOutcome],
    checked_at: datetime | None = None,
) -> None:
    """Append the outcomes of one table's checks (checked_at: naive UTC, as all warehouse times)."""
    con.execute(_CREATE)
    if not outcomes:
        return
    checked_at = (checked_at or datetime.now(UTC)).replace(tzinfo=None)
    results = pd.DataFrame(
        [
            (
                run_id,
                checked_at,
                o.table_name,
                o.check_name,
                o.expectation,
                o.column_name,
                o.passed,
                o.severity,
                o.observed_value,
                json.dumps(o.details, default=str),
            )
            for o in outcomes
        ],
        columns=_COLUMNS,
    )
    con.register("_check_results_batch", results)
    try:
        con.execute(
            "insert into quality.check_results by name "
            "select * replace (cast(details as json) as details) from _check_results_batch"
        )
    finally:
        con.unregister("_check_results_batch")


def failed_checks(con: duckdb.DuckDBPyConnection, run_id: str | None = None) -> list[dict]:
    """The failed outcomes of one run (default: the run whose checks ran last), worst first."""
    exists = con.execute(
        "select count(*) from information_schema.tables "
        "where table_schema = 'quality' and table_name = 'check_results'"
    ).fetchall()[0][0]
    if not exists:
        return []
    rows = con.execute(
        """
        with chosen as (
            select coalesce(
                ?, (select arg_max(run_id, checked_at) from quality.check_results)
            ) as run_id
        )
        select r.run_id, r.table_name, r.check_name, r.expectation, r.column_name,
               r.severity, r.observed_value, cast(r.details as varchar) as details
        from quality.check_results as r
        join chosen using (run_id)
        where not r.passed
        order by r.severity = 'critical' desc, r.table_name, r.check_name
        """,
        [run_id],
    ).fetchall()
    names = [
        "run_id",
        "table_name",
        "check_name",
        "expectation",
        "column_name",
        "severity",
        "observed_value",
        "details",
    ]
    return [
        dict(zip(names, row, strict=True)) | {"details": json.loads(row[-1] or "{}")}
        for row in rows
    ]


def failed_checks_report(con: duckdb.DuckDBPyConnection, run_id: str | None = None) -> str:
    """Plain text for the terminal: one block per failed check, blocking ones first."""
    failures = failed_checks(con, run_id)
    blocks = []
    for f in failures:
        verdict = "BLOCKING" if f["severity"] == "critical" else "warning"
        lines = [
            f"[{verdict}] {f['table_name']}: {f['check_name']}",
            f"  expectation: {f['expectation']}",
            f"  column:      {f['column_name'] or '-'}",
            f"  observed:    {f['observed_value']}",
        ]
        examples = f["details"].get("examples") or []
        if examples:
            lines.append("  example rows:")
            lines += ["    " + line for line in markdown_table(examples).splitlines()]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
