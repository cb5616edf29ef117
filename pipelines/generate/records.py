"""The record model: one dataclass per entity of the generic format (docs/design.md 3.1).

Records hold *meaning*, not presentation: timestamps are timezone-aware UTC
``datetime`` values at whole seconds, money is ``Decimal``, defaults are already
applied (``is_critical``, ``in_maintenance``, ``ticket_type``,
``emergency_rate_multiplier``). How a value is spelled in a file (offset or naive
local time, ``£1,234.50``, ``yes``/``1``, an omitted default) is the writer's
choice, so every writer (generic CSV, vendor exports) serialises the same facts
and the truth is computed once from these records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal


@dataclass(slots=True)
class Client:
    client_id: str
    client_name: str
    industry: str
    seats: int
    timezone: str | None  # IANA name; None means "not given" (the pipeline reads UTC)
    downtime_cost_per_hour: Decimal | None
    report_recipients: tuple[str, ...] = ()


@dataclass(slots=True)
class Device:
    device_id: str
    client_id: str
    device_name: str
    device_type: str  # server, workstation, laptop, network, firewall, storage, printer, other
    is_critical: bool
    active_from: date | None = None
    retired_at: date | None = None


@dataclass(slots=True)
class MonitoringEvent:
    event_id: str
    client_id: str
    device_id: str
    check_name: str
    severity: str  # critical, major, minor, warning, info
    started_at: datetime
    resolved_at: datetime | None  # None: still open at as-of
    in_maintenance: bool = False


@dataclass(slots=True)
class Ticket:
    ticket_id: str
    client_id: str
    device_id: str | None
    created_at: datetime
    first_response_at: datetime | None
    resolved_at: datetime | None
    priority: str  # P1..P4
    ticket_type: str  # incident, request, problem, change
    category: str | None
    subcategory: str | None
    source: str  # monitoring, phone, email, portal, onsite
    status: str
    summary: str
    merged_into_ticket_id: str | None = None


@dataclass(slots=True)
class TimeEntry:
    time_entry_id: str
    client_id: str
    ticket_id: str | None
    technician_id: str
    started_at: datetime
    hours: float
    billable: bool
    work_type: str  # reactive, proactive, project, emergency, admin


@dataclass(slots=True)
class Technician:
    technician_id: str
    technician_name: str
    hourly_cost: Decimal


@dataclass(slots=True)
class Agreement:
    agreement_id: str
    client_id: str
    support_model: str  # managed, break_fix, hybrid
    start_date: date
    end_date: date | None  # inclusive; None: open
    monthly_fee: Decimal | None
    hourly_rate: Decimal | None
    emergency_rate_multiplier: float = 1.5
    covered_device_types: tuple[str, ...] = ()
    billing_months: int = 1  # 1: fee invoiced monthly, 3: quarterly in advance


@dataclass(slots=True)
class SlaTarget:
    agreement_id: str
    priority: str
    response_minutes: int | None
    resolution_minutes: int | None


@dataclass(slots=True)
class InvoiceLine:
    invoice_id: str
    line_number: int
    client_id: str
    invoice_date: date
    period_start: date | None
    period_end: date | None
    line_type: str  # recurring_fee, labor, emergency_labor, parts, project, credit, other
    description: str
    quantity: float | None
    unit_price: Decimal | None
    amount: Decimal  # signed: credits are negative
    unit_cost: Decimal | None = None


@dataclass(slots=True)
class ClientRecords:
    """Everything generated for one client: the unit a writer receives."""

    client: Client
    devices: list[Device] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    sla_targets: list[SlaTarget] = field(default_factory=list)
    monitoring_events: list[MonitoringEvent] = field(default_factory=list)
    tickets: list[Ticket] = field(default_factory=list)
    time_entries: list[TimeEntry] = field(default_factory=list)
    invoice_lines: list[InvoiceLine] = field(default_factory=list)

    def row_counts(self) -> dict[str, int]:
        return {
            "clients": 1,
            "devices": len(self.devices),
            "monitoring_events": len(self.monitoring_events),
            "tickets": len(self.tickets),
            "time_entries": len(self.time_entries),
            "agreements": len(self.agreements),
            "sla_targets": len(self.sla_targets),
            "invoice_lines": len(self.invoice_lines),
        }


# The documented headers of the generic format, in file order (docs/design.md 3.1).
# clients also carries `report_recipients` (the reports feature's extra column).
ENTITY_COLUMNS: dict[str, tuple[str, ...]] = {
    "clients": (
        "client_id",
        "client_name",
        "industry",
        "seats",
        "timezone",
        "downtime_cost_per_hour",
        "report_recipients",
    ),
    "devices": (
        "device_id",
        "client_id",
        "device_name",
        "device_type",
        "is_critical",
        "active_from",
        "retired_at",
    ),
    "monitoring_events": (
        "event_id",
        "client_id",
        "device_id",
        "check_name",
        "severity",
        "started_at",
        "resolved_at",
        "in_maintenance",
    ),
    "tickets": (
        "ticket_id",
        "client_id",
        "device_id",
        "created_at",
        "first_response_at",
        "resolved_at",
        "priority",
        "ticket_type",
        "category",
        "subcategory",
        "source",
        "status",
        "summary",
        "merged_into_ticket_id",
    ),
    "time_entries": (
        "time_entry_id",
        "client_id",
        "ticket_id",
        "technician_id",
        "started_at",
        "hours",
        "billable",
        "work_type",
    ),
    "technicians": ("technician_id", "technician_name", "hourly_cost"),
    "agreements": (
        "agreement_id",
        "client_id",
        "support_model",
        "start_date",
        "end_date",
        "monthly_fee",
        "hourly_rate",
        "emergency_rate_multiplier",
        "covered_device_types",
    ),
    "sla_targets": ("agreement_id", "priority", "response_minutes", "resolution_minutes"),
    "invoice_lines": (
        "invoice_id",
        "line_number",
        "client_id",
        "invoice_date",
        "period_start",
        "period_end",
        "line_type",
        "description",
        "quantity",
        "unit_price",
        "amount",
        "unit_cost",
    ),
}

ENTITIES: tuple[str, ...] = tuple(ENTITY_COLUMNS)
