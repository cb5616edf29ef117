"""Every suite: the hand-made good warehouse passes it, and a table that breaks it fails it."""

from __future__ import annotations

import json

import duckdb
import great_expectations as gx
import pytest
from quality_fixture_warehouse import run_sql

from pipelines.quality import (
    CRITICAL,
    WARNING,
    check_table,
    find_guarded_table,
    load_guarded_tables,
)
from pipelines.settings import EXPECTATIONS_DIR

pytestmark = pytest.mark.unit

DESIGN_MARTS = {
    "dim_clients",
    "dim_devices",
    "fct_tickets",
    "fct_outages",
    "fct_client_downtime_monthly",
    "fct_client_faults_monthly",
    "fct_client_sla_monthly",
    "fct_client_margin_monthly",
    "fct_support_model_monthly",
    "fct_client_health_weekly",
    "fct_support_model_transitions",
}
SUITES = [g.table_name for g in load_guarded_tables(EXPECTATIONS_DIR)]


def test_every_mart_and_the_file_registry_is_guarded():
    assert set(SUITES) == {f"marts.{m}" for m in DESIGN_MARTS} | {"raw.ingested_files"}


@pytest.mark.parametrize("path", sorted(EXPECTATIONS_DIR.glob("*.json")), ids=lambda p: p.stem)
def test_suite_is_gx_json_with_a_severity_on_every_expectation(path):
    stored = json.loads(path.read_text())
    suite = gx.ExpectationSuite(**stored)
    assert suite.name == stored["meta"]["table"]
    assert all(e["severity"] in (CRITICAL, WARNING) for e in stored["expectations"])
    assert suite.to_json_dict()["expectations"] == stored["expectations"]  # round-trips


@pytest.mark.parametrize("table_name", SUITES)
def test_good_warehouse_passes(good_warehouse, config, table_name):
    guarded = find_guarded_table(config.expectations_dir, table_name)
    with duckdb.connect(str(good_warehouse)) as con:
        outcomes = check_table(con, guarded, config)
    assert outcomes
    assert [(o.check_name, o.observed_value) for o in outcomes if not o.passed] == []


# (table, what breaks it, the check that must fail, its severity, text in the observed value)
VIOLATIONS = [
    (
        "marts.dim_clients",
        "alter table marts.dim_clients drop column seats",
        "seats_not_negative",
        CRITICAL,
        'error: Error: The column "seats" in BatchData does not exist',
    ),
    ("marts.dim_clients", "delete from marts.dim_clients", "table_not_empty", CRITICAL, "0"),
    (
        "marts.dim_devices",
        "update marts.dim_devices set device_type = 'toaster' where device_id = 'D2'",
        "device_type_accepted_values",
        CRITICAL,
        "toaster",
    ),
    (
        "marts.fct_tickets",
        "update marts.fct_tickets set response_minutes = -5 where ticket_id = 'K1'",
        "response_minutes_not_negative",
        CRITICAL,
        "-5",
    ),
    (
        "marts.fct_tickets",
        "update marts.fct_tickets set source = 'fax' where ticket_id = 'K2'",
        "source_accepted_values",
        WARNING,
        "fax",
    ),
    (
        "marts.fct_outages",
        "update marts.fct_outages set outage_end = outage_start - interval 1 hour",
        "outage_end_at_least_outage_start",
        CRITICAL,
        "1 of 1 rows",
    ),
    (
        "marts.fct_client_downtime_monthly",
        "update marts.fct_client_downtime_monthly set availability_pct = 100.5 where client_id = 'C2'",
        "availability_pct_within_0_100",
        CRITICAL,
        "3 of 6 rows",
    ),
    (
        "marts.fct_client_downtime_monthly",
        "delete from marts.fct_client_downtime_monthly where client_id = 'C2' and month = '2024-02-01'",
        "client_periods_complete",
        CRITICAL,
        "1 client-months missing or not expected",
    ),
    (
        "marts.fct_client_faults_monthly",
        "update marts.fct_client_faults_monthly set recurring_fault_count = 3 where month = '2024-01-01'",
        "fault_count_at_least_recurring_fault_count",
        CRITICAL,
        "2 of 6 rows",
    ),
    (
        "marts.fct_client_sla_monthly",
        "update marts.fct_client_sla_monthly set response_met_pct = 101 where client_id = 'C1'",
        "response_met_pct_within_0_100",
        CRITICAL,
        "3 of 6 rows",
    ),
    (
        "marts.fct_client_sla_monthly",
        "insert into marts.fct_client_sla_monthly select client_id, date '2024-04-01', 0, 0, 0, null, "
        "0, 0, null, null from marts.dim_clients where client_id = 'C1'",
        "client_periods_complete",
        CRITICAL,
        "1 client-months missing or not expected",
    ),
    (
        "marts.fct_client_margin_monthly",
        "update marts.fct_client_margin_monthly set gross_margin_pct = 120 where client_id = 'C1'",
        "gross_margin_pct_at_most_100",
        CRITICAL,
        "3 of 5 rows",  # the row condition leaves out C2's February (no revenue)
    ),
    (
        "marts.fct_client_margin_monthly",
        "update marts.fct_client_margin_monthly set support_model = 'gold' where client_id = 'C2'",
        "support_model_accepted_values",
        CRITICAL,
        "gold",
    ),
    (
        "marts.fct_support_model_monthly",
        "update marts.fct_support_model_monthly set support_model = 'platinum' where support_model = 'managed'",
        "support_model_accepted_values",
        CRITICAL,
        "platinum",
    ),
    (
        "marts.fct_support_model_transitions",
        "update marts.fct_support_model_transitions set months_compared = 7",
        "months_compared_within_0_6",
        CRITICAL,
        "1 of 1 rows",
    ),
    (
        "marts.fct_client_health_weekly",
        "update marts.fct_client_health_weekly set health_score = 101 where client_id = 'C2' "
        "and week_start = '2024-03-25'",
        "health_score_within_0_100",
        CRITICAL,
        "1 of 26 rows",
    ),
    (
        "marts.fct_client_health_weekly",
        "delete from marts.fct_client_health_weekly where week_start = '2024-03-25'",
        "client_periods_complete",
        CRITICAL,
        "2 client-weeks missing or not expected",
    ),
    (
        "raw.ingested_files",
        "update raw.ingested_files set rows_loaded = 7 where file_path = 'generic/tickets.csv'",
        "rows_accounted_for",
        CRITICAL,
        "1 files whose rows do not add up",
    ),
]


@pytest.mark.parametrize(
    "table_name, breakage, check_name, severity, observed",
    VIOLATIONS,
    ids=[f"{v[0]}:{v[2]}" for v in VIOLATIONS],
)
def test_broken_table_fails_its_suite(
    good_warehouse, config, table_name, breakage, check_name, severity, observed
):
    run_sql(good_warehouse, breakage)
    guarded = find_guarded_table(config.expectations_dir, table_name)
    with duckdb.connect(str(good_warehouse)) as con:
        outcomes = check_table(con, guarded, config)
    failed = {o.check_name: o for o in outcomes if not o.passed}
    assert check_name in failed, [(o.check_name, o.observed_value) for o in outcomes]
    assert failed[check_name].severity == severity
    assert observed in failed[check_name].observed_value
    # Nothing else breaks from one breakage (missing-column errors aside): the checks are specific.
    assert set(failed) == {check_name}


def test_missing_table_fails_critically(good_warehouse, config):
    run_sql(good_warehouse, "drop table marts.fct_outages")
    guarded = find_guarded_table(config.expectations_dir, "marts.fct_outages")
    with duckdb.connect(str(good_warehouse)) as con:
        [outcome] = check_table(con, guarded, config)
    assert (outcome.check_name, outcome.passed, outcome.severity) == (
        "table_exists",
        False,
        CRITICAL,
    )


def test_failed_expectation_names_the_offending_rows(good_warehouse, config):
    run_sql(
        good_warehouse, "update marts.fct_tickets set response_minutes = -5 where ticket_id = 'K1'"
    )
    guarded = find_guarded_table(config.expectations_dir, "marts.fct_tickets")
    with duckdb.connect(str(good_warehouse)) as con:
        outcomes = check_table(con, guarded, config)
    [failed] = [o for o in outcomes if not o.passed]
    assert failed.column_name == "response_minutes"
    assert failed.details["unexpected_count"] == 1
    assert failed.details["examples"] == [{"ticket_id": "K1", "response_minutes": -5.0}]


def test_a_malformed_suite_is_named(tmp_path, good_warehouse, config):
    (tmp_path / "marts.dim_clients.json").write_text(
        '{"name": "marts.dim_clients", "expectations": ['
    )
    with pytest.raises(ValueError, match="marts.dim_clients.json is not usable"):
        load_guarded_tables(tmp_path)
    (tmp_path / "marts.dim_clients.json").write_text(
        json.dumps(
            {
                "name": "marts.dim_clients",
                "meta": {"table": "marts.dim_clients"},
                "expectations": [
                    {"type": "expect_column_to_be_lovely", "kwargs": {"column": "seats"}}
                ],
            }
        )
    )
    guarded = find_guarded_table(tmp_path, "marts.dim_clients")
    with (
        duckdb.connect(str(good_warehouse)) as con,
        pytest.raises(ValueError, match="not valid GX JSON"),
    ):
        check_table(con, guarded, config)


def test_margin_above_100_pct_is_only_checked_where_there_is_revenue(good_warehouse, config):
    # A month of net credits: revenue -100, costs 50, margin -150 = 150 % "of revenue" by the
    # formula. Not an error; the same value with positive revenue is.
    run_sql(
        good_warehouse,
        "update marts.fct_client_margin_monthly set revenue = -100, "
        "gross_margin_pct = 150 where client_id = 'C2' and month = '2024-02-01'",
    )
    guarded = find_guarded_table(config.expectations_dir, "marts.fct_client_margin_monthly")
    with duckdb.connect(str(good_warehouse)) as con:
        credit_month = {o.check_name: o for o in check_table(con, guarded, config)}
        con.execute(
            "update marts.fct_client_margin_monthly set revenue = 100 "
            "where client_id = 'C2' and month = '2024-02-01'"
        )
        paid_month = {o.check_name: o for o in check_table(con, guarded, config)}
    assert credit_month["gross_margin_pct_at_most_100"].passed
    assert not paid_month["gross_margin_pct_at_most_100"].passed
