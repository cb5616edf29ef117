"""Dagster wrapper of pipelines.ingest: landing files (external) -> raw tables, in one step.

One multi-asset writes every raw table of every source system: DuckDB has one writer, and
loading clients before the rest matters (time zones), so the tables are not separate steps.
"""

import hashlib
import warnings
from datetime import UTC, datetime

import dagster as dg

from pipelines.build_state import code_fingerprint, record_started
from pipelines.ingest import IngestSummary, RawTable, all_sources, ingest
from pipelines.ingest.landing import scan
from pipelines.ingest.summary import EntityTotals
from pipelines.resources import MspSettings

GROUP = "ingest"
BOOKKEEPING = ("ingested_files", "quarantine")


def _source_tables() -> list[tuple[str, RawTable]]:
    return [(source.name, table) for source in all_sources() for table in source.raw_tables()]


def _entity(source: str, table: RawTable) -> str:
    """raw.tickets -> tickets; raw.connectwise__tickets -> tickets."""
    return table.name.removeprefix(f"{source}__")


def landing_specs() -> list[dg.AssetSpec]:
    """The export files an MSP drops in landing/<source>/: produced outside Dagster."""
    return [
        dg.AssetSpec(
            ["landing", source, _entity(source, table)],
            group_name="landing",
            description=f"Files landing/{source}/{_entity(source, table)}*.",
            kinds={"csv"} if source == "generic" else {"file"},
        )
        for source, table in _source_tables()
    ]


def _observe_landing_files(context: dg.AssetExecutionContext, msp: MspSettings):
    """Observe the landing folder: each entity's data version is a hash of its files' names and
    bytes. In the Dagster UI a raw table whose files changed since it was loaded shows as stale
    (its upstream data version moved), before any build has run."""
    landing_dir = msp.settings().landing_dir
    wanted = context.selected_asset_keys
    for source in all_sources():
        digests: dict[str, list[str]] = {}
        for file in source.discover(landing_dir):
            if file.entity:
                digests.setdefault(file.entity, []).append(
                    f"{file.path.relative_to(landing_dir)}:{scan(file.path).sha256}"
                )
        for table in source.raw_tables():
            key = dg.AssetKey(["landing", source.name, _entity(source.name, table)])
            if key in wanted:
                files = sorted(digests.get(key.path[-1], []))
                version = hashlib.sha256("\n".join(files).encode()).hexdigest()[:16]
                yield dg.ObserveResult(
                    asset_key=key, data_version=dg.DataVersion(version), metadata={"files": len(files)}
                )


with warnings.catch_warnings():  # stock since Dagster 1.7, still marked beta
    warnings.simplefilter("ignore", dg.BetaWarning)
    landing_files = dg.multi_observable_source_asset(
        name="landing_files", specs=landing_specs(), can_subset=True
    )(_observe_landing_files)


def raw_specs() -> list[dg.AssetSpec]:
    specs = [
        dg.AssetSpec(
            ["raw", table.name],
            deps=[["landing", source, _entity(source, table)]],
            group_name=GROUP,
            description=f"raw.{table.name}: landed rows, typed, one per natural key"
            f" ({', '.join(table.key)}), with lineage columns.",
            kinds={"duckdb"},
        )
        for source, table in _source_tables()
    ]
    specs += [
        dg.AssetSpec(
            ["raw", name],
            group_name=GROUP,
            description=f"raw.{name}: ingest bookkeeping (every file / every refused row).",
            kinds={"duckdb"},
        )
        for name in BOOKKEEPING
    ]
    return specs


class IngestConfig(dg.Config):
    # Read every raw table again from the landing files (`msp-insights build --full`).
    full: bool = False


def _as_of(text: str) -> datetime | None:
    """The run's --as-of as naive UTC; None when taken from the data (or unreadable here:
    dbt reports an unreadable as-of, ingest then bounds timestamps by now)."""
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00")) if text else None
    except ValueError:
        return None
    if moment is not None and moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


@dg.multi_asset(name="ingest_landing_files", specs=raw_specs(), pool="warehouse")
def ingest_landing_files(context: dg.AssetExecutionContext, config: IngestConfig, msp: MspSettings):
    """Read, check and load every landing file; refused rows go to raw.quarantine."""
    settings = msp.settings()
    with msp.connect() as con:
        # From here on this run may change the warehouse: the next plan must know (build_state).
        record_started(con, context.run.run_id, code_fingerprint(), msp.as_of)
        summary = ingest(settings.landing_dir, con, full=config.full, as_of=_as_of(msp.as_of))
        # Exact counts (names from the registry, quoted): estimated_size drifts after deletes.
        row_counts = {
            name: con.execute(f'select count(*) from raw."{name}"').fetchall()[0][0]  # noqa: S608
            for name in [spec.key.path[-1] for spec in raw_specs()]
        }
        top_reasons = con.execute(
            """
            select entity, regexp_extract(reason, '^[^;(''=]*') as problem, count(*) as n_rows
            from raw.quarantine
            group by all
            order by n_rows desc
            limit 10
            """
        ).fetchall()
    context.log.info(summary.format())
    for rejected in summary.rejected:
        context.log.warning(f"rejected file {rejected.message}")
    # Asked for (--full): said; found necessary (a replaced or removed file): a warning.
    log = context.log.info if config.full else context.log.warning
    for line in summary.reread_lines():
        log(line)
    yield from _results(summary, row_counts, top_reasons)


def _results(summary: IngestSummary, row_counts: dict, top_reasons: list) -> list:
    totals = summary.by_table()
    results = []
    for spec in raw_specs():
        name = spec.key.path[-1]
        if name in BOOKKEEPING:
            continue
        t = totals.get(name, EntityTotals())
        results.append(
            dg.MaterializeResult(
                asset_key=spec.key,
                metadata={
                    "dagster/row_count": dg.MetadataValue.int(int(row_counts.get(name, 0))),
                    "files_loaded": t.files,
                    "rows_read": t.rows_read,
                    "rows_loaded": t.rows_loaded,
                    "rows_quarantined": t.rows_quarantined,
                },
            )
        )
    rejected = "\n".join(f"- {f.message}" for f in summary.rejected) or "none"
    results.append(
        dg.MaterializeResult(
            asset_key=["raw", "ingested_files"],
            metadata={
                "files_loaded": len(summary.loaded),
                "files_rejected": len(summary.rejected),
                "files_skipped": len(summary.skipped),
                "tables_read_again": dg.MetadataValue.md(
                    "\n".join(f"- {line}" for line in summary.reread_lines()) or "none"
                ),
                "rejected_files": dg.MetadataValue.md(rejected),
            },
        )
    )
    reasons = "\n".join(f"| {e} | {p} | {n} |" for e, p, n in top_reasons)
    results.append(
        dg.MaterializeResult(
            asset_key=["raw", "quarantine"],
            metadata={
                "rows_quarantined_this_run": summary.rows_quarantined,
                "dagster/row_count": dg.MetadataValue.int(int(row_counts.get("quarantine", 0))),
                "top_reasons": dg.MetadataValue.md(
                    "| entity | problem | rows |\n|---|---|---|\n" + reasons
                ),
            },
        )
    )
    return results
