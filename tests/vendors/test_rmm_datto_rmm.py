"""Datto RMM adapter on real-shaped exports (tests/data/vendors/datto_rmm/, SOURCES.md there).

The story of tests/vendors/rmm_story.py in Datto RMM's shapes: paged envelopes, devices with
deviceType {category, type} and deviceClass (a network device without a category), alerts
whose alertContext "@class" is online_offline_status_ctx with diagnostics null.
"""

from __future__ import annotations

import uuid

import pytest

from tests.vendors import rmm_story

pytestmark = pytest.mark.build


def alert_uid(n: int) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"alert-{n}"))


def device_uid(n: int) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"datto-{n}"))


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    return rmm_story.build("datto_rmm", tmp_path_factory.mktemp("datto_rmm"))


def test_outages_and_monthly_downtime_equal_the_hand_worked_values(warehouse):
    rmm_story.assert_downtime_matches(warehouse)


def test_offline_alerts_are_critical_and_named_by_their_context_class(warehouse):
    rows = dict(
        (event_id, (check_name, severity, in_maintenance))
        for event_id, check_name, severity, in_maintenance in rmm_story.query(
            warehouse,
            "select event_id, check_name, severity, in_maintenance"
            " from staging.stg_datto_rmm__monitoring_events",
        )
    )
    assert rows[alert_uid(1)] == ("online_offline_status_ctx", "critical", False)  # High, offline
    assert rows[alert_uid(2)] == ("CPU usage 97.5%", "major", False)  # High, resource usage
    assert rows[alert_uid(6)] == ("online_offline_status_ctx", "critical", True)  # muted
    assert rows[alert_uid(7)] == ("online_offline_status_ctx", "critical", False)  # "Urgent"
    assert rows[alert_uid(9)] == ("perf_resource_usage_ctx", "warning", False)  # Low
    assert len(rows) == 10


def test_devices_by_category_else_device_class(warehouse):
    got = rmm_story.devices(warehouse)
    assert {name: got[name] for name in rmm_story.DEVICES} == rmm_story.DEVICES
    assert got["acme-lab"] == ("other", False)  # category Mainframe unknown; udf1 says standard


def test_unknown_values_build_and_are_listed(warehouse):
    # Listed in the shared table the build summary reads; the records keep the field's default.
    rows = rmm_story.query(
        warehouse,
        "select entity, field, vendor_value, records, example_record_id, default_value_used"
        " from quality.unmapped_vendor_values where source_system = 'datto_rmm' order by 1, 2",
    )
    assert rows == [
        ("devices", "device_type", "Mainframe", 1, device_uid(104), "other"),
        # "Urgent" would take the default info; the alert is offline, so the down rule makes the
        # record critical, and the listing shows the value the record got.
        ("monitoring_events", "severity", "Urgent", 1, alert_uid(7), "critical"),
    ]


def test_client_without_a_critical_device_is_listed(warehouse):
    assert rmm_story.query(
        warehouse,
        "select client_id, source_system, monitoring_events, devices"
        " from intermediate.int_monitored_clients_without_critical_device",
    ) == [("C2", "datto_rmm", 1, 1)]
