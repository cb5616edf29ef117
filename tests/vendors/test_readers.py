"""Vendor readers on hand-made files: what lands in raw, what is quarantined, what is refused."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from pipelines.ingest import ingest
from pipelines.ingest.vendors import SOURCES

pytestmark = pytest.mark.unit

TICKET = {
    "id": 101,
    "summary": "Server down",
    "company": {"id": 250, "identifier": "Acme"},
    "priority": {"name": "Priority 1 - Emergency Response"},
    "_info": {"dateEntered": "2025-01-06T13:35:25Z"},
}


def _write(landing: Path, rel: str, content) -> None:
    path = landing / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")


def _ingest(landing: Path, warehouse: Path):
    con = duckdb.connect(str(warehouse))
    return ingest(landing, con, sources=SOURCES), con


def _by_file(summary) -> dict:
    return {f.file_path: f for f in summary.files}


def test_extra_fields_are_kept_and_a_reexport_replaces_rows(tmp_path):
    landing = tmp_path / "landing"
    _write(landing, "connectwise/tickets.json", [{**TICKET, "someNewField": {"x": 1}}])
    _write(
        landing, "connectwise/tickets_2.json", [{**TICKET, "summary": "Server down (corrected)"}]
    )
    summary, con = _ingest(landing, tmp_path / "w.duckdb")
    with con:
        files = _by_file(summary)
        assert [files[p].status for p in sorted(files)] == ["loaded", "loaded"]
        rows = con.execute(
            "select record_id, record ->> '$.summary', _source_file, _source_line"
            " from raw.connectwise__tickets"
        ).fetchall()
        assert rows == [("101", "Server down (corrected)", "connectwise/tickets_2.json", 1)]
        # The same file again is skipped, not duplicated.
        again = ingest(landing, con, sources=SOURCES)
        assert {f.status for f in again.files} == {"skipped"}
        assert con.execute("select count(*) from raw.connectwise__tickets").fetchall() == [(1,)]


def test_missing_required_field_quarantines_the_record_and_names_vendor_and_field(tmp_path):
    landing = tmp_path / "landing"
    no_date = {k: v for k, v in TICKET.items() if k != "_info"} | {"id": 102, "_info": {}}
    _write(landing, "connectwise/tickets.json", [TICKET, no_date, {**TICKET, "id": None}])
    summary, con = _ingest(landing, tmp_path / "w.duckdb")
    with con:
        result = summary.files[0]
        assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (3, 1, 2)
        reasons = con.execute(
            "select line_number, reason from raw.quarantine order by 1"
        ).fetchall()
        assert reasons == [
            (2, "ConnectWise PSA tickets: missing required field _info.dateEntered"),
            (3, "ConnectWise PSA tickets: missing required field id"),
        ]


def test_field_missing_from_every_record_rejects_the_file(tmp_path):
    landing = tmp_path / "landing"
    _write(
        landing, "connectwise/tickets.json", [{k: v for k, v in TICKET.items() if k != "company"}]
    )
    summary, con = _ingest(landing, tmp_path / "w.duckdb")
    con.close()
    (result,) = summary.files
    assert result.status == "rejected"
    assert result.message == (
        "connectwise/tickets.json: ConnectWise PSA tickets: required field company missing from every record"
    )


def test_another_vendors_file_is_recognised_by_its_fields(tmp_path):
    landing = tmp_path / "landing"
    zabbix_problems = {"jsonrpc": "2.0", "id": 1, "result": [
        {"eventid": "1", "objectid": "2", "clock": "1736170525", "r_clock": "0",
         "name": "Host unreachable", "severity": "5", "suppressed": "0"},
    ]}  # fmt: skip
    _write(landing, "connectwise/tickets.json", zabbix_problems["result"])
    _write(landing, "zabbix/problems.json", zabbix_problems)
    summary, con = _ingest(landing, tmp_path / "w.duckdb")
    with con:
        files = _by_file(summary)
        wrong = files["connectwise/tickets.json"]
        assert wrong.status == "rejected"
        assert "not a ConnectWise PSA tickets file" in wrong.message
        assert "Zabbix problems export" in wrong.message
        assert "landing/zabbix/problems.json" in wrong.message
        # The JSON-RPC envelope is unwrapped in the right folder.
        assert files["zabbix/problems.json"].rows_loaded == 1
        assert con.execute("select record_id from raw.zabbix__problems").fetchall() == [("1",)]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{not json", "not valid JSON"),
        ('{"id": 1}', "a JSON object, not an array of ConnectWise PSA tickets records"),
        ("42", "a JSON number, not an array of ConnectWise PSA tickets records"),
    ],
)
def test_unreadable_json_is_rejected_with_the_problem(tmp_path, content, problem):
    landing = tmp_path / "landing"
    _write(landing, "connectwise/tickets.json", content)
    summary, con = _ingest(landing, tmp_path / "w.duckdb")
    con.close()
    (result,) = summary.files
    assert result.status == "rejected"
    assert problem in result.message


def test_unknown_file_name_is_rejected_and_a_bom_is_accepted(tmp_path):
    landing = tmp_path / "landing"
    _write(landing, "connectwise/notes.json", "[]")
    _write(landing, "zabbix/client_map.csv", "\ufeffGroup_ID,Client_ID\n101,C0001\n102,\n")
    summary, con = _ingest(landing, tmp_path / "w.duckdb")
    with con:
        files = _by_file(summary)
        assert files["connectwise/notes.json"].status == "rejected"
        assert "unknown ConnectWise PSA file name" in files["connectwise/notes.json"].message
        mapped = files["zabbix/client_map.csv"]
        assert (mapped.rows_loaded, mapped.rows_quarantined) == (1, 1)
        assert con.execute(
            "select record ->> 'client_id' from raw.zabbix__client_map"
        ).fetchall() == [("C0001",)]
        assert con.execute("select line_number, reason from raw.quarantine").fetchall() == [
            (3, "Zabbix client_map: missing required field client_id")
        ]


def test_every_raw_table_exists_before_any_file_lands(tmp_path):
    landing = tmp_path / "landing"
    landing.mkdir()
    summary, con = _ingest(landing, tmp_path / "w.duckdb")
    with con:
        assert summary.files == []
        tables = {
            name
            for (name,) in con.execute(
                "select table_name from information_schema.tables where table_schema = 'raw'"
            ).fetchall()
        }
    assert {"connectwise__tickets", "zabbix__problems", "connectwise__client_map"} <= tables
