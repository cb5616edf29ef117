"""The generic landing format (docs/design.md 3.1) as data: entities, columns, kinds, keys,
load order."""

from __future__ import annotations

from dataclasses import dataclass

from pipelines.ingest.raw_tables import RawTable

DEVICE_TYPES = (
    "server",
    "workstation",
    "laptop",
    "network",
    "firewall",
    "storage",
    "printer",
    "other",
)

# kind -> DuckDB type in raw. Timestamps stay text (naive ones are in the client's zone,
# resolved in staging); they are validated and normalised here.
SQL_TYPES = {
    "text": "varchar",  # free text that may span lines (summary, description)
    "id": "varchar",  # an identifier: a control character in it quarantines the row
    "name": "varchar",  # one line of text: control characters (CR, LF, tab...) become a space
    "integer": "integer",
    "money": "decimal(18,2)",
    "number": "double",
    "boolean": "boolean",
    "date": "date",
    "timestamp": "varchar",
    "enum": "varchar",
    "timezone": "varchar",
    "device_types": "varchar",
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = "text"
    required: bool = False
    values: tuple[str, ...] = ()  # allowed values of an enum, normalised
    non_negative: bool = False
    # Bounds of a number, money or integer (inclusive): beyond them dbt cannot compute
    # (DECIMAL overflow, 1e308 hours) or the value cannot be true. None: no bound.
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class Entity:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    # (earlier, later) timestamp/date columns: later before earlier is a negative duration.
    ordered: tuple[tuple[str, str], ...] = ()

    @property
    def raw_table(self) -> RawTable:
        return RawTable(
            self.name, tuple((c.name, SQL_TYPES[c.kind]) for c in self.columns), self.key
        )

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    @property
    def has_client_time(self) -> bool:
        """Naive timestamps here are in the client's zone: checks need raw.clients."""
        names = {c.name for c in self.columns}
        return "client_id" in names and any(c.kind == "timestamp" for c in self.columns)

    @property
    def checks_need_zone(self) -> bool:
        """An order check compares a timestamp: naive ones must be read in the client's zone.
        (Timestamps are stored as written; only the checks convert them.)"""
        kinds = {c.name: c.kind for c in self.columns}
        return self.has_client_time and any(
            kinds[c] == "timestamp" for pair in self.ordered for c in pair
        )


def _c(
    name: str, kind: str = "text", *, req: bool = False, values=(), nonneg=False, bounds=None
) -> Column:
    low, high = bounds or (None, None)
    return Column(name, kind, req, tuple(values), nonneg, low, high)


def _id(name: str, *, req: bool = False) -> Column:
    return Column(name, "id", req)


def _name(name: str, *, req: bool = False) -> Column:
    return Column(name, "name", req)


def _money(name: str, *, req: bool = False, nonneg: bool = False) -> Column:
    return _c(name, "money", req=req, nonneg=nonneg, bounds=MONEY_BOUNDS)


def _enum(name: str, values, *, req: bool = False) -> Column:
    return Column(name, "enum", req, tuple(values))


# Documented bounds (docs/ARCHITECTURE.md, "Values checked at the door"). Money below a
# billion a line keeps every sum the marts make inside decimal(18,2).
MONEY_BOUNDS = (-999_999_999.99, 999_999_999.99)
HOURS_BOUNDS = (0, 24)  # one time entry
QUANTITY_BOUNDS = (-1_000_000, 1_000_000)
SEATS_BOUNDS = (0, 1_000_000)
MULTIPLIER_BOUNDS = (0, 10)
SLA_MINUTES_BOUNDS = (0, 525_600)  # a year


# Load order matters: clients first (time zones for the checks of later entities).
ENTITIES: tuple[Entity, ...] = (
    Entity(
        "clients",
        (
            _id("client_id", req=True),
            _name("client_name", req=True),
            _name("industry"),
            _c("seats", "integer", nonneg=True, bounds=SEATS_BOUNDS),
            _c("timezone", "timezone"),
            _money("downtime_cost_per_hour", nonneg=True),
            # `;`-separated emails for the weekly report (optional; reports feature).
            _name("report_recipients"),
        ),
        ("client_id",),
    ),
    Entity(
        "technicians",
        (
            _id("technician_id", req=True),
            _name("technician_name"),
            _money("hourly_cost", req=True, nonneg=True),
        ),
        ("technician_id",),
    ),
    Entity(
        "devices",
        (
            _id("device_id", req=True),
            _id("client_id", req=True),
            _name("device_name"),
            _enum("device_type", DEVICE_TYPES, req=True),
            _c("is_critical", "boolean"),
            _c("active_from", "date"),
            _c("retired_at", "date"),
        ),
        ("device_id",),
        ordered=(("active_from", "retired_at"),),
    ),
    Entity(
        "agreements",
        (
            _id("agreement_id", req=True),
            _id("client_id", req=True),
            _enum("support_model", ("managed", "break_fix", "hybrid"), req=True),
            _c("start_date", "date", req=True),
            _c("end_date", "date"),
            _money("monthly_fee"),
            _money("hourly_rate"),
            _c("emergency_rate_multiplier", "number", nonneg=True, bounds=MULTIPLIER_BOUNDS),
            _c("covered_device_types", "device_types"),
        ),
        ("agreement_id",),
        ordered=(("start_date", "end_date"),),
    ),
    Entity(
        "sla_targets",
        (
            _id("agreement_id", req=True),
            _enum("priority", ("P1", "P2", "P3", "P4"), req=True),
            _c("response_minutes", "integer", nonneg=True, bounds=SLA_MINUTES_BOUNDS),
            _c("resolution_minutes", "integer", nonneg=True, bounds=SLA_MINUTES_BOUNDS),
        ),
        ("agreement_id", "priority"),
    ),
    Entity(
        "monitoring_events",
        (
            _id("event_id", req=True),
            _id("client_id", req=True),
            _id("device_id", req=True),
            _name("check_name", req=True),
            _enum("severity", ("critical", "major", "minor", "warning", "info"), req=True),
            _c("started_at", "timestamp", req=True),
            _c("resolved_at", "timestamp"),
            _c("in_maintenance", "boolean"),
        ),
        ("event_id",),
        ordered=(("started_at", "resolved_at"),),
    ),
    Entity(
        "tickets",
        (
            _id("ticket_id", req=True),
            _id("client_id", req=True),
            _id("device_id"),
            _c("created_at", "timestamp", req=True),
            _c("first_response_at", "timestamp"),
            _c("resolved_at", "timestamp"),
            _enum("priority", ("P1", "P2", "P3", "P4"), req=True),
            _enum("ticket_type", ("incident", "request", "problem", "change")),
            _name("category"),
            _name("subcategory"),
            _enum("source", ("monitoring", "phone", "email", "portal", "onsite")),
            _name("status"),
            _c("summary"),
            _id("merged_into_ticket_id"),
        ),
        ("ticket_id",),
        ordered=(("created_at", "first_response_at"), ("created_at", "resolved_at")),
    ),
    Entity(
        "time_entries",
        (
            _id("time_entry_id", req=True),
            _id("client_id", req=True),
            _id("ticket_id"),
            _id("technician_id", req=True),
            _c("started_at", "timestamp", req=True),
            _c("hours", "number", req=True, nonneg=True, bounds=HOURS_BOUNDS),
            _c("billable", "boolean", req=True),
            _enum("work_type", ("reactive", "proactive", "project", "emergency", "admin")),
        ),
        ("time_entry_id",),
    ),
    Entity(
        "invoice_lines",
        (
            _id("invoice_id", req=True),
            _c("line_number", "integer", req=True),
            _id("client_id", req=True),
            _c("invoice_date", "date", req=True),
            _c("period_start", "date"),
            _c("period_end", "date"),
            _enum(
                "line_type",
                (
                    "recurring_fee",
                    "labor",
                    "emergency_labor",
                    "parts",
                    "project",
                    "credit",
                    "other",
                ),
                req=True,
            ),
            _c("description"),
            _c("quantity", "number", bounds=QUANTITY_BOUNDS),
            _money("unit_price"),
            _money("amount", req=True),
            _money("unit_cost"),
        ),
        ("invoice_id", "line_number"),
        ordered=(("period_start", "period_end"),),
    ),
)

BY_NAME = {e.name: e for e in ENTITIES}
