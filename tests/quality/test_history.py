"""quality.check_results keeps every outcome of every run; the report shows the latest failures."""

from __future__ import annotations

import duckdb
import pytest
from quality_fixture_warehouse import run_sql

from pipelines.quality import (
    check_table,
    failed_checks,
    failed_checks_report,
    find_guarded_table,
    record_outcomes,
)

pytestmark = pytest.mark.unit


def test_every_outcome_is_appended_and_the_latest_run_is_reported(good_warehouse, config):
    guarded = find_guarded_table(config.expectations_dir, "raw.ingested_files")
    with duckdb.connect(str(good_warehouse)) as con:
        first = check_table(con, guarded, config)
        record_outcomes(con, "run-1", first)
    run_sql(
        good_warehouse,
        "update raw.ingested_files set rows_quarantined = 5 "
        "where file_path = 'generic/tickets.csv'",
    )
    with duckdb.connect(str(good_warehouse)) as con:
        second = check_table(con, guarded, config)
        record_outcomes(con, "run-2", second)
        per_run = con.sql(
            "select run_id, count(*), count(*) filter (where not passed) "
            "from quality.check_results group by run_id order by run_id"
        ).fetchall()
        stored = con.sql(
            "select table_name, check_name, column_name, severity, observed_value, "
            "details->>'$.examples[0].rows_read' from quality.check_results "
            "where not passed"
        ).fetchall()
        failures = failed_checks(con)
        report = failed_checks_report(con)
        nothing_failed_in_run_1 = failed_checks(con, "run-1")
    assert per_run == [("run-1", len(first), 0), ("run-2", len(second), 1)]
    assert stored == [
        (
            "raw.ingested_files",
            "rows_accounted_for",
            "rows_read,rows_loaded,rows_quarantined",
            "critical",
            "1 files whose rows do not add up",
            "10",
        )
    ]
    assert [(f["run_id"], f["check_name"]) for f in failures] == [("run-2", "rows_accounted_for")]
    assert nothing_failed_in_run_1 == []
    assert "[BLOCKING] raw.ingested_files: rows_accounted_for" in report
    assert "| generic/tickets.csv | loaded | 10 | 8 | 5 |" in report


def test_no_history_yet_means_nothing_to_report(tmp_path):
    with duckdb.connect(str(tmp_path / "empty.duckdb")) as con:
        assert failed_checks_report(con) == ""
