"""Which assets a build must run: everything downstream of what changed, and nothing else.

A weekly export touches a few raw tables (monitoring events, tickets, time entries); the
rest of the warehouse (clients, agreements, every vendor's staging) is as the last build
left it. Before the job starts, the plan compares the landing files and the warehouse with
what `quality.build_runs` records (`pipelines.build_state`):

- a landing file whose bytes were never loaded will change its raw table (like ingest, a
  file refused before counts as new);
- a raw table whose fingerprint differs from the last passing build's changed since (for
  instance in a build whose checks then failed);
- a change of code or of the as-of time asked for, a failed run since the last good build
  that ran other code or another as-of, a warehouse without a passing build or with a
  model's table missing: everything is rebuilt.

The selection is then ingest (it always runs: it finds and records files) + the assets
downstream of the changed raw tables + the checks of a rebuilt asset, the dbt tests that
read a rebuilt model and the quality suites whose SQL checks read a rebuilt table + the
checks whose verdict moves with the clock (freshness) + publish + reports. docs/ARCHITECTURE.md, "What a build runs", has the rules.

The CLI and the Monday schedule both run the plan's selection of the one `msp_build` job; the
plan travels as the run's tags. Publish reads what a run rebuilt from the run's own asset
selection (`rebuilt_raw_tables`), so a run started in the Dagster UI records it as truly.
This is the thin part the stock mechanisms do not do: Dagster's staleness follows each
materialization, while a build here counts only once its blocking checks have passed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg
import duckdb

from pipelines.build_state import (
    code_fingerprint,
    last_built,
    latest_record,
    raw_fingerprints,
    unfinished_since,
)
from pipelines.dbt_manifest import MANIFEST
from pipelines.defs.quality.checks import quality_check_keys, quality_check_reads
from pipelines.ingest import all_sources
from pipelines.ingest.landing import scan
from pipelines.ingest.reread import planned_rereads
from pipelines.settings import DBT_SCHEMAS, Settings

ALWAYS_RUN = (
    dg.AssetKey(["publish", "published_warehouse"]),
    dg.AssetKey(["reports", "weekly_client_health_reports"]),
)
_INGEST_KEY = dg.AssetKey(["raw", "ingested_files"])
PLAN_TAG = "msp/plan"
PLANNED_AFTER_TAG = "msp/planned_after"


@dataclass(frozen=True)
class BuildPlan:
    everything: bool
    reason: str
    changed_raw_tables: frozenset[str] = field(default_factory=frozenset)
    # ISO time of the latest quality.build_runs row the plan saw: publish refuses a partial
    # run if another run changed the warehouse after it (the schedule runs after its tick).
    planned_after: str = ""

    def describe(self) -> str:
        if self.everything:
            return f"full build ({self.reason})"
        if not self.changed_raw_tables:
            return "nothing changed since the last build: models kept, reports written"
        return "changed since the last build: " + ", ".join(
            f"raw.{t}" for t in sorted(self.changed_raw_tables)
        )

    def run_tags(self) -> dict[str, str]:
        """The run's tags: the plan in words, and the point of reference publish checks against."""
        tags = {PLAN_TAG: self.describe()}
        if self.planned_after:
            tags[PLANNED_AFTER_TAG] = self.planned_after
        return tags

    def selection(self, graph) -> tuple[set[dg.AssetKey], set[dg.AssetCheckKey]]:
        """The plan's assets, and the checks to run with them, in an asset graph
        (`Definitions.resolve_asset_graph()`, or a schedule's `repository_def.asset_graph`)."""
        assets = self.asset_keys(graph)
        # A check runs when its asset or a table it also reads is rebuilt: a relationships test
        # on an unchanged model that reads a rebuilt one (dbt's eager selection runs it anyway),
        # a quality suite whose SQL checks read a rebuilt table (sql_checks.tables_read).
        checks = {
            key
            for key in graph.asset_check_keys
            if key.asset_key in assets
            or assets.intersection(d.asset_key for d in graph.get_check_spec(key).additional_deps)
        }
        checks |= {key for key, reads in quality_check_reads().items()
                   if key in graph.asset_check_keys and assets.intersection(reads)}  # fmt: skip
        # Freshness: stale data must warn (or block publish and reports) with nothing new too.
        checks |= set(quality_check_keys(clock_only=True)) & graph.asset_check_keys
        return assets, checks

    def job_for(self, defs: dg.Definitions, job_name: str) -> dg.JobDefinition:
        """The job, cut down to the plan's selection (the whole job for a full build)."""
        job = defs.resolve_job_def(job_name)
        if self.everything:
            return job
        assets, checks = self.selection(defs.resolve_asset_graph())
        return job.get_subset(asset_selection=assets, asset_check_selection=checks)

    def asset_keys(self, asset_graph) -> set[dg.AssetKey]:
        """The asset keys to run."""
        selection = dg.AssetSelection.assets(_INGEST_KEY).required_multi_asset_neighbors()
        changed = [dg.AssetKey(["raw", t]) for t in self.changed_raw_tables]
        if changed:
            selection |= dg.AssetSelection.assets(*changed).downstream()
        selection |= dg.AssetSelection.assets(*ALWAYS_RUN)
        return set(selection.resolve(asset_graph))


def rebuilt_raw_tables(
    graph, selection: frozenset[dg.AssetKey] | set[dg.AssetKey] | None
) -> frozenset[str] | None:
    """The raw tables whose every downstream model is in a run's asset selection (None: the run
    had no selection, the whole job ran, everything was rebuilt).

    What a run rebuilt follows from what it ran, however it was started: the CLI's or the
    schedule's plan, or a selection in the Dagster UI.
    """
    if selection is None:
        return None
    rebuilt = set()
    for key in graph.materializable_asset_keys:
        if key.path[0] != "raw" or key == _INGEST_KEY:
            continue
        downstream = dg.AssetSelection.assets(key).downstream().resolve(graph)
        if {k for k in downstream if k.path[0] in DBT_SCHEMAS} <= selection:
            rebuilt.add(key.path[-1])
    return frozenset(rebuilt)


def plan_build(settings: Settings, as_of: str | None = None, full: bool = False) -> BuildPlan:
    """Decide what this build must run, reading the landing files and the warehouse."""
    code = code_fingerprint()
    as_of = as_of or ""

    def everything(reason: str) -> BuildPlan:
        return BuildPlan(True, reason)

    if full:
        return everything("asked for")
    if not settings.warehouse.exists():
        return everything("new warehouse")
    # A short read-only look: hashing the landing files happens after, connection closed.
    try:
        with duckdb.connect(str(settings.warehouse), read_only=True) as con:
            built = last_built(con)
            if built is None:
                return everything("no earlier build passed its checks in this warehouse")
            if built.code_fingerprint != code:
                return everything("the code (dbt project, quality suites, pipelines) changed")
            if built.as_of_requested != as_of:
                return everything(f"as-of time {as_of or 'from the data'} "
                                  f"(last build: {built.as_of_requested or 'from the data'})")
            for attempt in unfinished_since(con, built.recorded_at):
                if (attempt.code_fingerprint, attempt.as_of_requested) != (code, as_of):
                    # Its marts, made by other code or for another as-of, may be in the warehouse.
                    return everything(f"run {attempt.run_id[:8]} ran other code or another "
                                      "as-of time since the last good build and did not pass")
            missing = sorted(model_relations() - _relations(con))
            if missing:
                return everything(f"{len(missing)} model tables missing, e.g. {'.'.join(missing[0])}")
            now = raw_fingerprints(con)
            changed = {t for t in now.keys() | built.raw_fingerprints.keys()
                       if now.get(t) != built.raw_fingerprints.get(t)}
            loaded = {sha for (sha,) in con.execute(
                "select distinct sha256 from raw.ingested_files where status = 'loaded'").fetchall()}
            planned_after = latest_record(con)
    except duckdb.Error as error:  # e.g. another process holds the file: the job will say so
        return everything(f"the warehouse could not be read to plan: {str(error).splitlines()[0]}")
    changed |= _tables_of_new_files(settings.landing_dir, loaded)
    changed |= planned_rereads(settings.warehouse, settings.landing_dir)  # a bad row never sticks
    return BuildPlan(False, "incremental", frozenset(changed),
                     planned_after.isoformat() if planned_after else "")


def model_relations() -> set[tuple[str, str]]:
    """(schema, name) of every model and seed in dbt's manifest that the warehouse holds."""
    nodes = json.loads(MANIFEST.read_text())["nodes"].values()
    return {
        (n["schema"], n.get("alias") or n["name"])
        for n in nodes
        if n["resource_type"] in ("model", "seed") and n["config"].get("enabled", True)
        and n["config"].get("materialized") != "ephemeral"
    }


def _relations(con: duckdb.DuckDBPyConnection) -> set[tuple[str, str]]:
    return set(
        con.execute(
            "select schema_name, table_name from duckdb_tables() "
            "union all select schema_name, view_name from duckdb_views() where not internal"
        ).fetchall()
    )


def _tables_of_new_files(landing_dir: Path, loaded: set[str]) -> set[str]:
    """Raw tables that landing files never loaded (by sha256) will load into.

    Like ingest, a file refused before counts as new: ingest tries it again.
    """
    tables: set[str] = set()
    for source in all_sources():
        by_entity = {t.name.removeprefix(f"{source.name}__"): t.name for t in source.raw_tables()}
        for file in source.discover(landing_dir):
            if not file.entity or scan(file.path).sha256 in loaded:
                continue
            # An entity without a table of its own (not expected): rebuild all of the source's.
            tables |= {by_entity[file.entity]} if file.entity in by_entity else set(by_entity.values())
    return tables

