"""The Dagster wrapper, materialised for real on a temp landing dir."""

from __future__ import annotations

import logging
import shutil

import dagster as dg
import duckdb
import pytest

from pipelines.defs.ingest import defs
from pipelines.defs.ingest.assets import ingest_landing_files, landing_specs
from pipelines.resources import MspSettings
from tests.ingest.helpers import DATA, rows


@pytest.mark.build
def test_materialise_ingest_assets(tmp_path):
    landing = tmp_path / "landing"
    shutil.copytree(DATA / "good", landing)
    shutil.copy(DATA / "broken" / "negative_hours" / "generic" / "time_entries.csv",
                landing / "generic" / "time_entries_bad.csv")  # fmt: skip
    shutil.copy(DATA / "broken" / "missing_required_column" / "generic" / "devices.csv",
                landing / "generic" / "devices_old.csv")  # fmt: skip
    msp = MspSettings(data_dir=str(tmp_path / "data"), landing_dir=str(landing),
                      warehouse=str(tmp_path / "data" / "warehouse.duckdb"))  # fmt: skip
    instance = dg.DagsterInstance.ephemeral()
    result = dg.materialize(
        [*landing_specs(), ingest_landing_files], resources={"msp": msp}, instance=instance
    )
    assert result.success

    meta = {
        tuple(e.asset_key.path): e.materialization.metadata
        for e in result.get_asset_materialization_events()
    }
    assert ("raw", "quarantine") in meta and ("raw", "ingested_files") in meta
    times = meta[("raw", "time_entries")]
    assert (times["files_loaded"].value, times["rows_read"].value) == (2, 8)
    assert (times["rows_loaded"].value, times["rows_quarantined"].value) == (5, 3)
    assert times["dagster/row_count"].value == 5
    assert meta[("raw", "clients")]["rows_loaded"].value == 2
    assert meta[("raw", "ingested_files")]["files_rejected"].value == 1
    assert "generic/devices_old.csv: missing required column(s) device_type" in (
        meta[("raw", "ingested_files")]["rejected_files"].value
    )
    assert meta[("raw", "quarantine")]["dagster/row_count"].value == 3

    warnings = [
        e.user_message for e in instance.all_logs(result.run_id) if e.level == logging.WARNING
    ]
    assert any("rejected file generic/devices_old.csv: missing required" in w for w in warnings)

    with duckdb.connect(msp.settings().warehouse, read_only=True) as con:
        assert rows(con, "select count(*) from raw.time_entries") == [(5,)]


@pytest.mark.unit
def test_definitions_expose_landing_and_raw_assets():
    # The lead's definitions.py supplies the shared "msp" resource; here we do.
    full = dg.Definitions.merge(defs, dg.Definitions(resources={"msp": MspSettings()}))
    keys = {tuple(k.path) for k in full.resolve_asset_graph().get_all_asset_keys()}
    assert ("landing", "generic", "clients") in keys
    assert {
        ("raw", "clients"),
        ("raw", "invoice_lines"),
        ("raw", "ingested_files"),
        ("raw", "quarantine"),
    } <= keys
    spec = full.resolve_assets_def(["raw", "tickets"]).specs_by_key[dg.AssetKey(["raw", "tickets"])]
    assert spec.group_name == "ingest"
    assert [d.asset_key for d in spec.deps] == [dg.AssetKey(["landing", "generic", "tickets"])]


@pytest.mark.build
def test_full_config_reads_every_raw_table_again_and_as_of_bounds_the_dates(tmp_path):
    """`msp-insights build --full` passes {"full": true} to this op (pipelines/build.py)."""
    landing = tmp_path / "landing"
    shutil.copytree(DATA / "good", landing)
    (landing / "generic" / "tickets_future.csv").write_text(
        "ticket_id,client_id,created_at,priority\nT9,C001,2031-01-01T00:00:00Z,P1\n"
    )
    msp = MspSettings(data_dir=str(tmp_path / "data"), landing_dir=str(landing),
                      warehouse=str(tmp_path / "data" / "warehouse.duckdb"))  # fmt: skip
    assets = [*landing_specs(), ingest_landing_files]
    first = dg.materialize(assets, resources={"msp": msp})
    ingested = [e for e in first.get_asset_materialization_events()
                if e.asset_key.path == ["raw", "ingested_files"]]  # fmt: skip
    assert ingested[0].materialization.metadata["tables_read_again"].value == "none"
    # An as-of past the ticket's date admits it once the table is read again.
    msp_later = MspSettings(data_dir=msp.data_dir, landing_dir=msp.landing_dir,
                            warehouse=msp.warehouse, as_of="2031-06-30T00:00:00Z")  # fmt: skip
    again = dg.materialize(
        assets,
        resources={"msp": msp_later},
        run_config={"ops": {"ingest_landing_files": {"config": {"full": True}}}},
    )
    meta = {
        tuple(e.asset_key.path): e.materialization.metadata
        for e in again.get_asset_materialization_events()
    }
    read_again = meta[("raw", "ingested_files")]["tables_read_again"].value
    assert read_again.startswith("- read again from the landing files (full re-read asked for):")
    assert "raw.tickets, raw.time_entries" in read_again
    assert meta[("raw", "tickets")]["rows_loaded"].value == 4  # 3 from tickets.csv + T9
    with duckdb.connect(msp.settings().warehouse, read_only=True) as con:
        assert rows(con, "select count(*) from raw.tickets where ticket_id = 'T9'") == [(1,)]
        assert rows(con, "select count(*) from raw.quarantine") == [(0,)]
