"""The metrics of docs/design.md section 5, computed in plain Python from the records.

This is the independent second computation that the dbt marts are tested
against, so it follows the precise readings in docs/ARCHITECTURE.md literally
and shares nothing with the SQL. Times are aware UTC datetimes, money Decimal.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from pipelines.generate.records import (
    Agreement,
    ClientRecords,
    Device,
    InvoiceLine,
    MonitoringEvent,
    SlaTarget,
    Ticket,
)
from pipelines.generate.timeline import (
    add_months,
    at_midnight,
    month_end,
    month_start,
    months_between,
)

CENT = Decimal("0.01")


@dataclass(frozen=True)
class TruthSettings:
    """The dbt vars the metrics depend on, at their defaults."""

    recurrence_window_days: int = 30
    downtime_cost_per_seat_hour: Decimal = Decimal("50")
    tooling_cost_per_endpoint_month: Decimal = Decimal("6.00")


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def ratio_pct(part: float, whole: float) -> float | None:
    return None if whole == 0 else 100.0 * part / whole


# -- downtime ----------------------------------------------------------------


@dataclass(frozen=True)
class Outage:
    start: datetime
    end: datetime
    devices: frozenset[str]
    is_open: bool

    @property
    def minutes(self) -> float:
        return (self.end - self.start).total_seconds() / 60


@dataclass(frozen=True)
class OutageInterval:
    start: datetime
    end: datetime
    device_id: str
    is_open: bool


def outage_intervals(
    events: Iterable[MonitoringEvent], devices: dict[str, Device], as_of: datetime
) -> list[OutageInterval]:
    """Critical events on critical devices, not in maintenance, up to as-of while open."""
    intervals = []
    for e in events:
        if e.severity != "critical" or e.in_maintenance or not devices[e.device_id].is_critical:
            continue
        if e.started_at > as_of:
            continue
        end = e.resolved_at if e.resolved_at is not None else as_of
        intervals.append(OutageInterval(e.started_at, end, e.device_id, e.resolved_at is None))
    return intervals


def merge_outages(intervals: Iterable[OutageInterval]) -> list[Outage]:
    """Union of intervals: overlapping or touching (next start <= current end) ones merge."""
    merged: list[Outage] = []
    start = end = None
    devices: set[str] = set()
    is_open = False
    for iv in sorted(intervals, key=lambda i: (i.start, i.end)):
        if start is not None and iv.start <= end:
            if iv.end > end:
                end = iv.end
            devices.add(iv.device_id)
            is_open = is_open or iv.is_open
            continue
        if start is not None:
            merged.append(Outage(start, end, frozenset(devices), is_open))
        start, end, devices, is_open = iv.start, iv.end, {iv.device_id}, iv.is_open
    if start is not None:
        merged.append(Outage(start, end, frozenset(devices), is_open))
    return merged


def overlap_seconds(start: datetime, end: datetime, lo: datetime, hi: datetime) -> float:
    return max(0.0, (min(end, hi) - max(start, lo)).total_seconds())


def business_seconds(start: datetime, end: datetime, zone: ZoneInfo) -> float:
    """Seconds of [start, end) inside Mon-Fri 08:00-18:00 local wall-clock time (DST-aware)."""
    if end <= start:
        return 0.0
    total = 0.0
    day = start.astimezone(zone).date()
    last = end.astimezone(zone).date()
    while day <= last:
        if day.weekday() < 5:
            opens = datetime(day.year, day.month, day.day, 8, tzinfo=zone).astimezone(UTC)
            closes = datetime(day.year, day.month, day.day, 18, tzinfo=zone).astimezone(UTC)
            total += overlap_seconds(start, end, opens, closes)
        day += timedelta(days=1)
    return total


# -- recurring faults ----------------------------------------------------------


def is_fault(ticket: Ticket) -> bool:
    return (
        ticket.ticket_type == "incident"
        and ticket.device_id is not None
        and ticket.merged_into_ticket_id is None
    )


def recurring_fault_ids(tickets: Iterable[Ticket], window_days: int = 30) -> set[str]:
    """Faults whose previous fault of the same (device, category, subcategory) is <= window before."""
    window = timedelta(days=window_days)
    last_seen: dict[tuple, datetime] = {}
    recurring = set()
    for t in sorted((t for t in tickets if is_fault(t)), key=lambda t: (t.created_at, t.ticket_id)):
        signature = (t.device_id, t.category, t.subcategory)
        previous = last_seen.get(signature)
        if previous is not None and t.created_at - previous <= window:
            recurring.add(t.ticket_id)
        last_seen[signature] = t.created_at
    return recurring


# -- agreements ----------------------------------------------------------------


def _later_key(a: Agreement) -> tuple:
    return (a.start_date, a.agreement_id)


def agreement_at(agreements: Iterable[Agreement], ts: datetime) -> Agreement | None:
    """In force at a timestamp: covers [start_date, end_date + 1 day) UTC; later start wins."""
    day = ts.astimezone(UTC).date()
    in_force = [
        a for a in agreements if a.start_date <= day and (a.end_date is None or day <= a.end_date)
    ]
    return max(in_force, key=_later_key, default=None)


def covered_days(agreement: Agreement, month: date) -> int:
    first = max(agreement.start_date, month)
    last = (
        month_end(month)
        if agreement.end_date is None
        else min(agreement.end_date, month_end(month))
    )
    return max(0, (last - first).days + 1)


def agreement_for_month(agreements: Iterable[Agreement], month: date) -> Agreement | None:
    """Most covered days in the month; a tie goes to the later start (then larger id)."""
    best, best_key = None, None
    for a in agreements:
        days = covered_days(a, month)
        if days == 0:
            continue
        key = (days, *_later_key(a))
        if best_key is None or key > best_key:
            best, best_key = a, key
    return best


# -- SLA -----------------------------------------------------------------------


def sla_verdict(
    created: datetime, done: datetime | None, target_minutes: int | None, as_of: datetime
) -> bool | None:
    """True met, False breached, None no verdict (no target, or still open within target)."""
    if target_minutes is None:
        return None
    target = timedelta(minutes=target_minutes)
    if done is not None:
        return done - created <= target
    return False if as_of - created > target else None


# -- revenue -------------------------------------------------------------------


def spread_by_days(amount: Decimal, first: date, last: date) -> dict[date, Decimal]:
    """Split over the months [first, last] touches by days; the last month takes the remainder."""
    total_days = (last - first).days + 1
    months = months_between(first, last)
    shares: dict[date, Decimal] = {}
    for month in months[:-1]:
        days = (min(last, month_end(month)) - max(first, month)).days + 1
        shares[month] = cents(amount * days / total_days)
    shares[months[-1]] = amount - sum(shares.values(), Decimal(0))
    return shares


def line_months(line: InvoiceLine, value: Decimal) -> dict[date, Decimal]:
    """Where a line's value (amount, or parts cost) lands by month."""
    if line.period_start is not None and line.period_end is not None:
        return spread_by_days(value, line.period_start, line.period_end)
    anchor = line.period_start if line.period_start is not None else line.invoice_date
    return {month_start(anchor): value}


def signed_amount(line: InvoiceLine) -> Decimal:
    return -abs(line.amount) if line.line_type == "credit" else line.amount


# -- tooling -------------------------------------------------------------------


def device_active_in(device: Device, month: date) -> bool:
    return (device.active_from is None or device.active_from <= month_end(month)) and (
        device.retired_at is None or device.retired_at >= month
    )


def covered_device_count(
    devices: Sequence[Device], agreement: Agreement | None, month: date
) -> int:
    if agreement is None or agreement.support_model == "break_fix":
        return 0
    active = [d for d in devices if device_active_in(d, month)]
    if agreement.support_model == "hybrid":
        return sum(d.device_type in agreement.covered_device_types for d in active)
    return len(active)


# -- one client ----------------------------------------------------------------


def _json_money(value: Decimal | None) -> str | None:
    return None if value is None else f"{cents(value):.2f}"


def client_first_month(records: ClientRecords) -> date:
    candidates = [a.start_date for a in records.agreements]
    candidates += [t.created_at.date() for t in records.tickets]
    candidates += [e.started_at.date() for e in records.monitoring_events]
    candidates += [te.started_at.date() for te in records.time_entries]
    for line in records.invoice_lines:
        candidates.append(min(line_months(line, line.amount)))
    return month_start(min(candidates))


@dataclass
class ClientTruth:
    client: dict
    devices: dict[str, dict]
    months: list[dict]
    outages: list[Outage]


def client_truth(
    records: ClientRecords,
    hourly_cost: dict[str, Decimal],
    as_of: datetime,
    settings: TruthSettings | None = None,
) -> ClientTruth:
    settings = settings or TruthSettings()
    client = records.client
    zone = ZoneInfo(client.timezone or "UTC")
    devices = {d.device_id: d for d in records.devices}
    # Revenue spread past the as-of month (quarterly fees paid in advance) has no row.
    months = months_between(client_first_month(records), as_of.date())

    monitored = bool(records.monitoring_events)
    outages = merge_outages(outage_intervals(records.monitoring_events, devices, as_of))
    cost_per_hour = client.downtime_cost_per_hour
    if cost_per_hour is None:
        cost_per_hour = client.seats * settings.downtime_cost_per_seat_hour

    faults: dict[date, list[Ticket]] = defaultdict(list)
    recurring = recurring_fault_ids(records.tickets, settings.recurrence_window_days)
    tickets_by_month: dict[date, list[Ticket]] = defaultdict(list)
    for t in records.tickets:
        if is_fault(t):
            faults[month_start(t.created_at.date())].append(t)
        if t.merged_into_ticket_id is None:
            tickets_by_month[month_start(t.created_at.date())].append(t)
    targets: dict[tuple[str, str], SlaTarget] = {
        (s.agreement_id, s.priority): s for s in records.sla_targets
    }

    revenue: dict[date, Decimal] = defaultdict(Decimal)
    parts_cost: dict[date, Decimal] = defaultdict(Decimal)
    for line in records.invoice_lines:
        for month, share in line_months(line, signed_amount(line)).items():
            revenue[month] += share
        if line.line_type == "parts" and line.unit_cost is not None and line.quantity is not None:
            cost = Decimal(str(line.quantity)) * line.unit_cost
            for month, share in line_months(line, cost).items():
                parts_cost[month] += share

    labor_cost: dict[date, Decimal] = defaultdict(Decimal)
    labor_hours: dict[date, float] = defaultdict(float)
    billable_hours: dict[date, float] = defaultdict(float)
    for te in records.time_entries:
        month = month_start(te.started_at.date())
        labor_cost[month] += Decimal(str(te.hours)) * hourly_cost[te.technician_id]
        labor_hours[month] += te.hours
        if te.billable:
            billable_hours[month] += te.hours

    rows = []
    for month in months:
        lo = at_midnight(month)
        hi = min(at_midnight(add_months(month, 1)), as_of)
        agreement = agreement_for_month(records.agreements, month)
        row = {
            "client_id": client.client_id,
            "month": month.isoformat(),
            "support_model": agreement.support_model if agreement else "unassigned",
            "agreement_id": agreement.agreement_id if agreement else None,
        }
        row.update(
            _downtime_month(outages, lo, hi, zone, cost_per_hour) if monitored else _no_downtime()
        )
        row.update(_faults_month(faults.get(month, []), recurring))
        row.update(_sla_month(tickets_by_month.get(month, []), records.agreements, targets, as_of))
        tooling = (
            covered_device_count(records.devices, agreement, month)
            * settings.tooling_cost_per_endpoint_month
        )
        row.update(
            _margin_month(
                revenue.get(month, Decimal(0)),
                cents(labor_cost.get(month, Decimal(0))),
                labor_hours.get(month, 0.0),
                billable_hours.get(month, 0.0),
                cents(parts_cost.get(month, Decimal(0))),
                cents(tooling),
            )
        )
        rows.append(row)

    in_force = agreement_at(records.agreements, as_of)
    client_entry = {
        "client_name": client.client_name,
        "industry": client.industry,
        "seats": client.seats,
        "timezone": client.timezone or "UTC",
        "current_support_model": in_force.support_model if in_force else "unassigned",
        "active_endpoints": sum(
            (d.active_from is None or d.active_from <= as_of.date())
            and (d.retired_at is None or d.retired_at >= as_of.date())
            for d in records.devices
        ),
        "downtime_cost_per_hour": _json_money(client.downtime_cost_per_hour),
        "effective_downtime_cost_per_hour": _json_money(cost_per_hour),
        "has_monitoring": monitored,
        "outages": len(outages) if monitored else None,
        "first_month": months[0].isoformat(),
    }
    device_entries = {
        d.device_id: {
            "client_id": d.client_id,
            "device_type": d.device_type,
            "is_critical": d.is_critical,
        }
        for d in records.devices
    }
    return ClientTruth(client_entry, device_entries, rows, outages)


def _no_downtime() -> dict:
    keys = (
        "downtime_minutes",
        "business_hours_downtime_minutes",
        "outage_count",
        "availability_pct",
        "estimated_downtime_cost",
        "longest_outage_minutes",
    )
    return dict.fromkeys(keys)


def _downtime_month(
    outages: list[Outage], lo: datetime, hi: datetime, zone: ZoneInfo, cost_per_hour: Decimal
) -> dict:
    seconds = business = longest = 0.0
    count = 0
    for outage in outages:
        clipped = overlap_seconds(outage.start, outage.end, lo, hi)
        if clipped <= 0:
            continue
        count += 1
        seconds += clipped
        longest = max(longest, clipped)
        business += business_seconds(max(outage.start, lo), min(outage.end, hi), zone)
    minutes_in_month = (hi - lo).total_seconds() / 60
    downtime = seconds / 60
    return {
        "downtime_minutes": downtime,
        "business_hours_downtime_minutes": business / 60,
        "outage_count": count,
        "availability_pct": 100.0 * (1 - downtime / minutes_in_month) if minutes_in_month else None,
        # Multiply before dividing: dividing first leaves 572.82499... where the exact value is 572.825.
        "estimated_downtime_cost": _json_money(Decimal(round(business)) * cost_per_hour / 3600),
        "longest_outage_minutes": longest / 60,
    }


def _faults_month(faults: list[Ticket], recurring: set[str]) -> dict:
    recurring_count = sum(t.ticket_id in recurring for t in faults)
    return {
        "fault_count": len(faults),
        "recurring_fault_count": recurring_count,
        "recurring_fault_rate": ratio_pct(recurring_count, len(faults)),
    }


def _sla_month(
    tickets: list[Ticket], agreements: list[Agreement], targets: dict, as_of: datetime
) -> dict:
    counts = {
        "response_met": 0,
        "response_breached": 0,
        "resolution_met": 0,
        "resolution_breached": 0,
    }
    response_minutes = []
    for t in tickets:
        agreement = agreement_at(agreements, t.created_at)
        target = targets.get((agreement.agreement_id, t.priority)) if agreement else None
        if t.first_response_at is not None:
            response_minutes.append((t.first_response_at - t.created_at).total_seconds() / 60)
        for kind, done, minutes in (
            ("response", t.first_response_at, target.response_minutes if target else None),
            ("resolution", t.resolved_at, target.resolution_minutes if target else None),
        ):
            verdict = sla_verdict(t.created_at, done, minutes, as_of)
            if verdict is not None:
                counts[f"{kind}_{'met' if verdict else 'breached'}"] += 1
    return {
        "tickets": len(tickets),
        **counts,
        "response_met_pct": ratio_pct(
            counts["response_met"], counts["response_met"] + counts["response_breached"]
        ),
        "resolution_met_pct": ratio_pct(
            counts["resolution_met"], counts["resolution_met"] + counts["resolution_breached"]
        ),
        "median_response_minutes": statistics.median(response_minutes)
        if response_minutes
        else None,
    }


def _margin_month(
    revenue: Decimal,
    labor_cost: Decimal,
    labor_hours: float,
    billable_hours: float,
    parts_cost: Decimal,
    tooling_cost: Decimal,
) -> dict:
    total_cost = labor_cost + parts_cost + tooling_cost
    margin = revenue - total_cost
    return {
        "revenue": _json_money(revenue),
        "labor_hours": labor_hours,
        "billable_hours": billable_hours,
        "labor_cost": _json_money(labor_cost),
        "parts_cost": _json_money(parts_cost),
        "tooling_cost": _json_money(tooling_cost),
        "total_cost": _json_money(total_cost),
        "gross_margin": _json_money(margin),
        "gross_margin_pct": None if revenue == 0 else float(100 * margin / revenue),
        "effective_hourly_rate": None
        if labor_hours == 0
        else float(revenue - parts_cost) / labor_hours,
    }
