"""One small client worked out by hand, month by month, through `client_truth`."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from pipelines.generate.records import (
    Agreement,
    Client,
    ClientRecords,
    Device,
    InvoiceLine,
    MonitoringEvent,
    SlaTarget,
    Ticket,
    TimeEntry,
)
from pipelines.generate.truth import client_truth

pytestmark = pytest.mark.unit

AS_OF = datetime(2025, 3, 12, 14, 0, tzinfo=UTC)
COSTS = {"X": Decimal("40.00"), "Y": Decimal("55.50")}


def ts(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def _ticket(
    ticket_id, device, created, response, resolved, priority, ticket_type, signature, merged=None
):
    return Ticket(
        ticket_id,
        "C1",
        device,
        ts(created),
        ts(response) if response else None,
        ts(resolved) if resolved else None,
        priority,
        ticket_type,
        *signature,
        "phone",
        "x",
        "",
        merged,
    )


def _line(invoice, number, invoice_date, period, line_type, amount, quantity=None, unit_cost=None):
    return InvoiceLine(
        invoice,
        number,
        "C1",
        invoice_date,
        period[0],
        period[1],
        line_type,
        "",
        quantity,
        None,
        Decimal(amount),
        Decimal(unit_cost) if unit_cost else None,
    )


@pytest.fixture(scope="module")
def truth():
    records = ClientRecords(
        client=Client("C1", "Client One", "legal", 10, "Europe/London", None),
        devices=[
            Device("S", "C1", "s", "server", True),
            Device("W", "C1", "w", "workstation", False),
            Device("N", "C1", "n", "network", True, retired_at=date(2025, 1, 31)),
        ],
        agreements=[
            Agreement(
                "A1", "C1", "break_fix", date(2025, 1, 1), date(2025, 2, 14), None, Decimal("100")
            ),
            Agreement(
                "A2", "C1", "managed", date(2025, 2, 15), None, Decimal("1000"), Decimal("100")
            ),
        ],
        sla_targets=[SlaTarget("A2", "P1", 15, 240), SlaTarget("A2", "P3", 120, 1440)],
        monitoring_events=[
            MonitoringEvent(
                "E1", "C1", "S", "ping", "critical", ts("2025-01-31 23:30"), ts("2025-02-01 00:30")
            ),
            MonitoringEvent(
                "E2", "C1", "N", "ping", "critical", ts("2025-01-15 10:00"), ts("2025-01-15 10:40")
            ),
            MonitoringEvent(
                "E3", "C1", "S", "ping", "critical", ts("2025-01-15 10:40"), ts("2025-01-15 11:00")
            ),
            MonitoringEvent(
                "E4", "C1", "W", "ping", "critical", ts("2025-02-03 10:00"), ts("2025-02-03 11:00")
            ),
            MonitoringEvent("E5", "C1", "S", "ping", "critical", ts("2025-03-12 13:00"), None),
        ],
        tickets=[
            _ticket(
                "T1",
                "S",
                "2025-01-10 09:00",
                "2025-01-10 09:20",
                "2025-01-10 12:00",
                "P3",
                "incident",
                ("server", "disk"),
            ),
            _ticket(
                "T2",
                "S",
                "2025-02-09 09:00",
                "2025-02-09 10:00",
                "2025-02-10 09:00",
                "P3",
                "incident",
                ("server", "disk"),
            ),  # exactly 30 days after T1: recurring
            _ticket(
                "T3",
                "S",
                "2025-02-09 09:05",
                None,
                "2025-02-09 09:06",
                "P3",
                "incident",
                ("server", "disk"),
                merged="T2",
            ),
            _ticket(
                "T4",
                "S",
                "2025-02-20 10:00",
                "2025-02-20 10:10",
                "2025-02-20 15:00",
                "P1",
                "incident",
                ("server", "cpu"),
            ),
            _ticket(
                "T5", None, "2025-03-12 11:00", None, None, "P3", "request", ("account", "new_user")
            ),
            _ticket(
                "T6", "W", "2025-03-12 13:50", None, None, "P1", "incident", ("hardware", "slow")
            ),
            _ticket("T7", "S", "2025-03-12 14:00", None, None, "P3", "incident", ("server", "cpu")),
        ],
        time_entries=[
            TimeEntry("TE1", "C1", "T1", "X", ts("2025-01-10 09:20"), 1.5, True, "reactive"),
            TimeEntry("TE2", "C1", None, "Y", ts("2025-01-31 23:45"), 0.75, True, "emergency"),
            TimeEntry("TE3", "C1", "T4", "X", ts("2025-02-20 10:10"), 2.0, False, "reactive"),
            TimeEntry("TE4", "C1", None, "Y", ts("2025-03-03 09:00"), 1.0, False, "proactive"),
        ],
        invoice_lines=[
            _line(
                "I1", 1, date(2025, 2, 1), (date(2025, 1, 1), date(2025, 1, 31)), "labor", "150.00"
            ),
            _line("I1", 2, date(2025, 2, 1), (None, None), "emergency_labor", "112.50"),
            _line(
                "I1",
                3,
                date(2025, 2, 1),
                (date(2025, 2, 15), date(2025, 3, 31)),
                "recurring_fee",
                "1500.00",
            ),
            _line(
                "I1",
                4,
                date(2025, 2, 1),
                (date(2025, 1, 1), date(2025, 1, 31)),
                "parts",
                "218.00",
                2.0,
                "62.00",
            ),
            _line("I2", 1, date(2025, 3, 1), (None, None), "credit", "50.00"),
        ],
    )
    return client_truth(records, COSTS, AS_OF)


def _month(truth, month):
    return next(row for row in truth.months if row["month"] == month)


def test_client_entry(truth):
    assert [r["month"] for r in truth.months] == ["2025-01-01", "2025-02-01", "2025-03-01"]
    assert truth.client["current_support_model"] == "managed"
    assert truth.client["active_endpoints"] == 2  # the network device retired in January
    assert truth.client["downtime_cost_per_hour"] is None
    assert truth.client["effective_downtime_cost_per_hour"] == "500.00"  # 10 seats x 50
    assert truth.devices["N"] == {"client_id": "C1", "device_type": "network", "is_critical": True}


def test_support_model_by_month(truth):
    assert [r["support_model"] for r in truth.months] == [
        "break_fix",
        "managed",
        "managed",
    ]  # Feb: 14/14 tie


def test_downtime(truth):
    jan, feb, mar = (_month(truth, m) for m in ("2025-01-01", "2025-02-01", "2025-03-01"))
    # Jan: touching E2+E3 (60 min, business hours) and 30 min of the month-end outage.
    assert (jan["downtime_minutes"], jan["outage_count"], jan["longest_outage_minutes"]) == (
        90,
        2,
        60,
    )
    assert (
        jan["business_hours_downtime_minutes"] == 60 and jan["estimated_downtime_cost"] == "500.00"
    )
    assert jan["availability_pct"] == pytest.approx(100 * (1 - 90 / 44640))
    # Feb: the other 30 min on a Saturday; E4 is on a non-critical device.
    assert (
        feb["downtime_minutes"],
        feb["outage_count"],
        feb["business_hours_downtime_minutes"],
    ) == (30, 1, 0)
    assert feb["estimated_downtime_cost"] == "0.00"
    # Mar: open since 13:00, measured to as-of 14:00.
    assert (mar["downtime_minutes"], mar["business_hours_downtime_minutes"]) == (60, 60)
    assert mar["availability_pct"] == pytest.approx(100 * (1 - 60 / 16680))
    assert len(truth.outages) == 3 and truth.outages[-1].is_open


def test_faults(truth):
    counts = [(r["fault_count"], r["recurring_fault_count"]) for r in truth.months]
    assert counts == [(1, 0), (2, 1), (2, 1)]  # T2 30 days after T1; T7 20 days after T4
    assert _month(truth, "2025-02-01")["recurring_fault_rate"] == 50.0


def test_sla(truth):
    jan, feb, mar = truth.months
    assert (
        jan["tickets"],
        jan["response_met"],
        jan["response_breached"],
        jan["median_response_minutes"],
    ) == (1, 0, 0, 20)
    assert jan["response_met_pct"] is None  # break-fix: no targets
    # Feb: T3 merged and left out; T4 responded in 10 of 15 min, resolved in 300 of 240.
    assert feb["tickets"] == 2
    assert (
        feb["response_met"],
        feb["response_breached"],
        feb["resolution_met"],
        feb["resolution_breached"],
    ) == (1, 0, 0, 1)
    assert feb["median_response_minutes"] == 35  # T2 60, T4 10
    # Mar: T5 has waited 180 > 120 min (breached); T6 10 < 15 and T7 0 min are pending.
    assert mar["tickets"] == 3
    assert (
        mar["response_met"],
        mar["response_breached"],
        mar["resolution_met"],
        mar["resolution_breached"],
    ) == (0, 1, 0, 0)
    assert mar["response_met_pct"] == 0.0 and mar["resolution_met_pct"] is None
    assert mar["median_response_minutes"] is None


def test_margin(truth):
    jan, feb, mar = truth.months
    assert (jan["revenue"], jan["labor_cost"], jan["parts_cost"], jan["tooling_cost"]) == (
        "368.00",
        "101.63",
        "124.00",
        "0.00",
    )
    assert (jan["labor_hours"], jan["billable_hours"]) == (2.25, 2.25)
    assert (jan["total_cost"], jan["gross_margin"]) == ("225.63", "142.37")
    assert jan["gross_margin_pct"] == pytest.approx(100 * 142.37 / 368)
    assert jan["effective_hourly_rate"] == pytest.approx((368 - 124) / 2.25)
    # Feb: emergency labour by invoice date, 14 of 45 fee days (466.67), 2 covered devices.
    assert (feb["revenue"], feb["labor_cost"], feb["tooling_cost"], feb["gross_margin"]) == (
        "579.17",
        "80.00",
        "12.00",
        "487.17",
    )
    assert (feb["labor_hours"], feb["billable_hours"]) == (2.0, 0.0)
    # Mar: the fee's remainder 1033.33 less a credit written as a positive 50.00.
    assert (mar["revenue"], mar["labor_cost"], mar["total_cost"], mar["gross_margin"]) == (
        "983.33",
        "55.50",
        "67.50",
        "915.83",
    )
    assert mar["effective_hourly_rate"] == pytest.approx(983.33)
