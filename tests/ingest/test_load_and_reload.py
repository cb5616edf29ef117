"""A clean landing dir, loaded once, twice, and then with a corrected re-export."""

from __future__ import annotations

import shutil
from datetime import datetime
from decimal import Decimal

import duckdb
import pytest

from pipelines.ingest import ingest, ingest_landing
from pipelines.ingest.generic.entities import ENTITIES
from tests.ingest.helpers import DATA, rows

pytestmark = pytest.mark.unit

RAW_TABLES = [e.name for e in ENTITIES]


def snapshot(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    return {
        t: rows(con, f"select * from raw.{t} order by all") for t in [*RAW_TABLES, "quarantine"]
    }  # noqa: S608


def test_empty_landing_creates_every_raw_table(tmp_path):
    summary = ingest_landing(tmp_path / "nothing_here", tmp_path / "w.duckdb")
    assert summary.files == []
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        tables = {
            t
            for (t,) in rows(
                con, "select table_name from duckdb_tables() where schema_name = 'raw'"
            )
        }
        assert tables >= {*RAW_TABLES, "ingested_files", "quarantine"}
        assert rows(con, "select column_name, data_type from duckdb_columns() where table_name = 'clients'"
                    " and schema_name = 'raw' order by column_index") == [
            ("client_id", "VARCHAR"), ("client_name", "VARCHAR"), ("industry", "VARCHAR"),
            ("seats", "INTEGER"), ("timezone", "VARCHAR"), ("downtime_cost_per_hour", "DECIMAL(18,2)"),
            ("report_recipients", "VARCHAR"), ("_source_file", "VARCHAR"), ("_source_line", "BIGINT"),
            ("_loaded_at", "TIMESTAMP"), ("_extra", "JSON"),
        ]  # fmt: skip


def test_good_portfolio_loads_every_entity_with_types(tmp_path):
    at = datetime(2024, 4, 1, 6, 0)
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        summary = ingest(DATA / "good", con, loaded_at=at)
        assert [(f.entity, f.status, f.rows_loaded) for f in summary.files] == [
            ("clients", "loaded", 2), ("technicians", "loaded", 2), ("devices", "loaded", 3),
            ("agreements", "loaded", 2), ("sla_targets", "loaded", 2),
            ("monitoring_events", "loaded", 3), ("tickets", "loaded", 3),
            ("time_entries", "loaded", 3), ("invoice_lines", "loaded", 3),
        ]  # fmt: skip
        assert rows(con, "select * from raw.clients order by client_id") == [
            ("C001", "Harbour Dental", "healthcare", 25, "Europe/London", Decimal("250.00"),
             "ops@harbour.example;boss@harbour.example", "generic/clients.csv", 2, at, None),
            ("C002", "Northwind Logistics", "logistics", 120, "America/New_York", None, None,
             "generic/clients.csv", 3, at, None),
        ]  # fmt: skip
        assert rows(con, "select device_id, is_critical, retired_at::varchar from raw.devices order by 1") == [
            ("D001", None, None), ("D002", False, None), ("D003", True, "2024-12-31"),
        ]  # fmt: skip
        assert rows(
            con,
            "select event_id, started_at, resolved_at, in_maintenance from raw.monitoring_events order by 1",
        ) == [
            ("E001", "2024-03-04 09:00:00+00:00", "2024-03-04 10:30:00+00:00", False),
            ("E002", "2024-03-05 14:00:00", "2024-03-05 14:20:00", None),
            ("E003", "2024-03-06 08:00:00-05:00", None, False),
        ]
        assert rows(con, "select ticket_id, ticket_type, summary from raw.tickets order by 1") == [
            ("K001", "incident", "Server down, disk failure"),
            ("K002", "request", "Password reset"),
            ("K003", None, "WAN outage"),
        ]
        assert rows(
            con, "select sum(hours), count(*) filter (where billable) from raw.time_entries"
        ) == [(3.75, 1)]
        assert rows(
            con, "select sum(amount), sum(quantity * unit_cost) from raw.invoice_lines"
        ) == [(Decimal("2000.00"), 85.0)]
        assert rows(con, "select agreement_id, emergency_rate_multiplier, covered_device_types"
                    " from raw.agreements order by 1") == [("A001", None, None), ("A002", 2.0, "server|firewall")]  # fmt: skip
        assert "9 file(s) loaded, 0 rejected, 0 skipped" in summary.format()
        assert "raw.tickets: 3 loaded, 0 quarantined (3 read from 1 file(s))" in str(summary)


def test_loading_twice_gives_identical_raw_tables(tmp_path):
    landing = tmp_path / "landing"
    shutil.copytree(DATA / "good", landing)
    shutil.copy(
        DATA / "broken" / "duplicate_keys_within_file" / "generic" / "clients.csv",
        landing / "generic" / "clients_dups.csv",
    )
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        first = ingest(landing, con, loaded_at=datetime(2024, 4, 1))
        before = snapshot(con)
        second = ingest(landing, con, loaded_at=datetime(2024, 4, 8))
        assert snapshot(con) == before
        assert len(first.loaded) == 10 and first.rows_quarantined == 4
        assert [f.status for f in second.files] == ["skipped"] * 10
        assert second.rows_loaded == 0 and second.rows_quarantined == 0
        # Every build records every file.
        assert rows(
            con, "select status, count(*) from raw.ingested_files group by 1 order by 1"
        ) == [("loaded", 10), ("skipped", 10)]


def test_corrected_re_export_in_a_later_build_replaces_rows(tmp_path):
    landing = tmp_path / "landing"
    shutil.copytree(DATA / "good", landing)
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        ingest(landing, con, loaded_at=datetime(2024, 4, 1))
        # The correction sorts *before* the original by name: a later build still wins.
        (landing / "generic" / "clients_0_fix.csv").write_text(
            "client_id,client_name,seats\nC002,Northwind Logistics Ltd,130\n"
        )
        (landing / "generic" / "tickets_fix.csv").write_text(
            "ticket_id,client_id,created_at,resolved_at,priority\n"
            "K003,C002,2024-03-06T13:10:00Z,2024-03-06T15:00:00Z,P2\n"
        )
        summary = ingest(landing, con, loaded_at=datetime(2024, 4, 8))
        assert [(f.file_path, f.status) for f in summary.loaded] == [
            ("generic/clients_0_fix.csv", "loaded"), ("generic/tickets_fix.csv", "loaded"),
        ]  # fmt: skip
        assert rows(
            con,
            "select client_id, client_name, seats, timezone, _source_file from raw.clients order by 1",
        ) == [
            ("C001", "Harbour Dental", 25, "Europe/London", "generic/clients.csv"),
            # A re-export replaces the whole row: columns it lacks are now empty.
            ("C002", "Northwind Logistics Ltd", 130, None, "generic/clients_0_fix.csv"),
        ]
        assert rows(con, "select ticket_id, resolved_at from raw.tickets order by 1") == [
            ("K001", "2024-03-04 10:40:00+00:00"), ("K002", None), ("K003", "2024-03-06 15:00:00+00:00"),
        ]  # fmt: skip


def test_generic_times_beside_a_vendor_psa_are_read_in_the_client_map_zone(tmp_path):
    """No clients.csv: the client is defined by a PSA's client_map.csv, which loads first.

    09:00 naive New York time is 14:00 UTC, so a recovery at 13:30Z is after the start only
    in the wrong zone (UTC): read in the map's zone it is before it and is quarantined; the
    other event, resolved at 14:30Z, loads. Europe/Nowhere in the map is no zone: UTC.
    """
    landing = tmp_path / "landing"
    (landing / "connectwise").mkdir(parents=True)
    (landing / "generic").mkdir()
    (landing / "connectwise" / "client_map.csv").write_text(
        "company_id,client_id,timezone\n250,C1,america/new_york\n251,C2,Europe/Nowhere\n"
    )
    (landing / "generic" / "monitoring_events.csv").write_text(
        "event_id,client_id,device_id,check_name,severity,started_at,resolved_at\n"
        "E1,C1,D1,ping,critical,2025-01-06 09:00:00,2025-01-06T13:30:00Z\n"
        "E2,C1,D1,ping,critical,2025-01-06 09:00:00,2025-01-06T14:30:00Z\n"
        "E3,C2,D2,ping,critical,2025-01-06 09:00:00,2025-01-06T09:30:00Z\n"
    )
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        summary = ingest(landing, con)
        # Generic files come first in discovery; the client map still loads before them.
        assert [f.file_path for f in summary.files] == [
            "connectwise/client_map.csv",
            "generic/monitoring_events.csv",
        ]
        assert rows(con, "select event_id from raw.monitoring_events order by 1") == [
            ("E2",),
            ("E3",),
        ]
        assert rows(con, "select line_number, reason from raw.quarantine") == [
            (2, "resolved_at: before started_at ('2025-01-06T13:30:00Z' < '2025-01-06 09:00:00')")
        ]
