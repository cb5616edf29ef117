"""HaloPSA adapter: readers on hand-made files, the writer's landing, and the key promise:
HaloPSA PSA files (+ generic or Zabbix monitoring) give the marts of the generic format.

The marts are built by the fast path (`tests/fastbuild.py`: ingest + dbt without tests);
every mart is compared row for row after translating HaloPSA ids with `_vendor_ids.csv`.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from pipelines.generate import generate_portfolio
from pipelines.ingest import ingest
from pipelines.ingest.vendors import SOURCES
from tests.fastbuild import build_marts
from tests.vendors.compare import load_vendor_ids, mart_problems
from tests.vendors.portfolios import generate

TICKET = {
    "id": 2001,
    "client_id": 12,
    "site_id": 120,
    "summary": "Server down",
    "dateoccurred": "2025-01-06T13:35:25Z",
    "priority_id": 1,
    "tickettype_id": 1,
    "status_id": 1,
}
# A ticket of a HaloPSA client that client_map.csv does not name.
UNMATCHED_TICKET = {**TICKET, "id": 99999, "client_id": 999, "summary": "Printer jam"}


def _write(landing: Path, rel: str, content) -> None:
    path = landing / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(content), encoding="utf-8")


def _ingest(landing: Path, warehouse: Path):
    con = duckdb.connect(str(warehouse))
    return ingest(landing, con, sources=SOURCES), con


# --- readers ---------------------------------------------------------------------------


@pytest.mark.unit
def test_missing_required_field_quarantines_the_record_and_names_vendor_and_field(tmp_path):
    landing = tmp_path / "landing"
    no_date = {k: v for k, v in TICKET.items() if k != "dateoccurred"} | {"id": 2002}
    no_priority = {**TICKET, "id": 2003, "priority_id": None}
    # The API's list response: {"record_count": n, "tickets": [...]}.
    _write(landing, "halopsa/tickets.json",
           {"record_count": 3, "tickets": [TICKET, no_date, no_priority]})  # fmt: skip
    summary, con = _ingest(landing, tmp_path / "w.duckdb")
    with con:
        (result,) = summary.files
        assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (3, 1, 2)
        assert con.execute("select record_id from raw.halopsa__tickets").fetchall() == [("2001",)]
        reasons = con.execute(
            "select line_number, reason from raw.quarantine order by 1"
        ).fetchall()
    assert reasons == [
        (2, "HaloPSA tickets: missing required field dateoccurred"),
        (3, "HaloPSA tickets: missing required field priority_id"),
    ]


@pytest.mark.unit
def test_a_halopsa_file_in_another_vendors_folder_is_recognised_and_rejected(tmp_path):
    landing = tmp_path / "landing"
    _write(landing, "connectwise/tickets.json", [TICKET])
    summary, con = _ingest(landing, tmp_path / "w.duckdb")
    con.close()
    (result,) = summary.files
    assert result.status == "rejected"
    assert "not a ConnectWise PSA tickets file" in result.message
    assert "HaloPSA tickets export" in result.message
    assert "landing/halopsa/tickets.json" in result.message


# --- writer ----------------------------------------------------------------------------


@pytest.mark.unit
def test_halopsa_format_lands_whole(tmp_path):
    landing = tmp_path / "landing"
    generate_portfolio(landing, clients=2, months=1, seed=3, fmt="halopsa")
    truth = json.loads((landing / "_truth.json").read_text())
    assert {p.name for p in (landing / "generic").iterdir()} == {
        "devices.csv",
        "monitoring_events.csv",
    }
    with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as con:
        summary = ingest(landing, con)
        assert {f.status for f in summary.files} == {"loaded"}, summary.files
        assert con.execute("select count(*) from raw.quarantine").fetchall() == [(0,)]
        counted = {
            "halopsa__clients": "clients", "halopsa__contracts": "agreements",
            "halopsa__tickets": "tickets", "halopsa__actions": "time_entries",
            "halopsa__priorities": "sla_targets", "monitoring_events": "monitoring_events",
        }  # fmt: skip
        for table, entity in counted.items():
            (count,) = con.execute(f'select count(*) from raw."{table}"').fetchall()[0]
            assert count == truth["rows"][entity] > 0, (table, entity)
        (lines,) = con.execute(
            "select sum(json_array_length(record, '$.lines')) from raw.halopsa__invoices"
        ).fetchall()[0]
        assert lines == truth["rows"]["invoice_lines"] > 0


# --- marts ----------------------------------------------------------------------------


@pytest.mark.build
# With generic monitoring files next to a vendor PSA, the naive local times of the generic
# files are read in the timezone the PSA's client_map.csv gives (stg_shared__client_timezones).
@pytest.mark.parametrize("monitoring", ["zabbix", "generic"])
def test_halopsa_marts_equal_generic_marts(tmp_path, generic_marts, monitoring):
    landing = generate(tmp_path / "landing", "halopsa", monitoring)
    # One record of a client client_map.csv does not name: left out, listed, marts unchanged.
    _write(landing, "halopsa/tickets_unmatched.json", {"tickets": [UNMATCHED_TICKET]})
    vendor_wh = build_marts(landing, tmp_path / "data")
    with duckdb.connect() as con:
        con.execute(f"attach '{generic_marts}' as g (read_only)")
        con.execute(f"attach '{vendor_wh}' as v (read_only)")
        load_vendor_ids(con, landing)
        assert con.execute(
            "select entity, record_id, reason from v.quality.unmatched_vendor_records"
            " where source_system = 'halopsa'"
        ).fetchall() == [("tickets", "99999", "client id 999 is not in client_map.csv")]
        problems = mart_problems(con)
    assert not problems, "\n".join(problems)
