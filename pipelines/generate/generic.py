"""The generic-format writer: ``out_dir/generic/<entity>.csv`` (docs/design.md 3.1).

It spells values the many ways real exports do, chosen per record from a hash of
its id (so output is deterministic): timestamps with ``Z``, with the client's
offset (``+10:00``) or naive in the client's timezone; money plain or as
``£1,234.50``; booleans as true/false, yes/no or 1/0; defaults sometimes left
empty; a credit's amount sometimes positive (staging negates it). Every spelling
is one the ingest accepts, so nothing here is quarantined.
"""

from __future__ import annotations

import csv
import zlib
from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import IO
from zoneinfo import ZoneInfo

from pipelines.generate.records import ENTITY_COLUMNS, ClientRecords, Technician

_CRITICAL_BY_DEFAULT = {"server", "network", "firewall", "storage"}
_BOOL_SPELLINGS = (("true", "false"), ("yes", "no"), ("1", "0"), ("True", "False"))


def _key(record_id: str) -> int:
    return zlib.crc32(record_id.encode())


@lru_cache(maxsize=64)
def _zone(name: str | None) -> ZoneInfo:
    return ZoneInfo(name or "UTC")


def spell_timestamp(ts: datetime | None, zone: ZoneInfo, key: int) -> str:
    if ts is None:
        return ""
    style = key % 10
    if style < 5:
        return ts.astimezone(UTC).isoformat()[:19] + "Z"
    local = ts.astimezone(zone)
    if style < 7 or local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset():
        return local.isoformat()  # offset spelled out; also inside a DST overlap hour
    return local.isoformat(sep=" ")[:19]


def spell_money(amount: Decimal | None, key: int, symbol: str) -> str:
    if amount is None:
        return ""
    if amount >= 0 and key % 4 == 0:
        return f"{symbol}{amount:,.2f}"
    return f"{amount:.2f}"


def spell_bool(value: bool, key: int) -> str:
    return _BOOL_SPELLINGS[key % len(_BOOL_SPELLINGS)][0 if value else 1]


def spell_date(value: date | None) -> str:
    return value.isoformat() if value else ""


def spell_number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def currency_symbol(timezone: str | None) -> str:
    if timezone == "Europe/London":
        return "£"
    if timezone and timezone.startswith("Europe/"):
        return "€"
    return "$"


class GenericCsvWriter:
    """Streams records into one CSV per entity under ``out_dir/generic``."""

    def __init__(self) -> None:
        self._files: dict[str, IO[str]] = {}
        self._csv: dict[str, csv.writer] = {}

    def open(self, out_dir: Path) -> None:
        folder = Path(out_dir) / "generic"
        folder.mkdir(parents=True, exist_ok=True)
        for entity, columns in ENTITY_COLUMNS.items():
            handle = open(folder / f"{entity}.csv", "w", encoding="utf-8", newline="")  # noqa: SIM115
            self._files[entity] = handle
            self._csv[entity] = csv.writer(handle, lineterminator="\n")
            self._csv[entity].writerow(columns)

    def close(self) -> None:
        for handle in self._files.values():
            handle.close()
        self._files.clear()
        self._csv.clear()

    def write_technicians(self, technicians: Sequence[Technician]) -> None:
        self._csv["technicians"].writerows(
            (
                t.technician_id,
                t.technician_name,
                spell_money(t.hourly_cost, _key(t.technician_id), "$"),
            )
            for t in technicians
        )

    def write_client(self, records: ClientRecords) -> None:
        client = records.client
        zone = _zone(client.timezone)
        symbol = currency_symbol(client.timezone)
        out = self._csv

        out["clients"].writerow(
            (
                client.client_id,
                client.client_name,
                client.industry,
                client.seats,
                client.timezone or "",
                spell_money(client.downtime_cost_per_hour, _key(client.client_id), symbol),
                ";".join(client.report_recipients),
            )
        )

        device_rows = []
        for d in records.devices:
            k = _key(d.device_id)
            defaulted = d.is_critical == (d.device_type in _CRITICAL_BY_DEFAULT)
            critical = "" if defaulted and k % 3 == 0 else spell_bool(d.is_critical, k // 3)
            device_rows.append(
                (
                    d.device_id,
                    d.client_id,
                    d.device_name,
                    d.device_type,
                    critical,
                    spell_date(d.active_from),
                    spell_date(d.retired_at),
                )
            )
        out["devices"].writerows(device_rows)

        event_rows = []
        for e in records.monitoring_events:
            k = _key(e.event_id)
            maintenance = (
                "" if not e.in_maintenance and k % 2 == 0 else spell_bool(e.in_maintenance, k // 2)
            )
            event_rows.append(
                (
                    e.event_id,
                    e.client_id,
                    e.device_id,
                    e.check_name,
                    e.severity,
                    spell_timestamp(e.started_at, zone, k),
                    spell_timestamp(e.resolved_at, zone, k // 10),
                    maintenance,
                )
            )
        out["monitoring_events"].writerows(event_rows)

        ticket_rows = []
        for t in records.tickets:
            k = _key(t.ticket_id)
            ticket_type = "" if t.ticket_type == "incident" and k % 3 == 0 else t.ticket_type
            ticket_rows.append(
                (
                    t.ticket_id,
                    t.client_id,
                    t.device_id or "",
                    spell_timestamp(t.created_at, zone, k),
                    spell_timestamp(t.first_response_at, zone, k),
                    spell_timestamp(t.resolved_at, zone, k // 10),
                    t.priority,
                    ticket_type,
                    t.category or "",
                    t.subcategory or "",
                    t.source,
                    t.status,
                    t.summary,
                    t.merged_into_ticket_id or "",
                )
            )
        out["tickets"].writerows(ticket_rows)

        out["time_entries"].writerows(
            (
                te.time_entry_id,
                te.client_id,
                te.ticket_id or "",
                te.technician_id,
                spell_timestamp(te.started_at, zone, _key(te.time_entry_id)),
                spell_number(te.hours),
                spell_bool(te.billable, _key(te.time_entry_id)),
                te.work_type,
            )
            for te in records.time_entries
        )

        agreement_rows = []
        for a in records.agreements:
            k = _key(a.agreement_id)
            multiplier = (
                ""
                if a.emergency_rate_multiplier == 1.5 and k % 2 == 0
                else spell_number(a.emergency_rate_multiplier)
            )
            agreement_rows.append(
                (
                    a.agreement_id,
                    a.client_id,
                    a.support_model,
                    spell_date(a.start_date),
                    spell_date(a.end_date),
                    spell_money(a.monthly_fee, k, symbol),
                    spell_money(a.hourly_rate, k // 4, symbol),
                    multiplier,
                    "|".join(a.covered_device_types),
                )
            )
        out["agreements"].writerows(agreement_rows)

        out["sla_targets"].writerows(
            (
                s.agreement_id,
                s.priority,
                "" if s.response_minutes is None else s.response_minutes,
                "" if s.resolution_minutes is None else s.resolution_minutes,
            )
            for s in records.sla_targets
        )

        line_rows = []
        for line in records.invoice_lines:
            k = _key(f"{line.invoice_id}/{line.line_number}")
            amount = line.amount
            if line.line_type == "credit" and k % 3 == 0:
                amount = -amount  # a positive credit: staging negates it
            line_rows.append(
                (
                    line.invoice_id,
                    line.line_number,
                    line.client_id,
                    spell_date(line.invoice_date),
                    spell_date(line.period_start),
                    spell_date(line.period_end),
                    line.line_type,
                    line.description,
                    spell_number(line.quantity),
                    spell_money(line.unit_price, k // 3, symbol),
                    spell_money(amount, k // 5, symbol),
                    spell_money(line.unit_cost, k // 7, symbol),
                )
            )
        out["invoice_lines"].writerows(line_rows)
