"""The lost-data checks on hand-worked cases (the fixture: C1, C2, January to March 2024,
as-of Sunday 2024-03-31 18:00 UTC; see quality_fixture_warehouse.py).

A file rejected whole, a required entity with no rows, a complete month far below the last
published build, a client-month grid beyond what dates allow: each fails with its numbers.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date, datetime

import duckdb
import pytest
from quality_fixture_warehouse import run_sql

from pipelines.quality import CRITICAL, WARNING, find_guarded_table, load_quality_config
from pipelines.quality.completeness import client_periods_within_dates, required_entities_present
from pipelines.quality.drift import client_measure_kept
from pipelines.quality.row_accounting import no_file_rejected
from pipelines.quality.sql_checks import run_sql_check

pytestmark = pytest.mark.unit


def _guarded(config, table_name):
    return find_guarded_table(config.expectations_dir, table_name)


def _spec(config, table_name, check, **match):
    """The suite's own spec of a check (the repo's thresholds), the first that matches."""
    for spec in _guarded(config, table_name).sql_checks:
        if spec["check"] == check and all(spec.get(k) == v for k, v in match.items()):
            return spec
    raise LookupError(f"{check} {match} not in the suite of {table_name}")


# --- a landing file rejected whole -------------------------------------------------------------


def _reingest_with_rejected_invoice_lines(warehouse):
    """An earlier ingest loaded invoice_lines.csv (6 rows); the latest rejected its re-export."""
    run_sql(
        warehouse,
        """
        insert into raw.ingested_files values
            ('generic/invoice_lines.csv', 'generic', 'invoice_lines', 'd4', 6, 6, 0, 'loaded',
             null, now() - interval 7 day),
            ('generic/clients.csv', 'generic', 'clients', 'a1', 0, 0, 0, 'skipped',
             'generic/clients.csv: same content as generic/clients.csv, already loaded',
             now() + interval 1 minute),
            ('generic/invoice_lines.csv', 'generic', 'invoice_lines', 'e5', 0, 0, 0, 'rejected',
             'generic/invoice_lines.csv: missing required column(s): amount',
             now() + interval 1 minute)
        """,
    )


def test_an_earlier_rejection_is_history(good_warehouse, config):
    # The fixture's broken.csv was rejected 7 days before the latest ingest.
    guarded = _guarded(config, "raw.ingested_files")
    with duckdb.connect(str(good_warehouse)) as con:
        outcome = no_file_rejected(con, guarded, {"check": "no_file_rejected"}, config)
    assert outcome.passed, outcome.observed_value


def test_a_file_rejected_by_the_latest_ingest_fails_with_what_it_loaded_before(
    good_warehouse, config
):
    _reingest_with_rejected_invoice_lines(good_warehouse)
    guarded = _guarded(config, "raw.ingested_files")
    spec = _spec(config, "raw.ingested_files", "no_file_rejected")
    with duckdb.connect(str(good_warehouse)) as con:
        blocked = no_file_rejected(con, guarded, spec, config)
        allowed = no_file_rejected(con, guarded, spec, replace(config, allow_rejected=True))
    assert (blocked.passed, blocked.severity) == (False, CRITICAL)
    assert blocked.observed_value == (
        "1 of 2 landing files lost whole, none of their rows loaded: "
        "generic/invoice_lines.csv: missing required column(s): amount "
        "(it loaded 6 rows before)"
    )
    assert blocked.details["examples"] == [
        {
            "file_path": "generic/invoice_lines.csv",
            "entity": "invoice_lines",
            "message": "generic/invoice_lines.csv: missing required column(s): amount",
            "rows_loaded_before": 6,
        }
    ]
    # --allow-rejected: still reported, no longer blocking.
    assert (allowed.passed, allowed.severity) == (False, WARNING)
    assert "allowed" in allowed.details


def test_a_file_whose_every_row_was_quarantined_is_lost_too(good_warehouse, config):
    # The latest ingest: tickets_week.csv read 1,384 rows and loaded none (a date format changed);
    # fix.csv's only row was refused too, but one row is row-level damage, not a lost file.
    run_sql(
        good_warehouse,
        """
        insert into raw.ingested_files values
            ('generic/tickets_week.csv', 'generic', 'tickets', 'f6', 1384, 0, 1384, 'loaded',
             null, now() + interval 1 minute),
            ('generic/tickets_fix.csv', 'generic', 'tickets', 'g7', 1, 0, 1, 'loaded',
             null, now() + interval 1 minute)
        """,
    )
    guarded = _guarded(config, "raw.ingested_files")
    spec = _spec(config, "raw.ingested_files", "no_file_rejected")
    assert spec["all_quarantined_min_rows"] == 10
    with duckdb.connect(str(good_warehouse)) as con:
        outcome = no_file_rejected(con, guarded, spec, config)
    assert outcome.observed_value == (
        "1 of 2 landing files lost whole, none of their rows loaded: "
        "generic/tickets_week.csv: all 1384 rows quarantined (see raw.quarantine)"
    )


def test_allow_rejected_is_a_setting(monkeypatch):
    monkeypatch.delenv("MSP_ALLOW_REJECTED", raising=False)
    assert load_quality_config().allow_rejected is False
    monkeypatch.setenv("MSP_ALLOW_REJECTED", "1")
    assert load_quality_config().allow_rejected is True


# --- a required entity with no rows ------------------------------------------------------------


def test_required_entities_are_named_with_their_counts(good_warehouse, config):
    guarded = _guarded(config, "marts.fct_client_health_weekly")
    spec = _spec(config, "marts.fct_client_health_weekly", "required_entities_present")
    assert set(spec["entities"]) >= {
        "clients", "agreements", "invoice_lines", "time_entries", "tickets", "technicians",
    }  # fmt: skip
    with duckdb.connect(str(good_warehouse)) as con:
        assert required_entities_present(con, guarded, spec, config).passed
        con.execute("delete from intermediate.int_invoice_lines")
        con.execute("delete from intermediate.int_monitoring_events")
        outcome = required_entities_present(con, guarded, spec, config)
        # No device known: no monitoring expected (an MSP without an RMM export).
        con.execute("delete from intermediate.int_devices")
        no_devices = required_entities_present(con, guarded, spec, config)
    assert (outcome.passed, outcome.severity) == (False, CRITICAL)
    assert outcome.observed_value == (
        "2 required entities with no rows: invoice_lines, "
        "monitoring_events (though devices has 1 rows)"
    )
    assert [(e["table_name"], e["row_count"]) for e in outcome.details["examples"]] == [
        ("intermediate.int_invoice_lines", 0),
        ("intermediate.int_monitoring_events", 0),
    ]
    assert [e["entity"] for e in no_devices.details["examples"]] == ["invoice_lines"]


# --- a complete month far below the last published build -----------------------------------


@pytest.fixture
def published(good_warehouse, tmp_path):
    """The last published build: a copy of the good warehouse, as publish makes it."""
    path = tmp_path / "published" / "warehouse.duckdb"
    path.parent.mkdir()
    shutil.copyfile(good_warehouse, path)
    return path


def _kept(warehouse, config, published, spec):
    guarded = _guarded(config, "marts.fct_client_margin_monthly")
    with duckdb.connect(str(warehouse)) as con:
        return client_measure_kept(
            con, guarded, spec, replace(config, published_warehouse=published)
        )


def test_a_complete_month_below_half_of_the_published_fails(good_warehouse, config, published):
    spec = _spec(config, "marts.fct_client_margin_monthly", "client_measure_kept",
                 value_column="revenue")  # fmt: skip
    assert spec["min_base"] == 500
    assert _kept(good_warehouse, config, published, spec).passed  # same data: nothing lost
    # C1 February 950.00 -> 400.00 (42.1 %: lost); January 1000.00 -> 600.00 (60 %: kept);
    # C2 January 300.00 -> 0.00 (below the 500.00 floor); March is not complete (as-of 31 March
    # 18:00), so its fall to 0 is not judged.
    run_sql(
        good_warehouse,
        """
        update marts.fct_client_margin_monthly set revenue = case
            when client_id = 'C1' and month = '2024-01-01' then 600.00
            when client_id = 'C1' and month = '2024-02-01' then 400.00
            when month = '2024-03-01' then 0.00
            when client_id = 'C2' then 0.00 else revenue end
        """,
    )
    outcome = _kept(good_warehouse, config, published, spec)
    assert (outcome.passed, outcome.severity) == (False, CRITICAL)
    assert outcome.details["examples"] == [
        {"client_id": "C1", "month": "2024-02-01", "published_value": 950.0, "value": 400.0,
         "kept_pct": 42.1}
    ]  # fmt: skip
    assert outcome.observed_value == (
        "1 complete client-months whose revenue fell below 50 % of the last published build: "
        "950 published, 400 now"
    )
    # Off: a drop that is real is accepted by one build at 0 %.
    off = _kept(good_warehouse, replace(config, lost_data_min_share_pct=0), published, spec)
    assert off.passed and "off" in off.observed_value
    # The share is a setting: at 40 % the same month is kept.
    assert _kept(
        good_warehouse, replace(config, lost_data_min_share_pct=40), published, spec
    ).passed


def test_a_client_gone_is_lost_data(good_warehouse, config, published):
    run_sql(good_warehouse, "delete from marts.fct_client_margin_monthly where client_id = 'C1'")
    spec = {"check": "client_measure_kept", "value_column": "revenue", "min_base": 500}
    outcome = _kept(good_warehouse, config, published, spec)
    assert [
        (e["month"], e["published_value"], e["value"]) for e in outcome.details["examples"]
    ] == [
        ("2024-01-01", 1000.0, 0.0),
        ("2024-02-01", 950.0, 0.0),
    ]
    assert outcome.observed_value.endswith("1,950 published, 0 now")


def test_only_months_complete_in_both_builds_count(good_warehouse, config, published):
    # The published build's data ended on 20 February: only January was complete in it.
    run_sql(published, "update intermediate.int_as_of set as_of = timestamp '2024-02-20 12:00'")
    run_sql(
        good_warehouse,
        "update marts.fct_client_margin_monthly set revenue = 0 where month = '2024-02-01'",
    )
    spec = {"check": "client_measure_kept", "value_column": "revenue", "min_base": 500}
    assert _kept(good_warehouse, config, published, spec).passed
    # History dropped from the front on purpose (the new build starts in February) is not lost.
    run_sql(published, "update intermediate.int_as_of set as_of = timestamp '2024-03-31 18:00'")
    run_sql(
        good_warehouse,
        "delete from marts.fct_client_margin_monthly where month < '2024-02-01'; "
        "delete from intermediate.int_client_months where month < '2024-02-01'; "
        "update marts.fct_client_margin_monthly set revenue = 1000 where month = '2024-02-01'",
    )
    assert _kept(good_warehouse, config, published, spec).passed


def test_monitoring_events_are_counted_in_the_intermediate_layer(good_warehouse, config, published):
    spec = _spec(config, "marts.fct_client_downtime_monthly", "client_measure_kept")
    assert (spec["table"], spec["count_by"]) == ("intermediate.int_monitoring_events", "started_at")
    # 25 events of C1 in February published; 12 now (48 %). The suite's floor is 20 events.
    run_sql(
        published,
        "insert into intermediate.int_monitoring_events select 'P' || i, 'C1', "
        "timestamp '2024-02-10 08:00' + i * interval 1 hour from range(24) as r (i)",
    )
    run_sql(
        good_warehouse,
        "insert into intermediate.int_monitoring_events select 'P' || i, 'C1', "
        "timestamp '2024-02-10 08:00' + i * interval 1 hour from range(11) as r (i)",
    )
    guarded = _guarded(config, "marts.fct_client_downtime_monthly")
    with duckdb.connect(str(good_warehouse)) as con:
        outcome = client_measure_kept(
            con, guarded, spec, replace(config, published_warehouse=published)
        )
    assert outcome.details["examples"] == [
        {"client_id": "C1", "month": "2024-02-01", "published_value": 25, "value": 12,
         "kept_pct": 48.0}
    ]  # fmt: skip
    assert outcome.observed_value == (
        "1 complete client-months whose int_monitoring_events rows by started_at fell below "
        "50 % of the last published build: 25 published, 12 now"
    )


def test_nothing_published_or_unreadable_means_nothing_to_compare(good_warehouse, config, tmp_path):
    spec = {"check": "client_measure_kept", "value_column": "revenue", "min_base": 500}
    run_sql(good_warehouse, "update marts.fct_client_margin_monthly set revenue = 0")
    first = _kept(good_warehouse, config, tmp_path / "none.duckdb", spec)
    broken = tmp_path / "broken.duckdb"
    broken.write_text("x\n")  # e.g. overwritten by a COPY ... TO: the next build replaces it
    unreadable = _kept(good_warehouse, config, broken, spec)
    assert first.passed and "no published build yet" in first.observed_value
    assert unreadable.passed and "does not open" in unreadable.observed_value
    # The build's own connection is left as it was: nothing attached.
    with duckdb.connect(str(good_warehouse)) as con:
        attached = con.execute("select database_name from duckdb_databases() where not internal")
        assert attached.fetchall() == [("warehouse",)]


# --- a client-month grid beyond what the dates allow -------------------------------------------


def test_client_months_before_2000_fail_with_their_count(good_warehouse, config):
    guarded = _guarded(config, "marts.fct_client_margin_monthly")
    spec = _spec(config, "marts.fct_client_margin_monthly", "client_periods_within_dates")
    with duckdb.connect(str(good_warehouse)) as con:
        assert client_periods_within_dates(con, guarded, spec, config).passed
    # A ticket dated in 1999 would open C2's range 12 months before 2000 (plus 2000-01 .. 2023-12,
    # which are allowed): 12 client-months outside the dates.
    run_sql(
        good_warehouse,
        "insert into marts.fct_client_margin_monthly (client_id, month, support_model) "
        "select 'C2', cast(m as date), 'unassigned' from unnest(generate_series("
        "timestamp '1999-01-01', timestamp '2023-12-01', interval 1 month)) as s (m)",
    )
    with duckdb.connect(str(good_warehouse)) as con:
        outcome = client_periods_within_dates(con, guarded, spec, config)
    assert (outcome.passed, outcome.severity) == (False, CRITICAL)
    assert outcome.details["examples"] == [
        {"client_id": "C2", "first_period": "1999-01-01", "last_period": "2024-03-01",
         "periods_outside": 12, "first_allowed": "2000-01-01", "last_allowed": "2024-03-01"}
    ]  # fmt: skip
    # 6 rows of the fixture + 300 months from 1999-01 to 2023-12.
    assert outcome.observed_value == (
        "12 client-months of 1 clients outside 2000-01-01 .. 2024-03-01 (table rows: 306)"
    )


def test_months_after_the_build_clock_and_the_earliest_month_setting(good_warehouse, config):
    guarded = _guarded(config, "marts.fct_client_margin_monthly")
    spec = {"check": "client_periods_within_dates", "grain": "month"}
    with duckdb.connect(str(good_warehouse)) as con:
        # A build running on 15 February 2024 cannot hold March: 2 client-months (C1, C2).
        early = client_periods_within_dates(con, guarded, spec, config, now=datetime(2024, 2, 15))
        # An MSP whose history starts in February 2024: January's 2 client-months are outside.
        later = client_periods_within_dates(
            con, guarded, spec, replace(config, earliest_month=date(2024, 2, 1))
        )
    assert early.observed_value.startswith(
        "2 client-months of 2 clients outside 2000-01-01 .. 2024-02-01"
    )
    assert [e["periods_outside"] for e in later.details["examples"]] == [1, 1]
    assert later.details["examples"][0]["first_allowed"] == "2024-02-01"


def test_the_weekly_grid_is_checked_too(good_warehouse, config):
    guarded = _guarded(config, "marts.fct_client_health_weekly")
    spec = _spec(config, "marts.fct_client_health_weekly", "client_periods_within_dates")
    run_sql(
        good_warehouse,
        "insert into marts.fct_client_health_weekly (client_id, week_start, support_model) "
        "values ('C1', '1999-12-27', 'managed')",
    )
    with duckdb.connect(str(good_warehouse)) as con:
        outcome = run_sql_check(con, guarded, spec, config)
    # 2000-01-01 is a Saturday: the first week allowed starts on Monday 27 December 1999.
    assert outcome.passed
    run_sql(
        good_warehouse,
        "insert into marts.fct_client_health_weekly (client_id, week_start, support_model) "
        "values ('C1', '1999-12-20', 'managed')",
    )
    with duckdb.connect(str(good_warehouse)) as con:
        outcome = run_sql_check(con, guarded, spec, config)
    assert outcome.details["examples"][0]["periods_outside"] == 1
    assert outcome.details["examples"][0]["first_allowed"] == "1999-12-27"


def test_the_earliest_month_setting_is_read_and_checked(monkeypatch):
    monkeypatch.setenv("MSP_EARLIEST_MONTH", "2015-06")
    monkeypatch.setenv("MSP_LOST_DATA_MIN_SHARE", "30")
    config = load_quality_config()
    assert (config.earliest_month, config.lost_data_min_share_pct) == (date(2015, 6, 1), 30.0)
    monkeypatch.setenv("MSP_EARLIEST_MONTH", "June 2015")
    with pytest.raises(ValueError, match="MSP_EARLIEST_MONTH must be YYYY-MM"):
        load_quality_config()
    monkeypatch.setenv("MSP_EARLIEST_MONTH", "2000-01")
    for bad in ("half", "150"):
        monkeypatch.setenv("MSP_LOST_DATA_MIN_SHARE", bad)
        with pytest.raises(ValueError, match="MSP_LOST_DATA_MIN_SHARE must be a percentage"):
            load_quality_config()
