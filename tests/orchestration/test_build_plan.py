"""The build plan: what a build must rebuild, from the landing files and the recorded state.

Hand-made warehouses (no dbt run): every model of the manifest exists as an empty table, the
raw tables hold a few rows, and quality.build_runs holds what an earlier build recorded.
"""

from __future__ import annotations

from datetime import datetime

import dagster as dg
import duckdb
import pytest

from pipelines.build_plan import model_relations, plan_build
from pipelines.build_state import (
    BuiltState,
    code_fingerprint,
    last_built,
    raw_fingerprints,
    record_built,
    record_started,
    stale_plan_reason,
    state_after_build,
)
from pipelines.dbt_manifest import ensure_manifest
from pipelines.defs.quality.checks import quality_check_reads
from pipelines.ingest.landing import scan
from pipelines.settings import DBT_SCHEMAS, load_settings

pytestmark = pytest.mark.unit

LOADED_AT = datetime(2026, 11, 30, 6, 0)


def _warehouse(tmp_path, landing_files: dict[str, str]):
    """A data dir whose warehouse looks built: models present, raw loaded from `landing_files`."""
    settings = load_settings(tmp_path / "data", tmp_path / "landing")
    generic = settings.landing_dir / "generic"
    generic.mkdir(parents=True)
    settings.data_dir.mkdir(parents=True)
    with duckdb.connect(str(settings.warehouse)) as con:
        ensure_manifest()  # model_relations reads it
        for schema, name in sorted(model_relations()):
            con.execute(f'create schema if not exists "{schema}"')
            con.execute(f'create table "{schema}"."{name}" (x integer)')
        con.execute("create schema if not exists raw")
        con.execute(
            "create table raw.ingested_files (file_path varchar, source_system varchar, "
            "entity varchar, sha256 varchar, rows_read bigint, rows_loaded bigint, "
            "rows_quarantined bigint, status varchar, message varchar, loaded_at timestamp)"
        )
        for table in ("clients", "tickets", "monitoring_events"):
            con.execute(
                f"create table raw.{table} (id varchar, _source_file varchar, "
                "_source_line bigint, _loaded_at timestamp, _extra json)"
            )
            con.execute(f"insert into raw.{table} values ('a', 'f', 2, ?, null)", [LOADED_AT])
        for name, text in landing_files.items():
            path = generic / name
            path.write_text(text)
            con.execute(
                "insert into raw.ingested_files values (?, 'generic', ?, ?, 1, 1, 0, 'loaded', null, ?)",
                [f"generic/{name}", name.split(".")[0], scan(path).sha256, LOADED_AT],
            )
        record_built(con, "run-1", BuiltState(code_fingerprint(), "", raw_fingerprints(con)), "full")
    return settings


FILES = {"clients.csv": "client_id,client_name\nC1,One\n", "tickets.csv": "ticket_id\nT1\n"}


@pytest.fixture
def built(tmp_path):
    return _warehouse(tmp_path, FILES)


def test_nothing_changed_keeps_every_model_but_checks_freshness(built):
    from pipelines.definitions import defs

    plan = plan_build(built)
    assert not plan.everything
    assert plan.changed_raw_tables == frozenset()
    assert "nothing changed" in plan.describe()
    assets, checks = plan.selection(defs.resolve_asset_graph())
    assert not any(key.path[0] in DBT_SCHEMAS for key in assets)
    # Stale data is a matter of the clock: its check runs on a build with nothing new too.
    health = dg.AssetKey(["marts", "fct_client_health_weekly"])
    assert dg.AssetCheckKey(health, "quality_suite") in checks


def test_a_new_weekly_file_rebuilds_what_reads_its_table(built):
    (built.landing_dir / "generic" / "tickets_week49.csv").write_text("ticket_id\nT2\n")
    plan = plan_build(built)
    assert not plan.everything
    assert plan.changed_raw_tables == {"tickets"}
    # The same bytes under another name are skipped by ingest: nothing to rebuild.
    (built.landing_dir / "generic" / "tickets_week49.csv").write_text("ticket_id\nT1\n")
    assert plan_build(built).changed_raw_tables == frozenset()


def test_a_raw_table_changed_by_a_build_that_failed_its_checks_is_rebuilt(built):
    # An earlier build loaded rows, then its checks failed: it recorded nothing.
    with duckdb.connect(str(built.warehouse)) as con:
        con.execute("insert into raw.monitoring_events values ('b', 'g', 2, ?, null)",
                    [datetime(2026, 11, 30, 7, 0)])
    assert plan_build(built).changed_raw_tables == {"monitoring_events"}


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ("full", "asked for"),
        ("as_of", "as-of time"),
        ("code", "the code (dbt project, quality suites, pipelines) changed"),
        ("missing_model", "model tables missing"),
        ("no_state", "no earlier build"),
        ("new_warehouse", "new warehouse"),
    ],
)
def test_everything_is_rebuilt_when(built, change, reason):
    kwargs = {}
    if change == "full":
        kwargs["full"] = True
    elif change == "as_of":
        kwargs["as_of"] = "2026-11-30T00:00:00Z"
    else:
        with duckdb.connect(str(built.warehouse)) as con:
            if change == "code":
                con.execute("update quality.build_runs set code_fingerprint = 'older code'")
            elif change == "missing_model":
                con.execute("drop table marts.fct_outages")
            elif change == "no_state":
                con.execute("drop table quality.build_runs")
        if change == "new_warehouse":
            built.warehouse.unlink()
    plan = plan_build(built, **kwargs)
    assert plan.everything
    assert reason in plan.reason


def test_recorded_state_keeps_the_old_fingerprint_of_a_table_the_plan_did_not_rebuild(built):
    with duckdb.connect(str(built.warehouse)) as con:
        before = last_built(con).raw_fingerprints
        at = datetime(2026, 12, 1, 6, 0)
        for table in ("tickets", "clients"):
            con.execute(f"insert into raw.{table} values ('c', 'h', 3, ?, null)", [at])
        # The plan foresaw tickets only; clients changed too (say, a file it did not expect).
        state = state_after_build(con, "code", "", frozenset({"tickets"}))
        now = raw_fingerprints(con)
        assert state.raw_fingerprints["tickets"] == now["tickets"] != before["tickets"]
        assert state.raw_fingerprints["clients"] == before["clients"] != now["clients"]
        assert state_after_build(con, "code", "", None).raw_fingerprints == now


def test_the_cut_down_job_runs_ingest_the_changed_lineage_publish_and_reports(built):
    from pipelines.definitions import defs

    (built.landing_dir / "generic" / "tickets_week49.csv").write_text("ticket_id\nT2\n")
    plan = plan_build(built)
    keys = plan.asset_keys(defs.resolve_asset_graph())
    names = {key.to_user_string() for key in keys}
    assert {"raw/tickets", "raw/clients", "raw/ingested_files"} <= names  # ingest is one step
    assert {"intermediate/int_tickets", "marts/fct_tickets", "marts/fct_client_sla_monthly",
            "publish/published_warehouse", "reports/weekly_client_health_reports"} <= names
    # Nothing that reads only unchanged tables: agreements, vendors' staging.
    assert "staging/stg_generic__agreements" not in names
    assert not any(n.startswith("staging/stg_connectwise") for n in names)
    # A suite runs when its table or a table its SQL checks read is rebuilt:
    # dim_devices' (GX only) is left alone; the margin suite's SQL checks read the as-of.
    graph = defs.resolve_asset_graph()
    _, checks = plan.selection(graph)
    assert "marts/dim_devices" not in names
    assert dg.AssetCheckKey(dg.AssetKey(["marts", "dim_devices"]), "quality_suite") not in checks
    margin = dg.AssetCheckKey(dg.AssetKey(["marts", "fct_client_margin_monthly"]), "quality_suite")
    assert margin in checks
    assert dg.AssetKey(["intermediate", "int_as_of"]) in keys
    assert dg.AssetKey(["intermediate", "int_as_of"]) in quality_check_reads()[margin]
    whole = defs.resolve_job_def("msp_build")
    assert plan.job_for(defs, "msp_build") is not whole
    assert plan_build(built, full=True).job_for(defs, "msp_build") is whole
    assert dg.AssetKey(["marts", "fct_tickets"]) in keys


def test_a_failed_run_of_other_code_forces_everything_even_after_a_revert(built):
    # Run 2 ran an edited model and failed its checks; its marts are in the warehouse. The edit
    # is then reverted: the code equals the last good build's again, but the marts do not.
    with duckdb.connect(str(built.warehouse)) as con:
        record_started(con, "run-2", "edited code", "")
    plan = plan_build(built)
    assert plan.everything and "run-2" in plan.reason
    # The same code and as-of as now, failed: only the raw changes matter (none here).
    with duckdb.connect(str(built.warehouse)) as con:
        con.execute("delete from quality.build_runs where run_id = 'run-2'")
        record_started(con, "run-3", code_fingerprint(), "")
    assert not plan_build(built).everything
    # Another as-of time, failed (or killed in dbt): everything again.
    with duckdb.connect(str(built.warehouse)) as con:
        record_started(con, "run-4", code_fingerprint(), "2026-11-01T00:00:00Z")
    assert plan_build(built).everything


def test_a_partial_run_must_not_publish_over_a_run_it_did_not_plan_for(built):
    plan = plan_build(built)  # e.g. the Monday tick, at 06:00
    planned_after = datetime.fromisoformat(plan.planned_after)
    with duckdb.connect(str(built.warehouse)) as con:
        record_started(con, "this-run", code_fingerprint(), "")
        assert stale_plan_reason(con, "this-run", planned_after) is None
        # Before the run, a manual build loaded new files and failed its checks.
        record_started(con, "manual-build", code_fingerprint(), "")
        reason = stale_plan_reason(con, "this-run", planned_after)
        assert reason and "manual-b" in reason and "Nothing was published" in reason
        # Without a plan (a selection in the Dagster UI): measured from the last good build.
        assert stale_plan_reason(con, "this-run", None) == reason
        # Once it passes, it no longer stands in the way.
        record_built(con, "manual-build", last_built(con), "nothing new")
        assert stale_plan_reason(con, "this-run", planned_after) is None
