"""What each vendor adapter expects in `landing/<vendor>/`: files, record ids, required fields.

One `VendorEntity` per kind of file. Field paths are JSON paths into one record as the
vendor's REST API returns it (`company.id`, `_info.dateEntered`); for the CSV mapping files
they are column names. docs/vendors.md documents the same table for people.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class VendorEntity:
    vendor: str  # landing folder and raw table prefix: "connectwise"
    entity: str  # raw table suffix: "tickets" -> raw.connectwise__tickets
    file_stem: str  # tickets.json, tickets_2024-03.json, ...
    id_path: str  # the record's natural key within the vendor; "a+b" joins several fields
    required: tuple[str, ...]  # fields a record must have (id_path included)
    file_format: str = "json"  # json (array of objects, as the API returns) or csv
    # Wrapper keys holding the array when the API returns an object ({"result": [...]}).
    wrappers: tuple[str, ...] = ()
    # Values checked at the door (docs/ARCHITECTURE.md), with the generic reader's bounds:
    # fields staging casts to money, hours of one time entry, quantities, ISO date/times and
    # numeric times (epoch seconds, milliseconds, OLE days). A `[*]` path checks every element
    # of an array field.
    money: tuple[str, ...] = ()
    hours: tuple[str, ...] = ()
    quantity: tuple[str, ...] = ()
    timestamps: tuple[str, ...] = ()
    epoch_seconds: tuple[str, ...] = ()
    epoch_ms: tuple[str, ...] = ()
    ole_days: tuple[str, ...] = ()  # PRTG's datetime_raw

    @property
    def table(self) -> str:
        return f"{self.vendor}__{self.entity}"

    @property
    def label(self) -> str:
        return f"{VENDOR_TITLES[self.vendor]} {self.entity}"


VENDOR_TITLES = {
    "connectwise": "ConnectWise PSA",
    "autotask": "Autotask",
    "halopsa": "HaloPSA",
    "ninjaone": "NinjaOne",
    "datto_rmm": "Datto RMM",
    "zabbix": "Zabbix",
    "prtg": "PRTG",
}


def _map(vendor: str, key_column: str) -> VendorEntity:
    """The MSP's mapping file: which of the vendor's companies/groups/sites is which client."""
    return VendorEntity(
        vendor, "client_map", "client_map", key_column, (key_column, "client_id"), "csv"
    )


CONNECTWISE = (
    VendorEntity("connectwise", "companies", "companies", "id", ("id", "identifier", "name")),
    VendorEntity(
        "connectwise", "agreements", "agreements", "id",
        ("id", "company.id", "type.name", "startDate"),
        money=("billAmount",), timestamps=("startDate",),
    ),
    VendorEntity(
        "connectwise", "sla_priorities", "sla_priorities", "id", ("id", "sla.id", "priority.name")
    ),
    VendorEntity(
        "connectwise", "tickets", "tickets", "id",
        ("id", "summary", "company.id", "priority.name", "_info.dateEntered"),
        timestamps=("_info.dateEntered", "dateResponded", "dateResolved", "closedDate"),
    ),
    VendorEntity(
        "connectwise", "time_entries", "time_entries", "id",
        ("id", "company.id", "member.identifier", "timeStart", "actualHours", "billableOption"),
        hours=("actualHours",), timestamps=("timeStart",),
    ),
    VendorEntity(
        "connectwise", "members", "members", "identifier", ("identifier", "hourlyCost"),
        money=("hourlyCost",),
    ),
    VendorEntity(
        "connectwise", "invoices", "invoices", "id", ("id", "company.id", "date"),
        money=("agreementAmount", "serviceTotal", "expenseTotal", "productTotal", "subtotal"),
        timestamps=("date",),
    ),
    VendorEntity(
        "connectwise", "products", "products", "id", ("id", "invoice.id"),
        money=("price", "cost"), quantity=("quantity",),
    ),
    _map("connectwise", "company_id"),
)  # fmt: skip

ZABBIX = (
    VendorEntity(
        "zabbix", "hosts", "hosts", "hostid", ("hostid", "host"), wrappers=("result",)
    ),
    VendorEntity(
        "zabbix", "triggers", "triggers", "triggerid", ("triggerid", "hosts"), wrappers=("result",)
    ),
    # event.get (source 0, object 0, selectHosts): problem events (value 1) and their recovery
    # events (value 0), paired through r_eventid. The history; problem.get only has recent ones.
    VendorEntity(
        "zabbix", "events", "events", "eventid", ("eventid", "clock", "value"), wrappers=("result",),
        epoch_seconds=("clock",),
    ),
    VendorEntity(
        "zabbix", "problems", "problems", "eventid",
        ("eventid", "objectid", "clock", "name", "severity"), wrappers=("result",),
        epoch_seconds=("clock",),
    ),
    _map("zabbix", "group_id"),
)  # fmt: skip

AUTOTASK = (
    VendorEntity("autotask", "companies", "companies", "id", ("id", "companyName"), wrappers=("items",)),
    VendorEntity(
        "autotask", "contracts", "contracts", "id",
        ("id", "companyID", "contractType", "startDate"), wrappers=("items",),
        timestamps=("startDate",),
    ),
    VendorEntity(
        "autotask", "tickets", "tickets", "id",
        ("id", "ticketNumber", "companyID", "createDate", "priority"), wrappers=("items",),
        timestamps=("createDate", "firstResponseDateTime", "resolvedDateTime"),
    ),
    VendorEntity(
        "autotask", "ticket_fields", "ticket_fields", "name", ("name", "picklistValues"),
        wrappers=("fields",),
    ),
    VendorEntity(
        "autotask", "contract_fields", "contract_fields", "name", ("name", "picklistValues"),
        wrappers=("fields",),
    ),
    VendorEntity(
        "autotask", "contract_services", "contract_services", "id", ("id", "contractID"),
        wrappers=("items",),
        money=("unitPrice", "adjustedPrice"),
    ),
    VendorEntity(
        "autotask", "configuration_items", "configuration_items", "id", ("id", "companyID"),
        wrappers=("items",),
    ),
    VendorEntity(
        "autotask", "time_entries", "time_entries", "id",
        ("id", "resourceID", "dateWorked", "hoursWorked"), wrappers=("items",),
        hours=("hoursWorked",), timestamps=("dateWorked", "startDateTime"),
    ),
    VendorEntity(
        "autotask", "resources", "resources", "id", ("id", "internalCost"), wrappers=("items",),
        money=("internalCost",),
    ),
    VendorEntity("autotask", "billing_codes", "billing_codes", "id", ("id", "name"), wrappers=("items",)),
    VendorEntity(
        "autotask", "billing_items", "billing_items", "id",
        ("id", "invoiceID", "companyID", "itemDate", "billingItemType", "extendedPrice"),
        wrappers=("items",),
        money=("rate", "extendedPrice", "ourCost"), quantity=("quantity",), timestamps=("itemDate",),
    ),
    VendorEntity(
        "autotask", "sla_targets", "sla_targets", "service_level_agreement_id+priority",
        ("service_level_agreement_id", "priority"), "csv",
    ),
    _map("autotask", "company_id"),
)  # fmt: skip

HALOPSA = (
    VendorEntity("halopsa", "clients", "clients", "id", ("id", "name"), wrappers=("clients",)),
    VendorEntity(
        "halopsa", "contracts", "contracts", "id",
        ("id", "client_id", "start_date"), wrappers=("contracts",),
        money=("periodchargeamount",), timestamps=("start_date",),
    ),
    VendorEntity("halopsa", "priorities", "priorities", "slaid+priorityid", ("slaid", "priorityid")),
    VendorEntity(
        "halopsa", "tickets", "tickets", "id",
        ("id", "client_id", "summary", "dateoccurred", "priority_id"), wrappers=("tickets",),
        timestamps=("dateoccurred",),
    ),
    VendorEntity("halopsa", "ticket_types", "ticket_types", "id", ("id", "name")),
    VendorEntity("halopsa", "statuses", "statuses", "id", ("id", "name")),
    VendorEntity(
        "halopsa", "actions", "actions", "id",
        ("id", "who_agentid", "actionarrivaldate", "timetaken"), wrappers=("actions",),
        hours=("timetaken", "nonbilltime"), timestamps=("actionarrivaldate",),
    ),
    VendorEntity("halopsa", "agents", "agents", "id", ("id", "costprice"), money=("costprice",)),
    VendorEntity(
        "halopsa", "invoices", "invoices", "id", ("id", "client_id", "invoice_date", "lines"),
        wrappers=("invoices",),
        money=("lines[*].unit_price", "lines[*].net_amount", "lines[*].unit_cost"),
        quantity=("lines[*].qty_order",), timestamps=("invoice_date",),
    ),
    _map("halopsa", "halo_client_id"),
)  # fmt: skip

NINJAONE = (
    VendorEntity(
        "ninjaone", "devices", "devices", "id", ("id", "organizationId", "nodeClass", "systemName")
    ),
    VendorEntity(
        "ninjaone", "activities", "activities", "id",
        ("id", "activityTime", "deviceId", "seriesUid", "statusCode"), wrappers=("activities",),
        epoch_seconds=("activityTime",),
    ),
    _map("ninjaone", "organization_id"),
)  # fmt: skip

DATTO_RMM = (
    VendorEntity(
        # deviceType may be null (DattoRMM.Core reads it as optional): the class then comes
        # from deviceClass, else the device is `other`.
        "datto_rmm", "devices", "devices", "uid", ("uid", "siteUid", "hostname"),
        wrappers=("devices",),
    ),
    VendorEntity(
        "datto_rmm", "alerts", "alerts", "alertUid",
        ("alertUid", "priority", "timestamp", "alertSourceInfo.deviceUid"), wrappers=("alerts",),
        epoch_ms=("timestamp",),
    ),
    _map("datto_rmm", "site_uid"),
)  # fmt: skip

PRTG = (
    VendorEntity(
        "prtg", "devices", "devices", "objid", ("objid", "device", "parentid"), wrappers=("devices",)
    ),
    VendorEntity(
        "prtg", "sensors", "sensors", "objid", ("objid", "name", "parentid"), wrappers=("sensors",)
    ),
    VendorEntity(
        "prtg", "messages", "messages", "objid+datetime_raw+status",
        ("objid", "datetime_raw", "status"), wrappers=("messages",), ole_days=("datetime_raw",),
    ),
    _map("prtg", "group_id"),
)  # fmt: skip

VENDOR_ENTITIES: dict[str, tuple[VendorEntity, ...]] = {
    "connectwise": CONNECTWISE,
    "autotask": AUTOTASK,
    "halopsa": HALOPSA,
    "zabbix": ZABBIX,
    "ninjaone": NINJAONE,
    "datto_rmm": DATTO_RMM,
    "prtg": PRTG,
}


def all_entities() -> list[VendorEntity]:
    return [spec for specs in VENDOR_ENTITIES.values() for spec in specs]
