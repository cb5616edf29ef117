"""End to end: generate -> build (the real Dagster job, real dbt) -> marts equal _truth.json."""

from __future__ import annotations

import json

import duckdb
import pytest

from pipelines.generate import generate_portfolio
from tests.e2e.truth import truth_mismatches
from tests.fastbuild import build_marts
from tests.portfolio import build_portfolio

pytestmark = pytest.mark.build


def _assert_equal_to_truth(portfolio) -> None:
    problems = truth_mismatches(portfolio.warehouse, portfolio.truth)
    assert not problems, f"{len(problems)} differences, first ones:\n" + "\n".join(problems[:25])


def test_marts_equal_truth(built_portfolio):
    _assert_equal_to_truth(built_portfolio)


@pytest.mark.parametrize("seed", [23, 37])
def test_marts_equal_truth_other_seeds(tmp_path, seed):
    """More seeds, marts only (ingest + dbt): the full job is covered by the test above."""
    landing = tmp_path / "landing"
    generate_portfolio(landing, clients=6, months=3, seed=seed)
    warehouse = build_marts(landing, tmp_path)
    truth = json.loads((landing / "_truth.json").read_text())
    problems = truth_mismatches(warehouse, truth)
    assert not problems, f"{len(problems)} differences, first ones:\n" + "\n".join(problems[:25])


def test_every_row_is_loaded_or_quarantined(built_portfolio):
    """Row accounting: per file read = loaded + quarantined; per entity loaded = generated."""
    with duckdb.connect(str(built_portfolio.warehouse), read_only=True) as con:
        files = con.sql(
            "select entity, rows_read, rows_loaded, rows_quarantined, status from raw.ingested_files"
        ).fetchall()
        loaded = {}
        for entity, read, ok, bad, status in files:
            assert status == "loaded"
            assert read == ok + bad
            loaded[entity] = loaded.get(entity, 0) + ok
        assert con.sql("select count(*) from raw.quarantine").fetchall()[0][0] == 0
    expected = {k: v for k, v in built_portfolio.truth["rows"].items() if v}
    assert loaded == expected


def test_revenue_and_hours_reconcile_with_raw(built_portfolio):
    """Nothing lost between raw and marts: revenue spread past the as-of month is deferred, not dropped."""
    with duckdb.connect(str(built_portfolio.warehouse), read_only=True) as con:
        raw_revenue, mart_revenue, deferred = con.sql(
            "select (select sum(case when line_type = 'credit' then -abs(amount) else amount end) "
            "from raw.invoice_lines), (select sum(revenue) from marts.fct_client_margin_monthly), "
            "(select coalesce(sum(amount), 0) from intermediate.int_invoice_line_months "
            " where month > (select date_trunc('month', as_of) from intermediate.int_as_of))"
        ).fetchall()[0]
        raw_hours, mart_hours = con.sql(
            "select (select sum(hours) from raw.time_entries), "
            "(select sum(labor_hours) from marts.fct_client_margin_monthly)"
        ).fetchall()[0]
    assert mart_revenue + deferred == raw_revenue
    assert mart_hours == pytest.approx(raw_hours, abs=1e-6)


def test_second_build_on_same_files_gives_identical_marts(tmp_path):
    from pipelines.build import run_build

    portfolio = build_portfolio(tmp_path, clients=5, months=3, seed=5)
    tables = [
        "fct_client_margin_monthly",
        "fct_client_downtime_monthly",
        "fct_tickets",
        "fct_outages",
    ]

    def snapshot():
        with duckdb.connect(str(portfolio.warehouse), read_only=True) as con:
            return {
                t: sorted(con.sql(f"select * from marts.{t}").fetchall(), key=repr) for t in tables
            }

    before = snapshot()
    # --full: every model is built again from the same raw rows (a plain second build would
    # keep them all, nothing having changed: tests/perf/test_incremental.py).
    again = run_build(landing_dir=portfolio.landing, data_dir=portfolio.data_dir, full=True)
    assert again.success, again.summary()
    assert again.plan.everything and again.tables_built == portfolio.result.tables_built
    # --full also reads raw again from the same files: the same rows, loaded again.
    assert again.files == portfolio.result.files and again.rows_loaded == portfolio.result.rows_loaded
    assert snapshot() == before
