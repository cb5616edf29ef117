"""The same portfolio, generic and in vendor formats, gives the same staging rows, row for row.

Vendor files carry the vendor's own ids; `_vendor_ids.csv` translates them back. Records
that match no client (or no mapping seed row) are left out of staging and listed in
quality.unmatched_vendor_records, whose test warns: checked with a few extra records.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from tests.vendors.compare import (
    STAGING_ID_COLUMNS,
    column_names,
    differences,
    load_vendor_ids,
)
from tests.vendors.portfolios import Staging, generate, ingest_into

pytestmark = pytest.mark.build

PAIRS = [
    ("connectwise", "zabbix"),
    ("autotask", "ninjaone"),
    ("connectwise", "datto_rmm"),
    ("autotask", "prtg"),
]
MONITORING_ENTITIES = ("devices", "monitoring_events")
# PSAs whose invoice lines are derived from what the API carries (ConnectWise invoices hold
# totals, not lines; Autotask billing items have no line numbers or periods): their lines differ
# from the generated ones by design, so what each client is billed (and its parts cost) is
# compared here, and revenue by month in the marts (test_marts_equality).
DERIVED_INVOICE_LINES = {"connectwise", "autotask"}
# Autotask time outside a ticket has a work date and hours, no clock time: it is placed on the
# work date, so only the day of started_at is compared.
WORK_DATE_ONLY = {("autotask", "time_entries")}

# Records no client_map row (or seed row) matches: (file, records, (entity, record_id)s listed).
UNMATCHED = {
    "connectwise": (
        "tickets_unmatched.json",
        [{"id": 99999, "summary": "Printer jam", "company": {"id": 999, "identifier": "NotAClient"},
          "priority": {"name": "Priority 3 - Normal Response"},
          "_info": {"dateEntered": "2025-01-06T13:35:25Z"}}],
        [("tickets", "99999")],
    ),
    "autotask": (
        "tickets_unmatched.json",
        {"items": [{"id": 99999, "ticketNumber": "T20250106.9999", "companyID": 999,
                    "createDate": "2025-01-06T13:35:25Z", "priority": 2, "title": "Printer jam"}]},
        [("tickets", "99999")],
    ),
    "ninjaone": (
        "devices_unmatched.json",
        [{"id": 99999, "organizationId": 999, "nodeClass": "WINDOWS_SERVER", "systemName": "LAB-01"}],
        [("devices", "99999")],
    ),
    "datto_rmm": (
        "devices_unmatched.json",
        {"devices": [{"uid": "lab-01-uid", "siteUid": "no-such-site", "hostname": "lab-01",
                      "deviceType": {"category": "Server"}}]},
        [("devices", "lab-01-uid")],
    ),
    "prtg": (
        "devices_unmatched.json",
        {"prtg-version": "24.1", "treesize": 1,
         "devices": [{"objid": 99999, "device": "lab-01", "group": "Lab", "parentid": 9}]},
        [("devices", "99999")],
    ),
    "zabbix": (
        "hosts_unmatched.json",
        [{"hostid": "99999", "host": "lab-01", "hostgroups": [{"groupid": "7", "name": "Lab"}]}],
        [("hosts", "99999")],
    ),
}  # fmt: skip


@pytest.fixture(scope="module")
def staging(tmp_path_factory) -> Staging:
    return Staging(tmp_path_factory.mktemp("dbt"))


@pytest.fixture(scope="module")
def generic_warehouse(tmp_path_factory, staging) -> Path:
    root = tmp_path_factory.mktemp("generic")
    ingest_into(generate(root / "landing"), root / "warehouse.duckdb")
    statuses = staging.build(root / "warehouse.duckdb")
    assert all(s in ("success", "pass") for s in statuses.values()), statuses
    return root / "warehouse.duckdb"


@pytest.fixture(scope="module", params=PAIRS, ids=lambda p: "+".join(p))
def vendor_portfolio(request, tmp_path_factory, staging):
    psa, monitoring = request.param
    root = tmp_path_factory.mktemp("+".join(request.param))
    landing = generate(root / "landing", psa, monitoring)
    for vendor in request.param:
        file_name, records, _ = UNMATCHED[vendor]
        (landing / vendor / file_name).write_text(json.dumps(records), encoding="utf-8")
    summary = ingest_into(landing, root / "warehouse.duckdb")
    assert {f.status for f in summary.files} == {"loaded"}, summary.files
    statuses = staging.build(root / "warehouse.duckdb")
    return psa, monitoring, landing, root / "warehouse.duckdb", statuses


@pytest.mark.parametrize("entity", list(STAGING_ID_COLUMNS))
def test_vendor_staging_equals_generic_staging(generic_warehouse, vendor_portfolio, entity):
    psa, monitoring, landing, warehouse, _ = vendor_portfolio
    vendor = monitoring if entity in MONITORING_ENTITIES else psa
    with duckdb.connect() as con:
        con.execute(f"attach '{generic_warehouse}' as g (read_only)")
        con.execute(f"attach '{warehouse}' as v (read_only)")
        load_vendor_ids(con, landing)
        generic_model = f"g.staging.stg_generic__{entity}"
        vendor_model = f"v.staging.stg_{vendor}__{entity}"

        # The contract columns; `_`-prefixed bookkeeping (e.g. `_loaded_at` of the incremental
        # int_ models) is optional: a vendor model without it is rebuilt on every run.
        def contract(model: str) -> list[tuple]:
            return [
                c[:2]
                for c in con.execute(f"describe {model}").fetchall()
                if not c[0].startswith("_")
            ]

        assert contract(vendor_model) == contract(generic_model), (
            "columns (names, types, order) differ from the generic model"
        )
        columns = [
            c
            for c in column_names(con, generic_model)
            if c != "source_file" and not c.startswith("_")
        ]
        (rows,) = con.execute(f"select count(*) from {generic_model}").fetchall()[0]
        if entity == "invoice_lines" and vendor in DERIVED_INVOICE_LINES:
            # Lines differ one for one by design; what they bill per client must not.
            per_client = (
                "(select client_id, sum(amount) as billed, sum(case when line_type = 'parts'"
                " then coalesce(quantity, 1) * coalesce(unit_cost, 0) end) as parts_cost"
                " from {} group by client_id)"
            )
            generic_model, vendor_model = (
                per_client.format(generic_model),
                per_client.format(vendor_model),
            )
            columns = ["client_id", "billed", "parts_cost"]
        if (vendor, entity) in WORK_DATE_ONLY:
            day = "select * replace (cast(started_at as date) as started_at) from"
            generic_model, vendor_model = f"({day} {generic_model})", f"({day} {vendor_model})"
        diff = differences(con, generic_model, vendor_model, columns, STAGING_ID_COLUMNS[entity])
    assert rows > 0
    assert diff == [], f"{len(diff)} differing rows, first: {diff[:4]}"


def test_unmatched_records_are_listed_and_warned(vendor_portfolio):
    psa, monitoring, _, warehouse, statuses = vendor_portfolio
    for vendor in (psa, monitoring):
        with duckdb.connect(str(warehouse), read_only=True) as con:
            listed = con.execute(
                "select entity, record_id from quality.unmatched_vendor_records"
                " where source_system = ? order by 1, 2",
                [vendor],
            ).fetchall()
        assert listed == UNMATCHED[vendor][2]
    assert statuses["vendor_records_match_a_client"] == "warn"
