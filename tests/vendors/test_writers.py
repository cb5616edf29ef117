"""Vendor writers: `--format <vendor>` output lands whole, nothing quarantined, counts = truth."""

from __future__ import annotations

import csv
import json

import duckdb
import pytest

from pipelines.generate import generate_portfolio
from pipelines.ingest import ingest

pytestmark = pytest.mark.unit

# format -> {raw table: entity of _truth.json "rows" it must hold as many records as}
COUNTED = {
    "connectwise": {"connectwise__tickets": "tickets", "connectwise__time_entries": "time_entries",
                    "connectwise__companies": "clients", "monitoring_events": "monitoring_events"},
    "autotask": {"autotask__tickets": "tickets", "autotask__time_entries": "time_entries",
                 "autotask__contracts": "agreements", "autotask__billing_items": "invoice_lines"},
    # Zabbix events hold problems and recoveries: tests/vendors/test_rmm_zabbix.py counts the problems.
    "zabbix": {"zabbix__hosts": "devices", "tickets": "tickets"},
    "ninjaone": {"ninjaone__devices": "devices", "clients": "clients"},
    "datto_rmm": {"datto_rmm__alerts": "monitoring_events", "datto_rmm__devices": "devices"},
    "prtg": {"prtg__devices": "devices", "time_entries": "time_entries"},
}  # fmt: skip
PSA = {"connectwise", "autotask"}


@pytest.mark.parametrize("fmt", list(COUNTED))
def test_vendor_format_lands_whole(tmp_path, fmt):
    landing = tmp_path / "landing"
    generate_portfolio(landing, clients=2, months=1, seed=3, fmt=fmt)
    truth = json.loads((landing / "_truth.json").read_text())
    # The half the vendor does not cover is written in the generic format, and only that half.
    generic_files = {p.name for p in (landing / "generic").iterdir()}
    if fmt in PSA:
        assert generic_files == {"devices.csv", "monitoring_events.csv"}
    else:
        assert "devices.csv" not in generic_files and "tickets.csv" in generic_files
    with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as con:
        summary = ingest(landing, con)
        assert {f.status for f in summary.files} == {"loaded"}, summary.files
        assert con.execute("select count(*) from raw.quarantine").fetchall() == [(0,)]
        for table, entity in COUNTED[fmt].items():
            (count,) = con.execute(f'select count(*) from raw."{table}"').fetchall()[0]
            assert count == truth["rows"][entity] > 0, (table, entity)


def test_vendor_ids_name_every_generated_record(tmp_path):
    landing = tmp_path / "landing"
    generate_portfolio(landing, clients=2, months=1, seed=3, fmt="zabbix")
    truth = json.loads((landing / "_truth.json").read_text())
    with open(landing / "_vendor_ids.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    by_entity: dict[str, set[str]] = {}
    for row in rows:
        by_entity.setdefault(row["entity"], set()).add(row["vendor_id"])
    # One distinct Zabbix host per device, one problem per monitoring event.
    assert len(by_entity["devices"]) == truth["rows"]["devices"]
    assert len(by_entity["monitoring_events"]) == truth["rows"]["monitoring_events"]
