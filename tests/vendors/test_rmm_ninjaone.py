"""NinjaOne adapter on real-shaped exports (tests/data/vendors/ninjaone/, SOURCES.md there).

The story of tests/vendors/rmm_story.py in NinjaOne's shapes: /v2/devices-detailed with
custom fields in `fields`, /v2/activities' envelope with CONDITION TRIGGERED / RESET pairs,
activityTime with milliseconds, a Device Down condition at MAJOR, a condition with no severity.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.vendors import rmm_story

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    return rmm_story.build("ninjaone", tmp_path_factory.mktemp("ninjaone"))


def test_outages_and_monthly_downtime_equal_the_hand_worked_values(warehouse):
    rmm_story.assert_downtime_matches(warehouse)


def test_device_down_conditions_are_critical_whatever_their_severity(warehouse):
    rows = rmm_story.query(
        warehouse,
        "select event_id, severity, in_maintenance from staging.stg_ninjaone__monitoring_events"
        " where event_id in ('177201', '177202', '177206', '177207', '177209') order by 1",
    )
    # Device Down at MAJOR; CPU at MAJOR; Device Down in maintenance; "Server offline" without
    # a severity; CPU at MINOR.
    assert rows == [
        ("177201", "critical", False), ("177202", "major", False), ("177206", "critical", True),
        ("177207", "critical", False), ("177209", "warning", False),
    ]  # fmt: skip


def test_activity_times_keep_their_milliseconds(warehouse):
    assert rmm_story.query(
        warehouse,
        "select started_at, resolved_at from staging.stg_ninjaone__monitoring_events"
        " where event_id = '177202'",
    ) == [(datetime(2025, 1, 6, 10, 5, 0, 556000), datetime(2025, 1, 6, 10, 40, 0, 556000))]


def test_devices_by_node_class_chassis_and_custom_fields(warehouse):
    got = rmm_story.devices(warehouse)
    assert {name: got[name] for name in rmm_story.DEVICES} == rmm_story.DEVICES
    assert got["acme-lab"] == ("other", False)  # NMS_MAINFRAME is unknown; fields say standard


def test_unknown_values_build_and_are_listed(warehouse):
    # Listed in the shared table the build summary reads; the records keep the field's default.
    rows = rmm_story.query(
        warehouse,
        "select entity, field, vendor_value, records, example_record_id, default_value_used"
        " from quality.unmapped_vendor_values where source_system = 'ninjaone' order by 1, 2",
    )
    # Activity 177207 has no severity at all: nothing to map (info), so it is not listed.
    assert rows == [("devices", "device_type", "NMS_MAINFRAME", 1, "1004", "other")]


def test_client_without_a_critical_device_is_listed(warehouse):
    assert rmm_story.query(
        warehouse,
        "select client_id, source_system, monitoring_events, devices"
        " from intermediate.int_monitored_clients_without_critical_device",
    ) == [("C2", "ninjaone", 1, 1)]
