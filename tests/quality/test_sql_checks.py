"""The SQL checks on hand-worked cases: the offending rows they name, with their numbers."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import duckdb
import pytest
from quality_fixture_warehouse import run_sql

from pipelines.quality import CRITICAL, WARNING, find_guarded_table, load_quality_config
from pipelines.quality.drift import client_measure_drift
from pipelines.quality.freshness import data_is_fresh
from pipelines.quality.reconciliation import labor_hours_reconcile, revenue_reconciles
from pipelines.quality.sql_checks import run_sql_check

pytestmark = pytest.mark.unit


def _margin(config):
    return find_guarded_table(config.expectations_dir, "marts.fct_client_margin_monthly")


def test_revenue_reconciliation_names_the_client_and_both_sums(good_warehouse, config):
    # C2's March share of the quarterly line is 310.00; the mart lost 10.00 of it.
    run_sql(
        good_warehouse,
        "update marts.fct_client_margin_monthly set revenue = 300.00 "
        "where client_id = 'C2' and month = '2024-03-01'",
    )
    with duckdb.connect(str(good_warehouse)) as con:
        outcome = revenue_reconciles(con, _margin(config), {"check": "revenue_reconciles"}, config)
    assert not outcome.passed and outcome.severity == CRITICAL
    assert outcome.details["examples"] == [
        {"client_id": "C2", "mart_revenue": 600.0, "raw_revenue": 610.0, "difference": -10.0}
    ]


def test_a_credit_counts_negative(good_warehouse, config):
    # The credit was exported as +50.00 and staging (macro signed_amount) makes it -50.00; a mart
    # that adds it instead of subtracting is 100 off.
    run_sql(
        good_warehouse,
        "update marts.fct_client_margin_monthly set revenue = 1050.00 "
        "where client_id = 'C1' and month = '2024-02-01'",
    )
    with duckdb.connect(str(good_warehouse)) as con:
        outcome = revenue_reconciles(con, _margin(config), {"check": "revenue_reconciles"}, config)
    assert outcome.details["examples"][0]["difference"] == 100.0


def test_labour_hours_read_naive_times_in_the_clients_timezone(good_warehouse, config):
    # C2's 4.0 h at 2024-03-31 22:00 New York time start on 1 April UTC (staging's to_utc):
    # after the as-of month.
    # A mart that counted them in March is off by 4.0 hours.
    run_sql(
        good_warehouse,
        "update marts.fct_client_margin_monthly set labor_hours = 5.5 "
        "where client_id = 'C2' and month = '2024-03-01'",
    )
    with duckdb.connect(str(good_warehouse)) as con:
        outcome = labor_hours_reconcile(con, _margin(config), {"check": "x"}, config)
    assert outcome.details["examples"] == [
        {"client_id": "C2", "mart_labor_hours": 5.5, "raw_labor_hours": 1.5, "difference": 4.0}
    ]


def test_a_client_missing_from_the_mart_is_reconciled_against_zero(good_warehouse, config):
    run_sql(good_warehouse, "delete from marts.fct_client_margin_monthly where client_id = 'C1'")
    with duckdb.connect(str(good_warehouse)) as con:
        outcome = revenue_reconciles(con, _margin(config), {"check": "x"}, config)
    assert outcome.details["examples"] == [
        {"client_id": "C1", "mart_revenue": 0.0, "raw_revenue": 2950.0, "difference": -2950.0}
    ]


def test_ticket_volume_drift_compares_the_last_complete_week(good_warehouse, config):
    # As-of is Sunday 2024-03-31 18:00: the week of 25 March is not over, the last complete week
    # is 18 March. C1 had 1 ticket the week before (K1), then 12: more than x3 and at least 10.
    run_sql(
        good_warehouse,
        "insert into marts.fct_tickets (ticket_id, client_id, created_at, "
        "priority, ticket_type, support_model) select 'N' || i, 'C1', "
        "timestamp '2024-03-20 09:00', 'P3', 'incident', 'managed' from range(12) as r (i)",
    )
    guarded = find_guarded_table(config.expectations_dir, "marts.fct_tickets")
    spec = {
        "check": "client_measure_drift",
        "count_by": "created_at",
        "grain": "week",
        "factor": 3.0,
        "min_base": 10,
        "severity": "warning",
    }
    with duckdb.connect(str(good_warehouse)) as con:
        outcome = client_measure_drift(con, guarded, spec, config)
        calmer = client_measure_drift(con, guarded, spec | {"factor": 20.0}, config)
    assert not outcome.passed and outcome.severity == WARNING
    assert outcome.details["examples"] == [
        {
            "client_id": "C1",
            "period": "2024-03-18",
            "previous_value": 1,
            "latest_value": 12,
        }
    ]
    assert calmer.passed


def test_revenue_drift_month_over_month(good_warehouse, config):
    # Last complete month before 2024-03-31 18:00 is February: C1 1000.00 -> 2100.00 (> x2).
    # (The suite's own factor is 3: break-fix revenue swings x2 in normal months.)
    # C2 300.00 -> 0.00 is below the 500.00 base and is not flagged.
    run_sql(
        good_warehouse,
        "update marts.fct_client_margin_monthly set revenue = 2100.00 "
        "where client_id = 'C1' and month = '2024-02-01'",
    )
    spec = {
        "check": "client_measure_drift",
        "value_column": "revenue",
        "grain": "month",
        "factor": 2.0,
        "min_base": 500,
        "severity": "warning",
    }
    with duckdb.connect(str(good_warehouse)) as con:
        outcome = client_measure_drift(con, _margin(config), spec, config)
    assert [
        (e["client_id"], e["previous_value"], e["latest_value"])
        for e in outcome.details["examples"]
    ] == [("C1", 1000.0, 2100.0)]


def test_freshness_warns_by_default_and_blocks_when_the_deployment_says_so(
    good_warehouse, monkeypatch
):
    guarded = find_guarded_table(
        load_quality_config().expectations_dir, "marts.fct_client_health_weekly"
    )
    spec = {"check": "data_is_fresh"}
    monkeypatch.delenv("MSP_FRESHNESS_BLOCKING", raising=False)
    monkeypatch.delenv("MSP_FRESHNESS_MAX_DAYS", raising=False)
    default = load_quality_config()
    assert (default.freshness_max_days, default.freshness_blocking) == (7.0, False)
    monkeypatch.setenv("MSP_FRESHNESS_BLOCKING", "1")
    monkeypatch.setenv("MSP_FRESHNESS_MAX_DAYS", "3")
    scheduled = load_quality_config()
    assert (scheduled.freshness_max_days, scheduled.freshness_blocking) == (3.0, True)

    ten_days_later = datetime(2024, 4, 10, 18, 0)
    with duckdb.connect(str(good_warehouse)) as con:
        warned = data_is_fresh(con, guarded, spec, default, now=ten_days_later)
        blocked = data_is_fresh(con, guarded, spec, scheduled, now=ten_days_later)
        fresh = data_is_fresh(con, guarded, spec, scheduled, now=datetime(2024, 4, 2, 18, 0))
    assert (warned.passed, warned.severity) == (False, WARNING)
    assert warned.observed_value == "as-of 2024-03-31 18:00 UTC is 10.0 days before the run"
    assert (blocked.passed, blocked.severity) == (False, CRITICAL)
    assert fresh.passed and fresh.details["age_days"] == 2.0


def test_a_check_that_cannot_run_fails_closed(good_warehouse, config):
    run_sql(good_warehouse, "drop table intermediate.int_client_months")
    spec = {"check": "client_periods_complete", "grain": "month", "severity": "critical"}
    with duckdb.connect(str(good_warehouse)) as con:
        outcome = run_sql_check(con, _margin(config), spec, config)
        unknown = run_sql_check(con, _margin(config), {"check": "no_such_check"}, replace(config))
    assert (outcome.passed, outcome.severity) == (False, CRITICAL)
    assert "int_client_months" in outcome.observed_value
    assert unknown.observed_value == "error: unknown SQL check 'no_such_check'"
