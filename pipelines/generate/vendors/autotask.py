"""Autotask (Datto PSA) REST exports in `landing/autotask/`: query results ({"items": [...]}).

Picklist fields are integers, as the API returns them, and ticket_fields.json carries their
labels (Tickets/entityInformation/fields). What Autotask's REST API does not expose (SLA
targets, client time zone and downtime cost) travels in the MSP's CSV mapping files.
`--format autotask` writes the monitoring half generic.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import UTC
from pathlib import Path
from typing import IO, Any

from pipelines.generate.records import ClientRecords, Technician
from pipelines.generate.vendors.base import (
    IdMap,
    JsonArrayFile,
    PairWriter,
    midnight_text,
    utc_text,
)

CONTRACT_TYPES = {"managed": 7, "break_fix": 1, "hybrid": 4}
CONTRACT_TYPE_LABELS = {1: "Time and Materials", 3: "Fixed Price", 4: "Block Hours", 6: "Retainer",
                        7: "Recurring Service", 8: "Per Ticket"}  # fmt: skip
# Contracts' contractPeriodType picklist (labels from Contracts/entityInformation/fields).
PERIOD_TYPES = {1: "Monthly", 3: "Quarterly", 6: "Semi-Annual", 12: "Yearly"}
EVERGREEN_END = "2099-12-31T00:00:00Z"  # Autotask requires an end date
PRIORITIES = {4: "Critical", 1: "High", 2: "Medium", 3: "Low"}
PRIORITY_VALUES = {"P1": 4, "P2": 1, "P3": 2, "P4": 3}
TICKET_TYPES = {1: "Service Request", 2: "Incident", 3: "Problem", 4: "Change Request"}
TICKET_TYPE_VALUES = {"request": 1, "incident": 2, "problem": 3, "change": 4}
SOURCES = {
    -1: "Client Portal",
    2: "Phone",
    4: "Email",
    8: "Monitoring Alert",
    11: "In Person/Onsite",
}
SOURCE_VALUES = {"portal": -1, "phone": 2, "email": 4, "monitoring": 8, "onsite": 11}
BILLING_ITEM_TYPES = {
    "labor": 1, "emergency_labor": 1, "project": 3, "parts": 4, "recurring_fee": 8, "credit": 9,
    "other": 6,
}  # fmt: skip
LABOR_CODES = {"labor": "Labor", "emergency_labor": "Emergency Labor"}
FILES = (
    "companies", "contracts", "contract_services", "tickets", "configuration_items",
    "time_entries", "resources", "billing_codes", "billing_items",
)  # fmt: skip


def _udfs(**values: Any) -> list[dict[str, Any]]:
    """Autotask user-defined fields: a list of {name, value} with string values."""
    return [
        {"name": name, "value": None if value is None else str(value)}
        for name, value in values.items()
    ]


class AutotaskPsaWriter:
    def __init__(self) -> None:
        self.companies = IdMap("clients", 29683001)
        self.contracts = IdMap("agreements", 29684001)
        self.tickets = IdMap("tickets", 7001)
        self.time_entries = IdMap("time_entries", 45001)
        self.resources = IdMap("technicians", 29682901)
        self.invoices = IdMap("invoices", 2101)
        self.id_maps = (
            self.companies, self.contracts, self.tickets, self.time_entries, self.resources,
            self.invoices,
        )  # fmt: skip
        self._items = IdMap("billing_items", 880001)
        self._contract_services = IdMap("contract_services", 70001)
        self._configuration_items = IdMap("configuration_items", 501)
        self._billing_codes = IdMap("billing_codes", 29682801)
        self._issue_types = IdMap("issue_types", 10)
        self._sub_issue_types = IdMap("sub_issue_types", 200)
        self._statuses = IdMap("statuses", 1)
        self._sub_issue_parents: dict[int, int] = {}
        self._files: dict[str, JsonArrayFile] = {}
        self._folder: Path | None = None
        self._csv_handles: list[IO[str]] = []

    def open(self, out_dir: Path) -> None:
        self._folder = Path(out_dir) / "autotask"
        self._folder.mkdir(parents=True, exist_ok=True)
        self._files = {
            name: JsonArrayFile(self._folder / f"{name}.json", "items") for name in FILES
        }
        self._client_map = self._csv(
            "client_map.csv",
            ("company_id", "company_name", "client_id", "industry", "seats", "timezone",
             "downtime_cost_per_hour", "report_recipients"),
        )  # fmt: skip
        self._sla_targets = self._csv(
            "sla_targets.csv",
            ("service_level_agreement_id", "priority", "response_minutes", "resolution_minutes"),
        )

    def _csv(self, name: str, header: Sequence[str]):
        assert self._folder is not None
        handle = open(self._folder / name, "w", encoding="utf-8", newline="")  # noqa: SIM115
        self._csv_handles.append(handle)
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(header)
        return out

    def close(self) -> None:
        self._write_ticket_fields()
        for array in self._files.values():
            array.close()
        for handle in self._csv_handles:
            handle.close()

    def device_ref(self, device_id: str) -> str:
        return device_id

    def _billing_code(self, name: str) -> int:
        is_new = name not in self._billing_codes.ids
        code = self._billing_codes(name)
        if is_new:
            self._files["billing_codes"].write({"id": code, "name": name, "isActive": True})
        return code

    def write_technicians(self, technicians: Sequence[Technician]) -> None:
        for t in technicians:
            first, _, last = t.technician_name.partition(" ")
            self._files["resources"].write({
                "id": self.resources(t.technician_id), "firstName": first, "lastName": last or None,
                "userName": t.technician_id.lower(), "internalCost": float(t.hourly_cost),
                "isActive": True,
            })  # fmt: skip

    def write_client(self, records: ClientRecords) -> None:
        client = records.client
        company_id = self.companies(client.client_id)
        self._client_map.writerow((
            company_id, client.client_name, client.client_id, client.industry, client.seats,
            client.timezone or "",
            "" if client.downtime_cost_per_hour is None else f"{client.downtime_cost_per_hour:.2f}",
            ";".join(client.report_recipients),
        ))  # fmt: skip
        self._files["companies"].write({
            "id": company_id, "companyName": client.client_name, "companyType": 1, "isActive": True,
        })  # fmt: skip
        self._write_contracts(records, company_id)
        self._write_tickets(records, company_id)
        self._write_time_entries(records)
        self._write_billing_items(records, company_id)

    def _write_contracts(self, records: ClientRecords, company_id: int) -> None:
        for a in records.agreements:
            contract_id = self.contracts(a.agreement_id)
            self._files["contracts"].write({
                "id": contract_id, "companyID": company_id,
                "contractName": f"{a.support_model.replace('_', ' ').title()} {a.start_date.year}",
                "contractType": CONTRACT_TYPES[a.support_model], "status": 1,
                "contractPeriodType": a.billing_months,
                "startDate": midnight_text(a.start_date),
                "endDate": midnight_text(a.end_date) if a.end_date else EVERGREEN_END,
                "serviceLevelAgreementID": contract_id,  # one SLA per contract
                "userDefinedFields": _udfs(**{
                    "Hourly Rate": a.hourly_rate,
                    "Emergency Rate Multiplier": a.emergency_rate_multiplier,
                    "Covered Device Types": "|".join(a.covered_device_types) or None,
                }),
            })  # fmt: skip
            if a.monthly_fee is not None:
                # The fee is the contract's services, priced per contract period.
                period_fee = float(a.monthly_fee * a.billing_months)
                self._files["contract_services"].write({
                    "id": self._contract_services(a.agreement_id), "contractID": contract_id,
                    "serviceID": 1, "unitPrice": period_fee, "adjustedPrice": period_fee,
                    "unitCost": None, "invoiceDescription": "Managed services",
                })  # fmt: skip
        for s in records.sla_targets:
            self._sla_targets.writerow((
                self.contracts(s.agreement_id), PRIORITIES[PRIORITY_VALUES[s.priority]],
                "" if s.response_minutes is None else s.response_minutes,
                "" if s.resolution_minutes is None else s.resolution_minutes,
            ))  # fmt: skip

    def _write_tickets(self, records: ClientRecords, company_id: int) -> None:
        for t in records.tickets:
            ticket_id = self.tickets(t.ticket_id)
            issue_type = self._issue_types(t.category) if t.category else None
            sub_issue_type = None
            if t.subcategory:
                sub_issue_type = self._sub_issue_types(f"{t.category}\x1f{t.subcategory}")
                self._sub_issue_parents[sub_issue_type] = issue_type
            configuration_item = None
            if t.device_id:
                is_new = t.device_id not in self._configuration_items.ids
                configuration_item = self._configuration_items(t.device_id)
                if is_new:
                    self._files["configuration_items"].write({
                        "id": configuration_item, "companyID": company_id, "isActive": True,
                        "referenceTitle": f"Device {t.device_id}", "rmmDeviceUID": t.device_id,
                    })  # fmt: skip
            merged = self.tickets(t.merged_into_ticket_id) if t.merged_into_ticket_id else None
            self._files["tickets"].write({
                "id": ticket_id,
                "ticketNumber": f"T{t.created_at:%Y%m%d}.{ticket_id:04d}",
                "companyID": company_id, "configurationItemID": configuration_item,
                "createDate": utc_text(t.created_at),
                "firstResponseDateTime": utc_text(t.first_response_at),
                "resolvedDateTime": utc_text(t.resolved_at),
                "priority": PRIORITY_VALUES[t.priority], "ticketType": TICKET_TYPE_VALUES[t.ticket_type],
                "issueType": issue_type, "subIssueType": sub_issue_type,
                "source": SOURCE_VALUES[t.source], "status": self._statuses(t.status),
                "title": t.summary,
                "userDefinedFields": _udfs(**{"Merged Into Ticket": merged}),
            })  # fmt: skip

    def _write_time_entries(self, records: ClientRecords) -> None:
        # Time without a ticket reaches its client through a contract of that client.
        fallback_contract = (
            self.contracts(records.agreements[0].agreement_id) if records.agreements else None
        )
        for te in records.time_entries:
            self._files["time_entries"].write({
                "id": self.time_entries(te.time_entry_id),
                "ticketID": self.tickets(te.ticket_id) if te.ticket_id else None,
                "contractID": None if te.ticket_id else fallback_contract,
                "resourceID": self.resources(te.technician_id),
                # Time outside a ticket is logged against contracts that do not require start and
                # stop times: a work date and hours only.
                "dateWorked": midnight_text(te.started_at.astimezone(UTC).date()),
                "startDateTime": utc_text(te.started_at) if te.ticket_id else None,
                "hoursWorked": te.hours,
                "hoursToBill": te.hours if te.billable else 0, "isNonBillable": not te.billable,
                "billingCodeID": self._billing_code(te.work_type.title()),
            })  # fmt: skip

    def _write_billing_items(self, records: ClientRecords, company_id: int) -> None:
        def fee_contract(line) -> int:
            agreement = next(
                a for a in records.agreements
                if a.start_date <= line.period_start
                and (a.end_date is None or line.period_start <= a.end_date)
                and a.monthly_fee is not None
            )  # fmt: skip
            return self.contracts(agreement.agreement_id)

        for line in records.invoice_lines:
            code = (
                self._billing_code(LABOR_CODES[line.line_type])
                if line.line_type in LABOR_CODES
                else None
            )
            # No line number, no service period: the item's date is the day its charge is for
            # (a recurring service's first day, the day of work or parts, else the invoice date).
            contract = fee_contract(line) if line.line_type == "recurring_fee" else None
            self._files["billing_items"].write({
                "id": self._items(f"{line.invoice_id}/{line.line_number}"),
                "invoiceID": self.invoices(line.invoice_id), "companyID": company_id,
                "contractID": contract,
                "itemDate": midnight_text(line.period_start or line.invoice_date),
                "billingItemType": BILLING_ITEM_TYPES[line.line_type], "billingCodeID": code,
                "description": line.description, "quantity": line.quantity,
                "rate": None if line.unit_price is None else float(line.unit_price),
                "extendedPrice": float(line.amount),
                "ourCost": None if line.unit_cost is None else float(line.unit_cost),
            })  # fmt: skip

    def _write_ticket_fields(self) -> None:
        """Tickets/entityInformation/fields: the labels of every picklist value used."""
        assert self._folder is not None

        def picklist(values: dict[int, str], parents: dict[int, int] | None = None) -> list[dict]:
            return [
                {"value": str(v), "label": label, "isActive": True,
                 "parentValue": str(parents[v]) if parents and parents.get(v) else None}
                for v, label in values.items()
            ]  # fmt: skip

        fields = {
            "priority": PRIORITIES,
            "ticketType": TICKET_TYPES,
            "source": SOURCES,
            "status": {v: k for k, v in self._statuses.ids.items()},
            "issueType": {v: k for k, v in self._issue_types.ids.items()},
        }
        out = JsonArrayFile(self._folder / "ticket_fields.json", "fields")
        for name, values in fields.items():
            out.write({"name": name, "dataType": "integer", "isPickList": True,
                       "picklistValues": picklist(values)})  # fmt: skip
        contract_fields = JsonArrayFile(self._folder / "contract_fields.json", "fields")
        for name, values in {"contractType": CONTRACT_TYPE_LABELS, "contractPeriodType": PERIOD_TYPES}.items():
            contract_fields.write({"name": name, "dataType": "integer", "isPickList": True,
                                   "picklistValues": picklist(values)})  # fmt: skip
        contract_fields.close()
        sub_labels = {v: k.split("\x1f", 1)[1] for k, v in self._sub_issue_types.ids.items()}
        out.write({"name": "subIssueType", "dataType": "integer", "isPickList": True,
                   "picklistValues": picklist(sub_labels, self._sub_issue_parents)})  # fmt: skip
        out.close()


class Writer(PairWriter):
    """`--format autotask`: Autotask PSA files, monitoring in the generic format."""

    def __init__(self) -> None:
        super().__init__(AutotaskPsaWriter(), None)
