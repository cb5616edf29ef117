"""The plug-in contract for vendor adapters: a small JSON source using the shared machinery."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from pipelines.ingest import FileRejected, LandingFile, RawTable, ingest
from pipelines.ingest.generic.source import GenericSource
from tests.ingest.helpers import rows

pytestmark = pytest.mark.unit

TICKETS = RawTable("acme__tickets", (("id", "varchar"), ("record", "json")), ("id",))


class AcmeJsonSource:
    """A vendor-style source: landing/acme/tickets*.json, one array of objects per file."""

    name = "acme"

    def raw_tables(self):
        return [TICKETS]

    def discover(self, landing_dir: Path) -> list[LandingFile]:
        folder = landing_dir / self.name
        return [
            LandingFile(p, p.relative_to(landing_dir).as_posix(), self.name, "tickets")
            for p in sorted(folder.glob("*.json"))
        ]

    def stage(self, con: duckdb.DuckDBPyConnection, file: LandingFile, text_path: Path):
        try:
            con.execute(
                "create or replace temp table _acme as select unnest(j::json[]) as record"
                " from read_json(?, format = 'unstructured', records = false, columns = {j: 'json'})",
                [str(text_path)],
            )
        except duckdb.Error as exc:
            raise FileRejected(f"not a JSON array ({type(exc).__name__})") from exc
        con.execute(
            """
            create or replace temp table _acme_staged as
            select
                record->>'id' as id,
                record,
                row_number() over () as _source_line,
                null::json as _extra,
                case when record->>'id' is null then 'id: required value missing' end as _reason,
                record as _record,
            from _acme
            """
        )
        return TICKETS, "_acme_staged"


class BrokenStagingSource(AcmeJsonSource):
    """Stages rows without `_record`: the load fails inside the file's transaction."""

    def stage(self, con, file, text_path):
        con.execute("create or replace temp table _bad as select 'X1' as id, '{}'::json as record,"
                    " 2::bigint as _source_line, null::json as _extra, null::varchar as _reason")  # fmt: skip
        return TICKETS, "_bad"


def write_json(path: Path, records: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(records))


def test_vendor_source_gets_upsert_quarantine_and_file_registry(tmp_path):
    landing = tmp_path / "landing"
    write_json(landing / "acme" / "tickets_1.json", [{"id": "T1", "v": 1}, {"id": "T2"}, {"v": 3}, {"id": "T1", "v": 4}])  # fmt: skip
    write_json(landing / "acme" / "tickets_2.json", [{"id": "T2", "v": 5}])
    (landing / "acme" / "tickets_3.json").write_text("this is not json")
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        summary = ingest(landing, con, sources=[GenericSource(), AcmeJsonSource()])
        assert rows(
            con,
            "select id, record->>'v', _source_file, _source_line from raw.acme__tickets order by 1",
        ) == [
            ("T1", "4", "acme/tickets_1.json", 4),
            ("T2", "5", "acme/tickets_2.json", 1),
        ]
        assert rows(
            con, "select entity, line_number, reason, record->>'v' from raw.quarantine order by 2"
        ) == [
            ("acme__tickets", 1, "duplicate key id=T1 superseded by line 4", "1"),
            ("acme__tickets", 3, "id: required value missing", "3"),
        ]
        assert [
            (f.file_path, f.status, f.rows_read, f.rows_loaded, f.rows_quarantined)
            for f in summary.files
        ] == [
            ("acme/tickets_1.json", "loaded", 4, 2, 2),
            ("acme/tickets_2.json", "loaded", 1, 1, 0),
            ("acme/tickets_3.json", "rejected", 0, 0, 0),
        ]
        assert (
            summary.rejected[0].message
            == "acme/tickets_3.json: not a JSON array (InvalidInputException)"
        )
        assert (
            "raw.acme__tickets: 3 loaded, 2 quarantined (5 read from 2 file(s))" in summary.format()
        )


def test_a_failing_load_leaves_nothing_of_the_file(tmp_path):
    landing = tmp_path / "landing"
    write_json(landing / "acme" / "tickets_1.json", [{"id": "T1"}])
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        ingest(landing, con, sources=[AcmeJsonSource()])
        write_json(landing / "acme" / "tickets_2.json", [{"id": "X1"}])
        with pytest.raises(duckdb.Error):
            ingest(landing, con, sources=[BrokenStagingSource()])
        assert rows(con, "select id from raw.acme__tickets") == [("T1",)]
        assert rows(con, "select file_path, status from raw.ingested_files order by all") == [
            ("acme/tickets_1.json", "loaded"),
            ("acme/tickets_1.json", "skipped"),
        ]
        assert rows(con, "select count(*) from raw.quarantine") == [(0,)]
