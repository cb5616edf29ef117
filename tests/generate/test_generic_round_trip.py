"""Reading the generic files back by docs/design.md 3.1's rules gives exactly the generated records."""

from __future__ import annotations

import csv
from dataclasses import astuple
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from pipelines.generate import generate_portfolio
from pipelines.generate.portfolio import Portfolio

pytestmark = pytest.mark.unit

TRUE, FALSE = {"true", "yes", "1"}, {"false", "no", "0"}
CRITICAL_BY_DEFAULT = {"server", "network", "firewall", "storage"}


def read(out: Path, entity: str) -> list[dict[str, str]]:
    with open(out / "generic" / f"{entity}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def ts(text: str, zone: ZoneInfo) -> datetime | None:
    if not text:
        return None
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return (value if value.tzinfo else value.replace(tzinfo=zone)).astimezone(UTC)


def money(text: str) -> Decimal | None:
    cleaned = text.translate(str.maketrans("", "", "£$€,"))
    return Decimal(cleaned) if cleaned else None


def flag(text: str, default: bool) -> bool:
    if not text:
        return default
    assert text.lower() in TRUE | FALSE, text
    return text.lower() in TRUE


def day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def number(text: str) -> float | None:
    return float(text) if text else None


def text_or_none(text: str) -> str | None:
    return text or None


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = generate_portfolio(
        tmp_path_factory.mktemp("roundtrip"), clients=6, months=3, seed=5
    ).parent
    portfolio = Portfolio(6, 3, 5)
    return out, portfolio.technicians, list(portfolio.clients())


def test_files_read_back_to_the_records(generated):
    out, technicians, clients = generated
    zones = {r.client.client_id: ZoneInfo(r.client.timezone or "UTC") for r in clients}
    expected: dict[str, list[tuple]] = {
        e: []
        for e in (
            "clients",
            "devices",
            "monitoring_events",
            "tickets",
            "time_entries",
            "agreements",
            "sla_targets",
            "invoice_lines",
        )
    }
    for records in clients:
        c = records.client
        expected["clients"].append(
            (
                c.client_id,
                c.client_name,
                c.industry,
                c.seats,
                c.timezone,
                c.downtime_cost_per_hour,
                c.report_recipients,
            )
        )
        for entity in expected:
            if entity != "clients":
                expected[entity] += [astuple(r) for r in getattr(records, entity)]
    # billing_months is the generator's own field, not a column.
    expected["agreements"] = [row[:-1] for row in expected["agreements"]]

    actual = {
        "clients": [
            (
                r["client_id"],
                r["client_name"],
                r["industry"],
                int(r["seats"]),
                text_or_none(r["timezone"]),
                money(r["downtime_cost_per_hour"]),
                tuple(r["report_recipients"].split(";")) if r["report_recipients"] else (),
            )
            for r in read(out, "clients")
        ],
        "devices": [
            (
                r["device_id"],
                r["client_id"],
                r["device_name"],
                r["device_type"],
                flag(r["is_critical"], r["device_type"] in CRITICAL_BY_DEFAULT),
                day(r["active_from"]),
                day(r["retired_at"]),
            )
            for r in read(out, "devices")
        ],
        "monitoring_events": [
            (
                r["event_id"],
                r["client_id"],
                r["device_id"],
                r["check_name"],
                r["severity"],
                ts(r["started_at"], zones[r["client_id"]]),
                ts(r["resolved_at"], zones[r["client_id"]]),
                flag(r["in_maintenance"], False),
            )
            for r in read(out, "monitoring_events")
        ],
        "tickets": [
            (
                r["ticket_id"],
                r["client_id"],
                text_or_none(r["device_id"]),
                *(
                    ts(r[k], zones[r["client_id"]])
                    for k in ("created_at", "first_response_at", "resolved_at")
                ),
                r["priority"],
                r["ticket_type"] or "incident",
                text_or_none(r["category"]),
                text_or_none(r["subcategory"]),
                r["source"],
                r["status"],
                r["summary"],
                text_or_none(r["merged_into_ticket_id"]),
            )
            for r in read(out, "tickets")
        ],
        "time_entries": [
            (
                r["time_entry_id"],
                r["client_id"],
                text_or_none(r["ticket_id"]),
                r["technician_id"],
                ts(r["started_at"], zones[r["client_id"]]),
                float(r["hours"]),
                flag(r["billable"], False),
                r["work_type"],
            )
            for r in read(out, "time_entries")
        ],
        "agreements": [
            (
                r["agreement_id"],
                r["client_id"],
                r["support_model"],
                day(r["start_date"]),
                day(r["end_date"]),
                money(r["monthly_fee"]),
                money(r["hourly_rate"]),
                number(r["emergency_rate_multiplier"]) or 1.5,
                tuple(r["covered_device_types"].split("|")) if r["covered_device_types"] else (),
            )
            for r in read(out, "agreements")
        ],
        "sla_targets": [
            (
                r["agreement_id"],
                r["priority"],
                int(r["response_minutes"]) if r["response_minutes"] else None,
                int(r["resolution_minutes"]) if r["resolution_minutes"] else None,
            )
            for r in read(out, "sla_targets")
        ],
        "invoice_lines": [
            (
                r["invoice_id"],
                int(r["line_number"]),
                r["client_id"],
                day(r["invoice_date"]),
                day(r["period_start"]),
                day(r["period_end"]),
                r["line_type"],
                r["description"],
                number(r["quantity"]),
                money(r["unit_price"]),
                -abs(money(r["amount"])) if r["line_type"] == "credit" else money(r["amount"]),
                money(r["unit_cost"]),
            )
            for r in read(out, "invoice_lines")
        ],
    }
    for entity, rows in expected.items():
        assert actual[entity] == rows, entity
    assert [
        (r["technician_id"], r["technician_name"], money(r["hourly_cost"]))
        for r in read(out, "technicians")
    ] == [astuple(t) for t in technicians]
