"""The metric rules of the truth, on small cases worked out by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from pipelines.generate.records import Agreement, Device, InvoiceLine, MonitoringEvent, Ticket
from pipelines.generate.truth import (
    OutageInterval,
    agreement_at,
    agreement_for_month,
    business_seconds,
    covered_device_count,
    line_months,
    merge_outages,
    outage_intervals,
    recurring_fault_ids,
    signed_amount,
    sla_verdict,
    spread_by_days,
)

pytestmark = pytest.mark.unit

AS_OF = datetime(2025, 3, 12, 14, 0, tzinfo=UTC)


def ts(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def interval(start: str, end: str, device: str = "D1") -> OutageInterval:
    return OutageInterval(ts(start), ts(end), device, False)


# -- downtime ----------------------------------------------------------------


def test_overlapping_intervals_across_devices_merge_into_one_outage():
    outages = merge_outages(
        [
            interval("2025-01-10 10:00", "2025-01-10 11:00", "D1"),
            interval("2025-01-10 10:30", "2025-01-10 12:00", "D2"),
            interval("2025-01-10 10:40", "2025-01-10 10:50", "D3"),  # inside the first
        ]
    )
    assert len(outages) == 1
    assert outages[0].start == ts("2025-01-10 10:00") and outages[0].end == ts("2025-01-10 12:00")
    assert outages[0].minutes == 120
    assert outages[0].devices == {"D1", "D2", "D3"}


def test_touching_intervals_merge_but_a_one_second_gap_does_not():
    touching = merge_outages(
        [
            interval("2025-01-10 10:00:00", "2025-01-10 10:20:00", "D1"),
            interval("2025-01-10 10:20:00", "2025-01-10 10:45:00", "D2"),
        ]
    )
    assert [(o.minutes, len(o.devices)) for o in touching] == [(45, 2)]
    apart = merge_outages(
        [
            interval("2025-01-10 10:00:00", "2025-01-10 10:20:00", "D1"),
            interval("2025-01-10 10:20:01", "2025-01-10 10:45:00", "D1"),
        ]
    )
    assert [o.minutes for o in apart] == [20, 24 + 59 / 60]


def _device(device_id: str, critical: bool, device_type: str = "server") -> Device:
    return Device(device_id, "C1", device_id, device_type, critical)


def _event(
    event_id: str,
    device: str,
    severity: str,
    start: str,
    end: str | None,
    maintenance: bool = False,
) -> MonitoringEvent:
    return MonitoringEvent(
        event_id, "C1", device, "ping", severity, ts(start), ts(end) if end else None, maintenance
    )


def test_only_critical_events_on_critical_devices_outside_maintenance_are_outages():
    devices = {"S": _device("S", True), "W": _device("W", False, "workstation")}
    events = [
        _event("E1", "S", "critical", "2025-03-01 10:00", "2025-03-01 10:30"),
        _event("E2", "S", "major", "2025-03-02 10:00", "2025-03-02 10:30"),
        _event("E3", "S", "critical", "2025-03-03 10:00", "2025-03-03 10:30", maintenance=True),
        _event("E4", "W", "critical", "2025-03-04 10:00", "2025-03-04 10:30"),
        _event("E5", "S", "critical", "2025-03-12 12:25", None),  # open: runs to as-of
    ]
    intervals = outage_intervals(events, devices, AS_OF)
    assert [(i.start, i.end, i.is_open) for i in intervals] == [
        (ts("2025-03-01 10:00"), ts("2025-03-01 10:30"), False),
        (ts("2025-03-12 12:25"), AS_OF, True),
    ]


def test_month_end_outage_counts_in_both_months_and_open_outage_runs_to_as_of():
    from pipelines.generate.truth import _downtime_month

    outages = merge_outages(
        [
            interval("2025-01-31 23:35", "2025-02-01 01:10"),
            OutageInterval(ts("2025-03-12 12:25"), AS_OF, "D1", True),
        ]
    )
    utc, cost = ZoneInfo("UTC"), Decimal("100")
    jan = _downtime_month(outages, ts("2025-01-01"), ts("2025-02-01"), utc, cost)
    feb = _downtime_month(outages, ts("2025-02-01"), ts("2025-03-01"), utc, cost)
    mar = _downtime_month(outages, ts("2025-03-01"), AS_OF, utc, cost)
    assert (jan["downtime_minutes"], jan["outage_count"], jan["longest_outage_minutes"]) == (
        25,
        1,
        25,
    )
    assert (feb["downtime_minutes"], feb["outage_count"]) == (70, 1)
    # Friday 31 Jan 23:35 is outside business hours; Saturday 1 Feb too.
    assert jan["business_hours_downtime_minutes"] == 0 and feb["estimated_downtime_cost"] == "0.00"
    assert mar["downtime_minutes"] == 95
    # The as-of month has 11 days and 14 hours up to as-of: 16,680 minutes.
    assert mar["availability_pct"] == pytest.approx(100 * (1 - 95 / 16680))
    # Wednesday 12 March 12:25-14:00 UTC is all business hours: 95 min at 100/h.
    assert (
        mar["business_hours_downtime_minutes"] == 95 and mar["estimated_downtime_cost"] == "158.33"
    )
    assert jan["availability_pct"] == pytest.approx(100 * (1 - 25 / (31 * 1440)))


def test_business_hours_follow_local_time_across_a_dst_change():
    new_york = ZoneInfo("America/New_York")
    # Same UTC hours, Monday before and Monday after US DST began (Sun 9 March 2025).
    before = business_seconds(ts("2025-03-03 11:00"), ts("2025-03-03 14:00"), new_york)
    after = business_seconds(ts("2025-03-10 11:00"), ts("2025-03-10 14:00"), new_york)
    assert before / 60 == 60  # EST: 06:00-09:00 local, business from 08:00
    assert after / 60 == 120  # EDT: 07:00-10:00 local
    # Sydney: DST ends Sun 6 April 2025 (UTC+11 -> UTC+10); Monday 7 April 08:00 local = 22:00Z Sunday.
    sydney = ZoneInfo("Australia/Sydney")
    assert business_seconds(ts("2025-04-06 21:00"), ts("2025-04-06 23:00"), sydney) / 60 == 60


def test_business_hours_skip_the_weekend_and_nights():
    london = ZoneInfo("Europe/London")
    # Friday 17:00 to Monday 09:00 local (winter, UTC+0): one hour each side.
    assert business_seconds(ts("2025-01-10 17:00"), ts("2025-01-13 09:00"), london) / 60 == 120
    # Summer time: 07:00Z-08:00Z is 08:00-09:00 BST.
    assert business_seconds(ts("2025-06-02 07:00"), ts("2025-06-02 08:00"), london) / 60 == 60


# -- recurring faults ------------------------------------------------------------


def _ticket(
    ticket_id: str,
    created: datetime,
    device: str | None = "S",
    category: str | None = "server",
    subcategory: str | None = "disk",
    ticket_type: str = "incident",
    merged_into: str | None = None,
) -> Ticket:
    return Ticket(
        ticket_id,
        "C1",
        device,
        created,
        None,
        None,
        "P3",
        ticket_type,
        category,
        subcategory,
        "phone",
        "closed",
        "",
        merged_into,
    )


def test_recurrence_window_is_thirty_days_inclusive():
    t0 = ts("2025-01-05 09:00:00")
    tickets = [
        _ticket("T1", t0),
        _ticket("T2", t0 + timedelta(days=30)),  # exactly 30 x 24 h: recurring
        _ticket("T3", t0, subcategory="psu"),
        _ticket("T4", t0 + timedelta(days=30, seconds=1), subcategory="psu"),  # one second over
    ]
    assert recurring_fault_ids(tickets) == {"T2"}


def test_only_the_previous_fault_counts_and_nulls_compare_equal():
    t0 = ts("2025-01-05 09:00:00")
    tickets = [
        _ticket("T1", t0, category=None, subcategory=None),
        _ticket("T2", t0 + timedelta(days=20), category=None, subcategory=None),
        _ticket("T3", t0 + timedelta(days=45), category=None, subcategory=None),  # 25 days after T2
        _ticket("T4", t0 + timedelta(days=46), device="OTHER", category=None, subcategory=None),
    ]
    assert recurring_fault_ids(tickets) == {"T2", "T3"}


def test_merged_requests_and_deviceless_tickets_are_not_faults():
    t0 = ts("2025-01-05 09:00:00")
    tickets = [
        _ticket("T1", t0),
        _ticket("T2", t0 + timedelta(minutes=5), merged_into="T1"),
        _ticket("T3", t0 + timedelta(days=1), ticket_type="request"),
        _ticket("T4", t0 + timedelta(days=2), device=None),
        _ticket("T5", t0 + timedelta(days=3)),
    ]
    assert recurring_fault_ids(tickets) == {"T5"}


def test_same_creation_time_orders_by_ticket_id():
    t0 = ts("2025-01-05 09:00:00")
    assert recurring_fault_ids([_ticket("T9", t0), _ticket("T8", t0)]) == {"T9"}


# -- agreements ----------------------------------------------------------------


def _agreement(
    agreement_id: str, model: str, start: date, end: date | None, covered: tuple[str, ...] = ()
) -> Agreement:
    return Agreement(
        agreement_id, "C1", model, start, end, None, None, covered_device_types=covered
    )


def test_month_goes_to_the_agreement_with_most_days_and_a_tie_to_the_later_start():
    feb_tie = [
        _agreement("A1", "break_fix", date(2025, 1, 1), date(2025, 2, 14)),
        _agreement("A2", "managed", date(2025, 2, 15), None),
    ]
    assert agreement_for_month(feb_tie, date(2025, 2, 1)).agreement_id == "A2"  # 14 days each
    assert agreement_for_month(feb_tie, date(2025, 1, 1)).agreement_id == "A1"
    # 31-day month with a day uncovered: 15 days each, a tie.
    jan_tie = [
        _agreement("A1", "break_fix", date(2024, 12, 1), date(2025, 1, 15)),
        _agreement("A2", "managed", date(2025, 1, 17), None),
    ]
    assert agreement_for_month(jan_tie, date(2025, 1, 1)).support_model == "managed"
    # One more day of break-fix wins.
    jan_bf = [
        _agreement("A1", "break_fix", date(2024, 12, 1), date(2025, 1, 16)),
        _agreement("A2", "managed", date(2025, 1, 17), None),
    ]
    assert agreement_for_month(jan_bf, date(2025, 1, 1)).support_model == "break_fix"
    assert agreement_for_month(jan_bf, date(2024, 11, 1)) is None  # unassigned


def test_agreement_in_force_at_a_timestamp_uses_inclusive_utc_days():
    agreements = [
        _agreement("A1", "break_fix", date(2025, 1, 1), date(2025, 2, 14)),
        _agreement("A2", "managed", date(2025, 2, 15), None),
        _agreement("A3", "hybrid", date(2025, 3, 1), date(2025, 3, 5)),
    ]
    assert agreement_at(agreements, ts("2025-02-14 23:59:59")).agreement_id == "A1"
    assert agreement_at(agreements, ts("2025-02-15 00:00:00")).agreement_id == "A2"
    assert agreement_at(agreements, ts("2025-03-03 12:00")).agreement_id == "A3"  # later start wins
    assert agreement_at(agreements, ts("2024-12-31 23:59:59")) is None


# -- SLA -----------------------------------------------------------------------


def test_sla_verdicts_at_the_target_boundary_and_while_open():
    created = ts("2025-03-12 10:00")
    assert sla_verdict(created, created + timedelta(minutes=30), 30, AS_OF) is True
    assert sla_verdict(created, created + timedelta(minutes=30, seconds=1), 30, AS_OF) is False
    assert sla_verdict(created, None, 240, AS_OF) is None  # exactly at the target: not yet past
    assert sla_verdict(created, None, 239, AS_OF) is False  # open and past its target
    assert sla_verdict(created, created, None, AS_OF) is None  # no target, no verdict


# -- revenue -------------------------------------------------------------------


def test_spread_by_days_gives_the_remainder_to_the_last_month():
    quarter = spread_by_days(Decimal("1000.00"), date(2025, 1, 1), date(2025, 3, 31))  # 90 days
    assert quarter == {
        date(2025, 1, 1): Decimal("344.44"),
        date(2025, 2, 1): Decimal("311.11"),
        date(2025, 3, 1): Decimal("344.45"),
    }
    straddle = spread_by_days(
        Decimal("100.00"), date(2025, 1, 16), date(2025, 2, 15)
    )  # 16 + 15 days
    assert straddle == {date(2025, 1, 1): Decimal("51.61"), date(2025, 2, 1): Decimal("48.39")}
    assert spread_by_days(Decimal("-90.00"), date(2025, 1, 1), date(2025, 3, 31))[
        date(2025, 3, 1)
    ] == Decimal("-31.00")


def _line(
    line_type: str, amount: str, period: tuple[date | None, date | None] = (None, None)
) -> InvoiceLine:
    return InvoiceLine(
        "I1",
        1,
        "C1",
        date(2025, 3, 1),
        period[0],
        period[1],
        line_type,
        "",
        None,
        None,
        Decimal(amount),
    )


def test_credits_are_negative_and_lines_land_by_period_or_invoice_date():
    assert signed_amount(_line("credit", "50.00")) == Decimal("-50.00")
    assert signed_amount(_line("credit", "-50.00")) == Decimal("-50.00")
    assert signed_amount(_line("labor", "50.00")) == Decimal("50.00")
    no_period = _line("labor", "10.00")
    assert line_months(no_period, no_period.amount) == {date(2025, 3, 1): Decimal("10.00")}
    open_ended = _line("project", "10.00", (date(2025, 2, 10), None))
    assert line_months(open_ended, open_ended.amount) == {date(2025, 2, 1): Decimal("10.00")}


# -- tooling -------------------------------------------------------------------


def test_tooling_counts_active_devices_covered_by_the_months_agreement():
    devices = [
        Device("S", "C1", "s", "server", True),
        Device("N", "C1", "n", "network", True, retired_at=date(2025, 2, 1)),  # active on Feb 1st
        Device("W", "C1", "w", "workstation", False, active_from=date(2025, 2, 28)),  # last day
        Device("L", "C1", "l", "laptop", False, retired_at=date(2025, 1, 31)),  # gone before Feb
        Device("P", "C1", "p", "printer", False, active_from=date(2025, 3, 1)),  # not yet
    ]
    feb = date(2025, 2, 1)
    hybrid = _agreement("A1", "hybrid", date(2025, 1, 1), None, ("server", "network"))
    assert (
        covered_device_count(devices, _agreement("A1", "managed", date(2025, 1, 1), None), feb) == 3
    )
    assert covered_device_count(devices, hybrid, feb) == 2
    assert (
        covered_device_count(devices, _agreement("A1", "break_fix", date(2025, 1, 1), None), feb)
        == 0
    )
    assert covered_device_count(devices, None, feb) == 0
