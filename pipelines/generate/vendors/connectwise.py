"""ConnectWise PSA (Manage) exports: the REST API's JSON arrays in `landing/connectwise/`.

`--format connectwise` writes the PSA half here and devices + monitoring events in the
generic format; `pipelines.generate.vendors.pair_writer` combines it with a monitoring tool.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import timedelta
from decimal import Decimal
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

AGREEMENT_TYPES = {
    "managed": "Managed Services",
    "break_fix": "Time and Materials",
    "hybrid": "Hybrid",
}
PRIORITIES = {
    "P1": "Priority 1 - Emergency Response",
    "P2": "Priority 2 - Quick Response",
    "P3": "Priority 3 - Normal Response",
    "P4": "Priority 4 - Schedule Maintenance",
}
TICKET_TYPES = {
    "incident": "Incident",
    "request": "Service Request",
    "problem": "Problem",
    "change": "Change",
}
BILLING_CYCLES = {1: {"id": 1, "name": "Monthly"}, 3: {"id": 2, "name": "Quarterly"}}
# Which invoice total a generated line adds to (finance/invoices carries totals, not lines).
INVOICE_TOTALS = {
    "labor": "serviceTotal", "emergency_labor": "serviceTotal", "project": "serviceTotal",
    "parts": "productTotal", "other": "expenseTotal", "credit": "serviceTotal",
}  # fmt: skip
FILES = (
    "companies",
    "agreements",
    "sla_priorities",
    "tickets",
    "time_entries",
    "members",
    "invoices",
    "products",
)
SERVICE_BOARD = {"id": 1, "name": "Service Desk"}


def _ref(id_: int, identifier: str) -> dict[str, Any]:
    return {"id": id_, "identifier": identifier}


class ConnectWisePsaWriter:
    def __init__(self) -> None:
        self.companies = IdMap("clients", 250)
        self.agreements = IdMap("agreements", 101)
        self.tickets = IdMap("tickets", 10001)
        self.time_entries = IdMap("time_entries", 500001)
        self.invoices = IdMap("invoices", 7001)
        self._products = IdMap("products", 880001)
        self.id_maps = (
            self.companies,
            self.agreements,
            self.tickets,
            self.time_entries,
            self.invoices,
        )
        self._sla_priority_ids = IdMap("sla_priorities", 1)
        self._files: dict[str, JsonArrayFile] = {}
        self._client_map: IO[str] | None = None

    def open(self, out_dir: Path) -> None:
        folder = Path(out_dir) / "connectwise"
        folder.mkdir(parents=True, exist_ok=True)
        self._files = {name: JsonArrayFile(folder / f"{name}.json") for name in FILES}
        self._client_map = open(folder / "client_map.csv", "w", encoding="utf-8", newline="")  # noqa: SIM115
        self._map_csv = csv.writer(self._client_map, lineterminator="\n")
        self._map_csv.writerow(
            ("company_id", "company_identifier", "client_id", "timezone", "downtime_cost_per_hour",
             "report_recipients")
        )  # fmt: skip

    def close(self) -> None:
        for array in self._files.values():
            array.close()
        if self._client_map:
            self._client_map.close()

    def device_ref(self, device_id: str) -> str:
        return device_id

    def write_technicians(self, technicians: Sequence[Technician]) -> None:
        for n, t in enumerate(technicians, start=1):
            first, _, last = t.technician_name.partition(" ")
            self._files["members"].write({
                "id": 100 + n, "identifier": t.technician_id, "firstName": first,
                "lastName": last or None, "hourlyCost": money(t.hourly_cost),
                "inactiveFlag": False,
            })  # fmt: skip

    def write_client(self, records: ClientRecords) -> None:
        client = records.client
        company_id = self.companies(client.client_id)
        identifier = "".join(ch for ch in client.client_name.title() if ch.isalnum())[:30]
        company = _ref(company_id, identifier)
        self._map_csv.writerow((
            company_id, identifier, client.client_id, client.timezone or "",
            "" if client.downtime_cost_per_hour is None else f"{client.downtime_cost_per_hour:.2f}",
            ";".join(client.report_recipients),
        ))  # fmt: skip
        self._files["companies"].write({
            "id": company_id, "identifier": identifier, "name": client.client_name,
            "status": {"id": 1, "name": "Active"}, "types": [{"id": 1, "name": "Client"}],
            "market": {"id": 1, "name": client.industry}, "numberOfEmployees": client.seats,
        })  # fmt: skip
        self._write_agreements(records, company)
        self._write_tickets(records, company)
        self._write_time_entries(records, company)
        self._write_invoices(records, company)

    def _write_agreements(self, records: ClientRecords, company: dict[str, Any]) -> None:
        for a in records.agreements:
            agreement_id = self.agreements(a.agreement_id)
            self._files["agreements"].write({
                "id": agreement_id, "name": f"{AGREEMENT_TYPES[a.support_model]} {a.start_date.year}",
                "type": {"id": list(AGREEMENT_TYPES).index(a.support_model) + 1,
                         "name": AGREEMENT_TYPES[a.support_model]},
                "company": company, "startDate": midnight_text(a.start_date),
                "endDate": midnight_text(a.end_date), "noEndingDateFlag": a.end_date is None,
                # billAmount is per billing cycle; one SLA per agreement keeps targets per agreement
                "billAmount": money(None if a.monthly_fee is None else a.monthly_fee * a.billing_months),
                "billingCycle": BILLING_CYCLES[a.billing_months],
                "sla": {"id": agreement_id, "name": f"SLA {agreement_id}"},
                "customFields": [
                    {"id": 1, "caption": "Hourly Rate", "type": "Number", "value": money(a.hourly_rate)},
                    {"id": 2, "caption": "Emergency Rate Multiplier", "type": "Number",
                     "value": a.emergency_rate_multiplier},
                    {"id": 3, "caption": "Covered Device Types", "type": "Text",
                     "value": "|".join(a.covered_device_types) or None},
                ],
            })  # fmt: skip
        for s in records.sla_targets:
            sla_id = self.agreements(s.agreement_id)
            self._files["sla_priorities"].write({
                "id": self._sla_priority_ids(f"{s.agreement_id}/{s.priority}"),
                "sla": {"id": sla_id, "name": f"SLA {sla_id}"},
                "priority": {"id": int(s.priority[1]), "name": PRIORITIES[s.priority]},
                "respondHours": None if s.response_minutes is None else s.response_minutes / 60,
                "resolutionHours": None if s.resolution_minutes is None else s.resolution_minutes / 60,
            })  # fmt: skip

    def _write_tickets(self, records: ClientRecords, company: dict[str, Any]) -> None:
        for t in records.tickets:
            ticket: dict[str, Any] = {
                "id": self.tickets(t.ticket_id), "summary": t.summary, "recordType": "ServiceTicket",
                "board": SERVICE_BOARD, "status": {"name": t.status}, "company": company,
                "priority": {"name": PRIORITIES[t.priority]},
                "type": {"name": TICKET_TYPES[t.ticket_type]},
                "subType": {"name": t.category} if t.category else None,
                "item": {"name": t.subcategory} if t.subcategory else None,
                "source": {"name": t.source.title()},
                "dateResponded": utc_text(t.first_response_at),
                "dateResolved": utc_text(t.resolved_at), "closedDate": utc_text(t.resolved_at),
                "closedFlag": t.resolved_at is not None,
                "_info": {"dateEntered": utc_text(t.created_at)},
            }  # fmt: skip
            if t.merged_into_ticket_id:
                ticket["mergedParentTicket"] = {"id": self.tickets(t.merged_into_ticket_id)}
            if t.device_id:
                ticket["configurations"] = [{"deviceIdentifier": t.device_id}]
            self._files["tickets"].write(ticket)

    def _write_time_entries(self, records: ClientRecords, company: dict[str, Any]) -> None:
        for te in records.time_entries:
            entry: dict[str, Any] = {
                "id": self.time_entries(te.time_entry_id), "company": company,
                "member": {"identifier": te.technician_id},
                "timeStart": utc_text(te.started_at),
                "timeEnd": utc_text(te.started_at + timedelta(hours=te.hours)),
                "actualHours": te.hours, "billableOption": "Billable" if te.billable else "DoNotBill",
                "workType": {"name": te.work_type.title()},
            }  # fmt: skip
            if te.ticket_id:
                entry["chargeToId"] = self.tickets(te.ticket_id)
                entry["chargeToType"] = "ServiceTicket"
            self._files["time_entries"].write(entry)

    def _write_invoices(self, records: ClientRecords, company: dict[str, Any]) -> None:
        """finance/invoices as ConnectWise keeps them: totals, no lines. Each generated fee line
        becomes an Agreement invoice dated its period's first day (the adapter spreads it to the
        end of the billing cycle); the other lines become Standard invoices (CreditMemo for
        credits), one per month their revenue falls in, dated in that month; parts are products
        of procurement/products billed on the invoice, with their cost."""
        agreements = {a.agreement_id: a for a in records.agreements}
        groups: dict[tuple, list] = {}
        for line in records.invoice_lines:
            if line.line_type == "recurring_fee":
                agreement = next(
                    a.agreement_id for a in records.agreements
                    if a.start_date <= line.period_start
                    and (a.end_date is None or line.period_start <= a.end_date)
                    and a.monthly_fee is not None
                )  # fmt: skip
                key = (line.invoice_id, "fee", line.line_number, agreement)
            else:
                day = line.period_start or line.invoice_date
                kind = "credit" if line.line_type == "credit" else "standard"
                key = (line.invoice_id, kind, (day.year, day.month), None)
            groups.setdefault(key, []).append(line)
        for (invoice_id, kind, part, agreement_id), lines in groups.items():
            vendor_id = self.invoices(f"{invoice_id}/{kind}/{part}")
            day = min(line.period_start or line.invoice_date for line in lines)
            invoice: dict[str, Any] = {
                "id": vendor_id, "invoiceNumber": f"{invoice_id}-{vendor_id}", "company": company,
                "type": {"fee": "Agreement", "credit": "CreditMemo"}.get(kind, "Standard"),
                "date": midnight_text(day), "applyToType": "All",
                "serviceTotal": 0.0, "expenseTotal": 0.0, "productTotal": 0.0,
                "agreementAmount": 0.0, "salesTax": 0.0,
            }  # fmt: skip
            for line in lines:
                amount = abs(line.amount) if kind == "credit" else line.amount
                field = "agreementAmount" if kind == "fee" else INVOICE_TOTALS[line.line_type]
                invoice[field] = money(Decimal(str(invoice[field])) + amount)
                if line.line_type == "parts":
                    self._files["products"].write({
                        "id": self._products(f"{invoice_id}/{line.line_number}"),
                        "catalogItem": {"id": 1, "identifier": line.description},
                        "description": line.description, "sequenceNumber": line.line_number,
                        "quantity": line.quantity, "price": money(line.unit_price),
                        "cost": money(line.unit_cost), "billableOption": "Billable",
                        "productClass": "NonInventory", "company": company,
                        "invoice": {"id": vendor_id, "identifier": invoice["invoiceNumber"]},
                    })  # fmt: skip
            if agreement_id is not None:
                invoice["agreement"] = {
                    "id": self.agreements(agreement_id),
                    "name": f"{AGREEMENT_TYPES[agreements[agreement_id].support_model]}",
                }
            subtotal = sum(
                Decimal(str(invoice[f]))
                for f in ("serviceTotal", "expenseTotal", "productTotal", "agreementAmount")
            )
            invoice["subtotal"] = invoice["total"] = money(subtotal)
            self._files["invoices"].write(invoice)


class Writer(PairWriter):
    """`--format connectwise`: ConnectWise PSA files, monitoring in the generic format."""

    def __init__(self) -> None:
        super().__init__(ConnectWisePsaWriter(), None)
