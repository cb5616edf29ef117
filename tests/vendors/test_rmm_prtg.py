"""PRTG adapter on real-shaped exports (tests/data/vendors/prtg/, SOURCES.md there).

The story of tests/vendors/rmm_story.py in PRTG's shapes: table.json answers, auto-discovered
devices without tags (critical: PRTG watches infrastructure), sensor state messages with
status / status_raw, a Down acknowledged before it ends, a maintenance pause by schedule.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from pipelines.ingest.vendors.mapping_report import vendor_mapping_lines
from tests.vendors import rmm_story

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    return rmm_story.build("prtg", tmp_path_factory.mktemp("prtg"))


def test_outages_and_monthly_downtime_equal_the_hand_worked_values(warehouse):
    rmm_story.assert_downtime_matches(warehouse)


def test_a_down_period_runs_to_the_next_up_or_pause(warehouse):
    rows = rmm_story.query(
        warehouse,
        "select check_name, severity, started_at, resolved_at from staging.stg_prtg__monitoring_events"
        " where device_id = '2001' order by started_at",
    )
    assert rows == [
        # Down, Down (Acknowledged) at 10:20, Up: one event.
        ("Ping", "critical", datetime(2025, 1, 6, 10, 0), datetime(2025, 1, 6, 10, 45)),
        ("CPU Load", "warning", datetime(2025, 1, 6, 10, 5), datetime(2025, 1, 6, 10, 40)),
        ("Disk Free", "critical", datetime(2025, 1, 31, 23, 40), datetime(2025, 2, 1, 0, 20)),
        # Paused by user at 08:30 ends it. The pause by schedule on 01-15 is no event at all.
        ("Ping", "critical", datetime(2025, 2, 2, 8, 0), datetime(2025, 2, 2, 8, 30)),
        # "No Probe", a state no seed row knows: info, open (no Up follows).
        ("CPU Load", "info", datetime(2025, 2, 4, 6, 0), None),
    ]


def test_untagged_devices_are_critical_and_tags_still_decide(warehouse):
    assert rmm_story.devices(warehouse) == {
        "acme-srv-01": ("other", True),
        "acme-sw-01": ("other", True),
        "acme-pc-01": ("workstation", False),
        "acme-lab": ("other", False),  # msp-noncritical
        "beta-pc-01": ("workstation", False),
    }


def test_unknown_values_build_and_are_listed(warehouse):
    # A sensor state no seed row knows starts an `info` event and is listed.
    rows = rmm_story.query(
        warehouse,
        "select entity, field, vendor_value, records, default_value_used"
        " from quality.unmapped_vendor_values where source_system = 'prtg'",
    )
    assert rows == [("monitoring_events", "severity", "No Probe", 1, "info")]


def test_client_without_a_critical_device_is_listed(warehouse):
    assert rmm_story.query(
        warehouse,
        "select client_id, source_system, monitoring_events, devices"
        " from intermediate.int_monitored_clients_without_critical_device",
    ) == [("C2", "prtg", 1, 1)]


def test_the_build_summary_names_the_client_and_the_unknown_state(warehouse):
    lines = vendor_mapping_lines(warehouse)
    assert "  vendor values, prtg: 14 of 15 records mapped cleanly (93.3 %)" in lines
    assert any(
        line.startswith("    unmapped prtg severity 'No Probe': 1 records") for line in lines
    )
    assert (
        "  no critical device, prtg: client C2 has 1 monitoring events but none of its 1 devices"
        " is critical: no outage can be counted (map its device classes or tag a device critical)"
    ) in lines
