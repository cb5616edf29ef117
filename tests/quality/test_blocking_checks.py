"""Real Dagster runs: a failing critical check stops publish and reports in the same run.

Stand-in assets play the parts the other areas build: one multi-asset writes the warehouse's
tables (as dbt does), ``publish`` depends on every guarded asset, ``reports`` on publish.
"""

import json
import shutil

import dagster as dg
import duckdb
import pytest

from pipelines.defs.quality import defs as quality_defs
from pipelines.defs.quality import guarded_asset_keys
from pipelines.defs.quality.checks import build_table_check
from pipelines.quality import find_guarded_table
from pipelines.resources import MspSettings
from pipelines.settings import EXPECTATIONS_DIR

pytestmark = pytest.mark.build

PUBLISH = dg.AssetKey(["publish", "published_warehouse"])
REPORTS = dg.AssetKey(["reports", "weekly_client_health_reports"])
MARGIN = dg.AssetKey(["marts", "fct_client_margin_monthly"])


def _stand_ins(breakage: str | None = None) -> list:
    keys = guarded_asset_keys()

    @dg.multi_asset(specs=[dg.AssetSpec(k) for k in keys])
    def warehouse_tables(msp: MspSettings):
        if breakage:
            with msp.connect() as con:
                con.execute(breakage)
        for key in keys:
            yield dg.MaterializeResult(asset_key=key)

    @dg.asset(key=PUBLISH, deps=keys)
    def published_warehouse() -> None: ...

    @dg.asset(key=REPORTS, deps=[PUBLISH])
    def weekly_client_health_reports() -> None: ...

    return [warehouse_tables, published_warehouse, weekly_client_health_reports]


def _materialize(warehouse, checks, breakage=None) -> dg.ExecuteInProcessResult:
    return dg.materialize(
        [*_stand_ins(breakage), *checks],
        resources={"msp": MspSettings(warehouse=str(warehouse))},
        raise_on_error=False,
    )


def _materialized(result: dg.ExecuteInProcessResult) -> set[dg.AssetKey]:
    return {e.asset_key for e in result.get_asset_materialization_events()}


def _evaluations(result) -> dict[dg.AssetKey, object]:
    return {e.asset_key: e for e in result.get_asset_check_evaluations()}


def test_all_suites_pass_on_a_good_warehouse_and_publish_runs(good_warehouse, monkeypatch):
    monkeypatch.delenv("MSP_EXPECTATIONS_DIR", raising=False)
    monkeypatch.delenv("MSP_FRESHNESS_BLOCKING", raising=False)
    checks = list(quality_defs.asset_checks)
    result = _materialize(good_warehouse, checks)

    assert result.success
    assert {PUBLISH, REPORTS} <= _materialized(result)
    evaluations = _evaluations(result)
    assert set(evaluations) == set(guarded_asset_keys()) and len(evaluations) == 12
    # The fixture's data is from 2024: stale, which only warns unless MSP_FRESHNESS_BLOCKING=1.
    failed = {k.to_user_string(): e.severity for k, e in evaluations.items() if not e.passed}
    assert failed == {"marts/fct_client_health_weekly": dg.AssetCheckSeverity.WARN}
    with duckdb.connect(str(good_warehouse)) as con:
        rows = con.execute(
            "select count(distinct table_name), count(*) filter (where not passed), "
            "any_value(check_name) filter (where not passed) "
            "from quality.check_results where run_id = ?",
            [result.run_id],
        ).fetchall()
    assert rows == [(12, 1, "data_is_fresh")]


def test_a_failing_critical_check_blocks_publish_and_reports(good_warehouse):
    margin_check = build_table_check(
        find_guarded_table(EXPECTATIONS_DIR, "marts.fct_client_margin_monthly")
    )
    result = _materialize(
        good_warehouse,
        [margin_check],
        breakage="update marts.fct_client_margin_monthly set revenue = 300.00 "
        "where client_id = 'C2' and month = '2024-03-01'",
    )

    assert not result.success
    materialized = _materialized(result)
    assert MARGIN in materialized
    assert PUBLISH not in materialized and REPORTS not in materialized
    evaluation = _evaluations(result)[MARGIN]
    assert (evaluation.passed, evaluation.severity) == (False, dg.AssetCheckSeverity.ERROR)
    metadata = {k: v.value for k, v in evaluation.metadata.items()}
    assert metadata["failed_expectation"].startswith("revenue_reconciles: revenue per client")
    assert metadata["column"] == "revenue"
    assert metadata["observed_value"] == "1 clients whose revenue differs from their invoice lines"
    assert "| C2 | 600.0 | 610.0 | -10.0 |" in metadata["example_rows"]
    assert "revenue_reconciles (revenue)" in evaluation.description


def _tightened_copy(tmp_path, expectation: dict) -> str:
    """The repo's suites, with one more expectation on the margin mart."""
    folder = tmp_path / "expectations"
    shutil.copytree(EXPECTATIONS_DIR, folder)
    path = folder / "marts.fct_client_margin_monthly.json"
    suite = json.loads(path.read_text())
    suite["expectations"].append(expectation)
    path.write_text(json.dumps(suite, indent=2))
    return str(folder)


def test_a_tightened_suite_from_msp_expectations_dir_blocks(good_warehouse, tmp_path, monkeypatch):
    # The recipe for an end-to-end test: any critical expectation the data cannot meet.
    monkeypatch.setenv(
        "MSP_EXPECTATIONS_DIR",
        _tightened_copy(
            tmp_path,
            {
                "type": "expect_column_values_to_be_between",
                "kwargs": {"column": "revenue", "max_value": 500},
                "meta": {"check_name": "revenue_at_most_500"},
                "severity": "critical",
            },
        ),
    )
    margin_check = build_table_check(
        find_guarded_table(EXPECTATIONS_DIR, "marts.fct_client_margin_monthly")
    )
    result = _materialize(good_warehouse, [margin_check])

    assert not result.success
    assert PUBLISH not in _materialized(result)
    evaluation = _evaluations(result)[MARGIN]
    assert evaluation.severity == dg.AssetCheckSeverity.ERROR
    assert evaluation.metadata["failed_expectation"].value.startswith("revenue_at_most_500")
    assert evaluation.metadata["observed_value"].value.startswith("3 of 6 rows break it")


def test_a_failing_warning_is_reported_and_does_not_block(good_warehouse, tmp_path, monkeypatch):
    monkeypatch.setenv(
        "MSP_EXPECTATIONS_DIR",
        _tightened_copy(
            tmp_path,
            {
                "type": "expect_column_values_to_be_between",
                "kwargs": {"column": "revenue", "max_value": 500},
                "meta": {"check_name": "revenue_at_most_500"},
                "severity": "warning",
            },
        ),
    )
    margin_check = build_table_check(
        find_guarded_table(EXPECTATIONS_DIR, "marts.fct_client_margin_monthly")
    )
    result = _materialize(good_warehouse, [margin_check])

    assert result.success
    assert {PUBLISH, REPORTS} <= _materialized(result)
    evaluation = _evaluations(result)[MARGIN]
    assert (evaluation.passed, evaluation.severity) == (False, dg.AssetCheckSeverity.WARN)
