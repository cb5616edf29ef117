"""Zabbix adapter on real-shaped exports (tests/data/vendors/zabbix/, SOURCES.md there).

The story of tests/vendors/rmm_story.py in Zabbix's shapes: hosts with inventory off (`[]`)
known by their stock templates, history from event.get (problems paired with recoveries
through r_eventid), one problem only in problem.get, the stock ping trigger at High.
"""

from __future__ import annotations

import json

import pytest

from pipelines.generate import generate_portfolio
from pipelines.ingest import ingest_landing
from tests.vendors import rmm_story

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    return rmm_story.build("zabbix", tmp_path_factory.mktemp("zabbix"))


def test_outages_and_monthly_downtime_equal_the_hand_worked_values(warehouse):
    rmm_story.assert_downtime_matches(warehouse)


def test_ping_trigger_at_high_is_critical_and_the_stock_agent_trigger_is_not(warehouse):
    rows = rmm_story.query(
        warehouse,
        "select event_id, severity from staging.stg_zabbix__monitoring_events"
        " where event_id in ('4001', '4002', '4004', '4007', '4009') order by 1",
    )
    # 4001 ping at High; 4002 agent unavailable at Average (stock); 4004 Disaster;
    # 4007 ping at High from problem.get only; 4009 Warning.
    assert rows == [
        ("4001", "critical"), ("4002", "minor"), ("4004", "critical"), ("4007", "critical"),
        ("4009", "warning"),
    ]  # fmt: skip


def test_problems_pair_with_their_recovery_events(warehouse):
    rows = rmm_story.query(
        warehouse,
        "select event_id, started_at, resolved_at from staging.stg_zabbix__monitoring_events"
        " where event_id in ('4001', '4007', '4008') order by 1",
    )
    from datetime import datetime

    assert rows == [
        ("4001", datetime(2025, 1, 6, 10, 0), datetime(2025, 1, 6, 10, 45)),
        ("4007", datetime(2025, 2, 2, 8, 0), datetime(2025, 2, 2, 8, 30)),
        ("4008", datetime(2025, 2, 3, 12, 0), None),
    ]
    # Recovery events are not monitoring events; every problem is one.
    (count,) = rmm_story.query(
        warehouse, "select count(*) from staging.stg_zabbix__monitoring_events"
    )[0]
    assert count == 10


def test_hosts_without_inventory_take_their_class_from_templates(warehouse):
    got = rmm_story.devices(warehouse)
    assert {name: got[name] for name in rmm_story.DEVICES} == {
        **rmm_story.DEVICES, "beta-pc-01": ("workstation", False),
    }  # fmt: skip
    assert got["acme-lab"] == ("other", False)


def test_unknown_values_build_and_are_listed(warehouse):
    # Listed in the shared table the build summary reads; the records keep the field's default.
    rows = rmm_story.query(
        warehouse,
        "select entity, field, vendor_value, records, example_record_id, default_value_used"
        " from quality.unmapped_vendor_values where source_system = 'zabbix' order by 1, 2",
    )
    assert rows == [("devices", "device_type", "Mainframe", 1, "10504", "other")]


def test_client_without_a_critical_device_is_warned(warehouse):
    assert rmm_story.query(
        warehouse,
        "select client_id from intermediate.int_monitored_clients_without_critical_device",
    ) == [("C2",)]
    results = rmm_story.warnings_of_dbt_tests(
        warehouse, ["monitored_clients_have_a_critical_device", "vendor_values_are_all_mapped"]
    )
    assert results == {
        "monitored_clients_have_a_critical_device": ("warn", 1),
        "vendor_values_are_all_mapped": ("warn", 1),
    }


def test_the_writer_lands_one_problem_event_per_monitoring_event(tmp_path):
    landing = tmp_path / "landing"
    generate_portfolio(landing, clients=2, months=1, seed=3, fmt="generic", monitoring_fmt="zabbix")
    truth = json.loads((landing / "_truth.json").read_text())
    warehouse = tmp_path / "warehouse.duckdb"
    ingest_landing(landing, warehouse)
    problems, recoveries, open_problems = rmm_story.query(
        warehouse,
        "select count(*) filter (where record ->> '$.value' = '1'),"
        " count(*) filter (where record ->> '$.value' = '0'),"
        " count(*) filter (where record ->> '$.value' = '1' and record ->> '$.r_eventid' = '0')"
        " from raw.zabbix__events",
    )[0]
    assert problems == truth["rows"]["monitoring_events"] > 0
    assert recoveries == problems - open_problems
    (listed_open,) = rmm_story.query(warehouse, "select count(*) from raw.zabbix__problems")[0]
    assert listed_open == open_problems
