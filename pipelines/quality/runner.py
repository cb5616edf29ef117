"""Check one guarded table: its GX suite on the needed columns, then its SQL checks."""

from __future__ import annotations

import duckdb

from pipelines.quality.config import QualityConfig
from pipelines.quality.gx_validation import validate_frame
from pipelines.quality.outcome import CRITICAL, CheckOutcome
from pipelines.quality.sql_checks import run_sql_check
from pipelines.quality.suites import GuardedTable, quoted


def check_table(
    con: duckdb.DuckDBPyConnection, guarded: GuardedTable, config: QualityConfig
) -> list[CheckOutcome]:
    """Every outcome for the table, passed or not. Reads only; history is written by the caller."""
    existing = _existing_columns(con, guarded.table_name)
    if not existing:
        return [
            CheckOutcome(
                table_name=guarded.table_name,
                check_name="table_exists",
                expectation="the table exists",
                column_name=None,
                passed=False,
                severity=CRITICAL,
                observed_value="table not found in the warehouse",
            )
        ]
    # A column the suite names but the table lacks is left out here; its expectations then
    # fail in GX ("column not found"), which names the column.
    columns = [c for c in guarded.columns_needed() if c in existing]
    select_list = ", ".join(f'"{c}"' for c in columns) or "count(*) as _rows"
    frame = con.sql(f"select {select_list} from {quoted(guarded.table_name)}").df()  # noqa: S608 - checked names
    outcomes = validate_frame(guarded, frame) if guarded.suite.get("expectations") else []
    return outcomes + [run_sql_check(con, guarded, spec, config) for spec in guarded.sql_checks]


def _existing_columns(con: duckdb.DuckDBPyConnection, table_name: str) -> set[str]:
    schema, table = table_name.split(".")
    rows = con.execute(
        "select column_name from information_schema.columns "
        "where table_schema = ? and table_name = ?",
        [schema, table],
    ).fetchall()
    return {r[0] for r in rows}
