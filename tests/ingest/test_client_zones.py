"""A quarantined client row does not change how other files' local times are read (issue 18).

The events start at 10:30Z (with an offset) and resolve at a naive local time. In London in
July (UTC+1) 11:00 local is 10:00Z, before the start: refused; read as UTC it is after the
start. So the verdict shows which zone a client's local times were read in.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import duckdb
import pytest

from pipelines.ingest import ingest
from tests.ingest.helpers import rows

pytestmark = pytest.mark.unit

START = datetime(2026, 3, 2, 9, 0)
CLIENTS = "client_id,client_name,timezone,seats\nC001,Acme,Europe/London,10\n"
CLIENTS_BAD_ROW = "client_id,client_name,timezone,seats\nC001,Acme Ltd,Europe/London,many\n"
# Started 10:30Z; resolved 11:00 local: 10:00Z in London (before: refused), 11:00Z in UTC.
EVENTS = (
    "event_id,client_id,device_id,check_name,severity,started_at,resolved_at\n"
    "E1,C001,D1,ping,critical,2024-07-01T10:30:00Z,2024-07-01 11:00\n"
    "E2,C001,D1,ping,critical,2024-07-01T10:30:00Z,2024-07-01 11:45\n"
)
LONDON_VERDICT = [
    (2, "resolved_at: before started_at ('2024-07-01 11:00' < '2024-07-01T10:30:00Z')")
]


def _ingest(landing, con, week: int):
    return ingest(landing, con, loaded_at=START + timedelta(weeks=week))


def test_a_quarantined_client_row_keeps_the_zone_of_its_last_good_load(tmp_path):
    generic = tmp_path / "landing" / "generic"
    generic.mkdir(parents=True)
    (generic / "clients.csv").write_text(CLIENTS)
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        _ingest(tmp_path / "landing", con, 1)
        # A re-export whose C001 row is refused, and an events file read against it.
        (generic / "clients_update.csv").write_text(CLIENTS_BAD_ROW)
        (generic / "monitoring_events.csv").write_text(EVENTS)
        summary = _ingest(tmp_path / "landing", con, 2)
        assert rows(con, "select line_number, reason from raw.quarantine order by 2") == [
            *LONDON_VERDICT,
            (2, "seats: not an integer: 'many'"),
        ]
        assert rows(con, "select event_id from raw.monitoring_events") == [("E2",)]
        assert [f.message for f in summary.files if f.entity == "monitoring_events"] == [""]


def test_a_table_read_again_keeps_the_zones_remembered_before(tmp_path):
    """clients.csv replaced by a version whose row is refused: raw.clients is read again and
    emptied of C001, yet the events are read in London time, remembered from before."""
    generic = tmp_path / "landing" / "generic"
    generic.mkdir(parents=True)
    (generic / "clients.csv").write_text(CLIENTS)
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        _ingest(tmp_path / "landing", con, 1)
        (generic / "clients.csv").write_text(CLIENTS_BAD_ROW)
        (generic / "monitoring_events.csv").write_text(EVENTS)
        summary = _ingest(tmp_path / "landing", con, 2)
        assert list(summary.reread) == ["clients"]
        assert rows(con, "select count(*) from raw.clients") == [(0,)]
        assert (
            rows(
                con,
                "select line_number, reason from raw.quarantine where entity = 'monitoring_events'",
            )
            == LONDON_VERDICT
        )
        assert rows(con, "select event_id from raw.monitoring_events") == [("E2",)]


def test_a_client_never_loaded_is_read_in_utc_and_the_file_says_so(tmp_path):
    generic = tmp_path / "landing" / "generic"
    generic.mkdir(parents=True)
    (generic / "clients.csv").write_text(CLIENTS_BAD_ROW)
    (generic / "monitoring_events.csv").write_text(EVENTS)
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        summary = _ingest(tmp_path / "landing", con, 1)
        # In UTC both events resolve after they start: both load.
        assert rows(con, "select event_id from raw.monitoring_events order by 1") == [
            ("E1",), ("E2",),
        ]  # fmt: skip
        assert [f.message for f in summary.files if f.entity == "monitoring_events"] == [
            "generic/monitoring_events.csv: local times read as UTC: client C001 is unknown"
            " (in no clients file or client map): 2 rows (first at line 2)"
        ]
        read, loaded, quarantined = rows(
            con,
            "select sum(rows_read), sum(rows_loaded), sum(rows_quarantined) from raw.ingested_files",
        )[0]
        assert (read, loaded, quarantined) == (3, 2, 1)
