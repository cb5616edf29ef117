"""HaloPSA exports: the REST API's list responses in `landing/halopsa/`.

`--format halopsa` writes the PSA half here and devices + monitoring events in the generic
format; `pipelines.generate.vendors.pair_writer` combines it with a monitoring tool. Field
names and the conventions for what HaloPSA has no field for: docs/vendors.md.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import IO, Any

from pipelines.generate.records import ClientRecords, Technician
from pipelines.generate.vendors.base import (
    IdMap,
    JsonArrayFile,
    PairWriter,
    midnight_text,
    money,
    utc_text,
)

# The tenant's contract types: (contracttype id, contracttype_name).
CONTRACT_TYPES = {
    "managed": (1, "Managed Service"),
    "break_fix": (2, "Pay As You Go"),
    "hybrid": (3, "Block Hours"),
}
PRIORITY_IDS = {"P1": 1, "P2": 2, "P3": 3, "P4": 4}
TICKET_TYPES = {"incident": (1, "Incident"), "request": (3, "Service Request"),
                "problem": (4, "Problem"), "change": (2, "Change Request")}  # fmt: skip
ITEM_CODES = {
    "recurring_fee": "CONTRACT", "labor": "LABOUR", "emergency_labor": "LABOUR-EMERGENCY",
    "parts": "HARDWARE", "project": "PROJECT", "credit": "CREDIT", "other": "MISC",
}  # fmt: skip
# file -> the list response's key ({"record_count": n, "<key>": [...]}); None: a bare array.
FILES = {
    "clients": "clients", "contracts": "contracts", "priorities": None, "tickets": "tickets",
    "ticket_types": None, "statuses": None, "actions": "actions", "agents": None,
    "invoices": "invoices",
}  # fmt: skip


def _custom(label: str, value: Any, id_: int) -> dict[str, Any]:
    return {"id": id_, "name": "CF" + label.replace(" ", ""), "label": label, "value": value}


def _select(label: str, option_id: int, text: str, id_: int) -> dict[str, Any]:
    """A select-type custom field: the option id in `value`, its text in `display`."""
    return {**_custom(label, option_id, id_), "type": 2, "display": text}


SOURCE_OPTIONS = {"monitoring": 1, "phone": 2, "email": 3, "portal": 4, "onsite": 5}


def _minutes(minutes: int | None) -> tuple[float | None, str]:
    """A target as HaloPSA keeps it: whole hours in hours, else minutes."""
    if minutes is None:
        return None, "h"
    return (minutes // 60, "h") if minutes % 60 == 0 else (minutes, "m")


class _ListFile(JsonArrayFile):
    """A HaloPSA list response: {"record_count": n, "<key>": [...]}."""

    def close(self) -> None:
        if self._key:
            self._handle.write(f'\n], "record_count": {self._count}}}\n')
        else:
            self._handle.write("\n]\n")
        self._handle.close()


class HaloPsaWriter:
    def __init__(self) -> None:
        self.clients = IdMap("clients", 12)
        self.contracts = IdMap("agreements", 301)
        self.tickets = IdMap("tickets", 2001)
        self.actions = IdMap("time_entries", 90001)
        self.agents = IdMap("technicians", 2)
        self.invoices = IdMap("invoices", 501)
        self.id_maps = (
            self.clients, self.contracts, self.tickets, self.actions, self.agents, self.invoices,
        )  # fmt: skip
        self._statuses = IdMap("statuses", 1)
        self._files: dict[str, _ListFile] = {}
        self._client_map: IO[str] | None = None

    def open(self, out_dir: Path) -> None:
        folder = Path(out_dir) / "halopsa"
        folder.mkdir(parents=True, exist_ok=True)
        self._files = {name: _ListFile(folder / f"{name}.json", key) for name, key in FILES.items()}
        self._client_map = open(folder / "client_map.csv", "w", encoding="utf-8", newline="")  # noqa: SIM115
        self._map_csv = csv.writer(self._client_map, lineterminator="\n")
        self._map_csv.writerow(
            ("halo_client_id", "client_id", "industry", "seats", "timezone",
             "downtime_cost_per_hour", "report_recipients")
        )  # fmt: skip
        for type_id, name in sorted(TICKET_TYPES.values()):
            self._files["ticket_types"].write({"id": type_id, "name": name, "use": "ticket"})

    def close(self) -> None:
        for status, status_id in self._statuses.ids.items():
            self._files["statuses"].write({"id": status_id, "name": status, "type": 0})
        for array in self._files.values():
            array.close()
        if self._client_map:
            self._client_map.close()

    def device_ref(self, device_id: str) -> str:
        return device_id

    def write_technicians(self, technicians: Sequence[Technician]) -> None:
        for t in technicians:
            self._files["agents"].write({
                "id": self.agents(t.technician_id), "name": t.technician_name,
                "email": f"{t.technician_id.lower()}@msp.example", "costprice": money(t.hourly_cost),
                "isdisabled": False,
            })  # fmt: skip

    def write_client(self, records: ClientRecords) -> None:
        client = records.client
        halo_id = self.clients(client.client_id)
        self._map_csv.writerow((
            halo_id, client.client_id, client.industry, client.seats, client.timezone or "",
            "" if client.downtime_cost_per_hour is None else f"{client.downtime_cost_per_hour:.2f}",
            ";".join(client.report_recipients),
        ))  # fmt: skip
        self._files["clients"].write(
            {"id": halo_id, "name": client.client_name, "inactive": False, "toplevel_id": 1}
        )
        self._write_contracts(records, halo_id)
        self._write_tickets(records, halo_id)
        self._write_actions(records, halo_id)
        self._write_invoices(records, halo_id)

    def _write_contracts(self, records: ClientRecords, halo_id: int) -> None:
        for a in records.agreements:
            contract_id = self.contracts(a.agreement_id)
            type_id, type_name = CONTRACT_TYPES[a.support_model]
            self._files["contracts"].write({
                "id": contract_id, "client_id": halo_id, "ref": f"{type_name} {a.start_date.year}",
                "contracttype": type_id, "contracttype_name": type_name,
                "start_date": midnight_text(a.start_date), "end_date": midnight_text(a.end_date),
                # periodchargeamount is per billing period (billingperiod months).
                "periodchargeamount": money(
                    None if a.monthly_fee is None else a.monthly_fee * a.billing_months
                ),
                "billingperiod": a.billing_months,
                "sla_id": contract_id,  # one SLA per contract keeps the targets per contract
                "customfields": [
                    _custom("Hourly Rate", money(a.hourly_rate), 1),
                    _custom("Emergency Rate Multiplier", a.emergency_rate_multiplier, 2),
                    _custom("Covered Device Types", ",".join(a.covered_device_types) or None, 3),
                ],
            })  # fmt: skip
        for s in records.sla_targets:
            sla_id = self.contracts(s.agreement_id)
            response, response_units = _minutes(s.response_minutes)
            fix, fix_units = _minutes(s.resolution_minutes)
            self._files["priorities"].write({
                "id": f"{sla_id}-{PRIORITY_IDS[s.priority]}", "slaid": sla_id,
                "priorityid": PRIORITY_IDS[s.priority], "name": s.priority,
                "responsetime": response, "responseunits": response_units,
                "fixtime": fix, "fixunits": fix_units,
            })  # fmt: skip

    def _write_tickets(self, records: ClientRecords, halo_id: int) -> None:
        for t in records.tickets:
            type_id, _ = TICKET_TYPES[t.ticket_type]
            custom = [_select("Source", SOURCE_OPTIONS[t.source], t.source.title(), 11)]
            ticket: dict[str, Any] = {
                "id": self.tickets(t.ticket_id), "client_id": halo_id, "site_id": halo_id * 10,
                "summary": t.summary, "details": t.summary,
                "dateoccurred": utc_text(t.created_at), "responsedate": utc_text(t.first_response_at),
                "dateclosed": utc_text(t.resolved_at), "priority_id": PRIORITY_IDS[t.priority],
                "tickettype_id": type_id, "status_id": self._statuses(t.status),
                "category_1": t.category, "category_2": t.subcategory, "customfields": custom,
                "merged_into_id": (
                    self.tickets(t.merged_into_ticket_id) if t.merged_into_ticket_id else 0
                ),
            }  # fmt: skip
            if t.device_id:
                ticket["assets"] = [{"id": 1, "key_field": t.device_id}]
            self._files["tickets"].write(ticket)

    def _write_actions(self, records: ClientRecords, halo_id: int) -> None:
        # Time outside a ticket reaches its client through a contract of that client.
        fallback_contract = (
            self.contracts(records.agreements[0].agreement_id) if records.agreements else None
        )
        for te in records.time_entries:
            # Actions carry no client: it comes through the action's ticket, else its contract.
            self._files["actions"].write({
                "id": self.actions(te.time_entry_id),
                "ticket_id": self.tickets(te.ticket_id) if te.ticket_id else None,
                "action_contract_id": None if te.ticket_id else fallback_contract,
                "who_agentid": self.agents(te.technician_id),
                "actionarrivaldate": utc_text(te.started_at),
                "actioncompletiondate": utc_text(te.started_at + timedelta(hours=te.hours)),
                "timetaken": te.hours, "nonbilltime": 0 if te.billable else te.hours,
                "actionchargehours": te.hours if te.billable else 0,
                "outcome": te.work_type.title(),
            })  # fmt: skip

    def _write_invoices(self, records: ClientRecords, halo_id: int) -> None:
        by_invoice: dict[str, list] = {}
        for line in records.invoice_lines:
            by_invoice.setdefault(line.invoice_id, []).append(line)
        for invoice_id, lines in by_invoice.items():
            self._files["invoices"].write({
                "id": self.invoices(invoice_id), "invoicenumber": invoice_id, "client_id": halo_id,
                "invoice_date": midnight_text(lines[0].invoice_date),
                "lines": [
                    {"id": 10 * self.invoices(invoice_id) + line.line_number,
                     "sequenceid": line.line_number, "item_code": ITEM_CODES[line.line_type],
                     "item_shortdescription": line.description, "qty_order": line.quantity,
                     "unit_price": money(line.unit_price), "unit_cost": money(line.unit_cost),
                     "net_amount": money(line.amount),
                     "startdate": midnight_text(line.period_start),
                     "enddate": midnight_text(line.period_end)}
                    for line in lines
                ],
            })  # fmt: skip


class Writer(PairWriter):
    """`--format halopsa`: HaloPSA files, monitoring in the generic format."""

    def __init__(self) -> None:
        super().__init__(HaloPsaWriter(), None)
