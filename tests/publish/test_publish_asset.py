"""The Dagster publish asset: after the marts, publishes the copy and dbt's docs site."""

from __future__ import annotations

import json
import shutil

import dagster as dg
import duckdb
import pytest

from pipelines.defs.publish import defs
from pipelines.defs.publish.assets import published_warehouse
from pipelines.resources import MspSettings
from tests.publish.helpers import total_revenue


@pytest.mark.unit
def test_asset_key_group_and_lineage():
    spec = next(iter(published_warehouse.specs))
    assert spec.key == dg.AssetKey(["publish", "published_warehouse"])
    assert spec.group_name == "publish"
    deps = {dep.asset_key for dep in spec.deps}
    assert dg.AssetKey(["marts", "fct_support_model_transitions"]) in deps
    assert dg.AssetKey(["marts", "fct_client_health_weekly"]) in deps
    # The 11 published marts, and raw row accounting: a failed check on it must stop publish too.
    assert dg.AssetKey(["raw", "ingested_files"]) in deps
    assert len(deps) == 12
    assert defs.assets == [published_warehouse]


@pytest.mark.build
def test_materialize_publishes_the_warehouse_and_the_docs_site(sample_build, tmp_path):
    shutil.copyfile(sample_build, tmp_path / "warehouse.duckdb")
    msp = MspSettings(data_dir=str(tmp_path))

    result = dg.materialize([published_warehouse], resources={"msp": msp})

    assert result.success
    settings = msp.settings()
    assert total_revenue(settings.published_warehouse) == total_revenue(sample_build)
    (event,) = result.get_asset_materialization_events()
    metadata = event.materialization.metadata
    assert metadata["path"].value == str(settings.published_warehouse)
    assert metadata["size_bytes"].value == settings.published_warehouse.stat().st_size
    # The sample's 8 tables, and quality.build_runs, written before the copy so readers see
    # when the data was refreshed. A run of selected assets is taken to have rebuilt nothing.
    assert metadata["tables"].value == 9
    assert metadata["seconds"].value >= 0
    with duckdb.connect(str(settings.published_warehouse), read_only=True) as con:
        (row,) = con.execute(
            "select run_id, plan, raw_fingerprints from quality.build_runs where status = 'passed'"
        ).fetchall()
    assert row[0] == result.run_id and row[1] == "selected assets"
    assert json.loads(row[2]) == {}  # the sample has no raw tables

    # dbt's docs site, with the catalog read from the warehouse: the marts' real columns.
    assert (settings.docs_dir / "static_index.html").stat().st_size > 100_000
    catalog = json.loads((settings.docs_dir / "catalog.json").read_text())
    clients = catalog["nodes"]["model.msp_insights.dim_clients"]
    assert "client_name" in clients["columns"]
    assert not list(settings.data_dir.glob(".dbt-docs-*")), "dbt's scratch dir was left behind"
    assert metadata["docs_generated"].value is True

    # Same project, same columns: the next publish keeps the docs instead of running dbt again.
    again = dg.materialize([published_warehouse], resources={"msp": msp})
    (event,) = again.get_asset_materialization_events()
    assert event.materialization.metadata["docs_generated"].value is False
    assert event.materialization.metadata["docs_seconds"].value < 5
