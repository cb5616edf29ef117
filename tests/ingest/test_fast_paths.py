"""Ingest's fast paths give what the general paths give.

- A CSV without a quote character is read in one statement with line = record number + 1;
  the general reader counts newlines inside quoted fields.
- A file whose good rows repeat no key is staged without the window that keeps the records
  of repeated keys; when good rows do share a key it is staged again with it.
- Enum values and booleans already in their normal form skip normalising.

Each is checked by loading the same landing dir with the fast path forced off.
"""

from __future__ import annotations

from datetime import datetime

import duckdb
import pytest

from pipelines.ingest import ingest
from pipelines.ingest.generic import csv_reader, source
from pipelines.ingest.generic.checks import enum_normal_form, lit
from pipelines.ingest.generic.entities import ENTITIES
from tests.ingest.helpers import rows

pytestmark = pytest.mark.unit

LOADED_AT = datetime(2026, 1, 1)

CLIENTS = """client_id,client_name,timezone,seats
C1,Acme,Europe/London,10
C2,Beta,america/new_york,x
C3,Gamma,,
"""

EVENTS = """event_id,client_id,device_id,check_name,severity,started_at,resolved_at,in_maintenance,note
E1,C1,D1,ping,critical,2024-03-01T10:00:00Z,2024-03-01T10:05:00Z,true,a
E2,C2,D1,ping,MAJOR,2024-03-01 10:00,2024-03-01 09:00,yes,b
E3,C3,D2,disk,warn-ing,2024-03-01T10:00:00+01:00,,False,c
E4,C1,D2,disk,info ,2024-03-01T24:00:00-05:30,2024-03-02 01:00:00.5,0,d
E5,C9,D3,cpu,bogus,2024-02-30 10:00,,maybe,e
E1,C1,D1,ping,minor,2024-03-01T11:00:00z,,no,f
E6,C1,D3,cpu,info,2024-03-01 10:00:00 +15:00,,,g
,C1,D3,cpu,info,2024-03-01 10:00,,,h
E7,C2,D3,cpu, Info,2024-03-01T10:00,,TRUE,i,overflow
E8,C2
"""

# Quotes, a quoted newline and a repeated key: the general reader and the ranking path.
TICKETS = """ticket_id,client_id,created_at,priority,summary
T1,C1,2024-03-01 10:00,P1,"two
lines"
T2,C1,2024-03-01 11:00,p2,"a, b"
T1,C1,2024-03-01 12:00,P3,plain
T3,C2,2024-03-01 13:00,P9,bad
"""


def _write_landing(root):
    generic = root / "generic"
    generic.mkdir(parents=True)
    (generic / "clients.csv").write_text(CLIENTS)
    (generic / "monitoring_events.csv").write_text(EVENTS)
    (generic / "monitoring_events_2.csv").write_text(
        EVENTS.splitlines()[0] + "\nE2,C2,D1,ping,minor,2024-03-01 10:00,,no,z\n"
    )
    (generic / "tickets.csv").write_text(TICKETS)
    return root


def _everything(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    tables = [e.name for e in ENTITIES] + ["quarantine", "ingested_files"]
    return {t: rows(con, f"select * from raw.{t} order by all") for t in tables}  # noqa: S608


def _load(landing, warehouse):
    with duckdb.connect(str(warehouse)) as con:
        summary = ingest(landing, con, loaded_at=LOADED_AT)
        return (
            summary,
            _everything(con),
            con.execute(
                "select _source_file, list(_source_line) from raw.monitoring_events group by 1"
            ).fetchall(),
        )


@pytest.fixture
def landing(tmp_path):
    return _write_landing(tmp_path / "landing")


def test_fast_paths_give_the_general_paths_result(landing, tmp_path, monkeypatch):
    fast_summary, fast, fast_lines = _load(landing, tmp_path / "fast.duckdb")
    with monkeypatch.context() as m:
        m.setattr(csv_reader, "may_hold_quoted_newlines", lambda path: True)
        m.setattr(source, "good_keys_repeat", lambda con, staged, key: True)
        slow_summary, slow, _ = _load(landing, tmp_path / "slow.duckdb")
    assert fast == slow
    assert fast_summary.files == slow_summary.files
    for f in fast_summary.files:
        assert f.rows_read == f.rows_loaded + f.rows_quarantined
    # The fixture does exercise what it is meant to.
    assert fast["quarantine"] and fast["monitoring_events"]
    reasons = [r[4] for r in fast["quarantine"]]
    assert any(r.startswith("duplicate key event_id=E1") for r in reasons)
    assert any(r.startswith("duplicate key ticket_id=T1") for r in reasons)
    # Rows land in file order.
    for _, lines in fast_lines:
        assert lines == sorted(lines)


def test_quote_free_file_detected(tmp_path):
    plain, quoted, empty = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "c.csv"
    plain.write_text("a,b\n1,2\n")
    quoted.write_text('a,b\n1,"2"\n')
    empty.write_text("")
    assert not csv_reader.may_hold_quoted_newlines(plain)
    assert csv_reader.may_hold_quoted_newlines(quoted)
    assert not csv_reader.may_hold_quoted_newlines(empty)


def test_enum_values_are_in_their_normal_form():
    """checks._typed returns an enum value unchanged when it is already allowed: that is only
    right if normalising an allowed value gives the value itself."""
    con = duckdb.connect()
    for entity in ENTITIES:
        for column in entity.columns:
            for value in column.values:
                norm = enum_normal_form(column, "v")
                sql = f"select {norm} from (select {lit(value)} as v)"  # noqa: S608
                assert con.execute(sql).fetchall() == [(value,)], (entity.name, column.name)
