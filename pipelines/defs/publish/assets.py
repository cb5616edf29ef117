"""The publish asset: readers' copy of the warehouse and the dbt docs site, after the marts."""

from datetime import datetime

import dagster as dg

from pipelines.build_plan import PLAN_TAG, PLANNED_AFTER_TAG, rebuilt_raw_tables
from pipelines.build_state import (
    code_fingerprint,
    record_built,
    stale_plan_reason,
    started_code,
    state_after_build,
)
from pipelines.defs.quality.checks import guarded_asset_keys
from pipelines.publish import generate_dbt_docs, publish_warehouse
from pipelines.resources import MspSettings
from pipelines.settings import dbt_docs_enabled

# docs/design.md section 4, plus the transitions mart the dashboard reads.
PUBLISHED_MARTS = (
    "dim_clients",
    "dim_devices",
    "fct_tickets",
    "fct_outages",
    "fct_client_downtime_monthly",
    "fct_client_faults_monthly",
    "fct_client_sla_monthly",
    "fct_client_margin_monthly",
    "fct_support_model_monthly",
    "fct_client_health_weekly",
    "fct_support_model_transitions",
)


class PublishConfig(dg.Config):
    # The docs site is rebuilt when the dbt project or the warehouse's columns change; this forces it.
    rebuild_docs: bool = False


@dg.asset(
    key=["publish", "published_warehouse"],
    group_name="publish",
    # Every guarded table, raw row accounting included: a failed blocking check on any of them
    # stops publish (Dagster blocks only what is downstream of the checked asset).
    deps=sorted(
        {dg.AssetKey(["marts", name]) for name in PUBLISHED_MARTS} | set(guarded_asset_keys()),
        key=lambda key: key.to_user_string(),
    ),
    kinds={"duckdb"},
    description="Read-only copy of the warehouse for the dashboard, analysts and notebooks, "
    "replaced atomically after the marts pass their checks; plus the dbt docs site.",
)
def published_warehouse(
    context: dg.AssetExecutionContext, config: PublishConfig, msp: MspSettings
) -> dg.MaterializeResult:
    settings = msp.settings()
    run_id = context.run.run_id
    # What this run rebuilt follows from what it ran (the CLI's or the schedule's plan, or a
    # selection in the UI); None when the whole job ran. An in-process run records no
    # selection: then its job's own assets are what it ran.
    whole_job = not context.run.asset_selection and context.job_def.name == "msp_build"
    ran = context.run.asset_selection or context.job_def.asset_layer.selected_asset_keys
    rebuilt = None if whole_job else rebuilt_raw_tables(_code_location_graph(context), ran)
    # Every blocking check upstream has passed: record what the marts are now built from.
    with msp.connect() as con:
        if rebuilt is not None:
            planned_after = context.run.tags.get(PLANNED_AFTER_TAG)
            reason = stale_plan_reason(
                con, run_id, datetime.fromisoformat(planned_after) if planned_after else None
            )
            if reason:
                raise dg.Failure(description=reason)
        # The code as ingest saw it when this run started.
        code = started_code(con, run_id) or code_fingerprint()
        state = state_after_build(con, code, msp.as_of, rebuilt)
        plan = context.run.tags.get(PLAN_TAG) or ("whole job" if whole_job else "selected assets")
        record_built(con, run_id, state, plan)
    published = publish_warehouse(settings.warehouse, settings.published_warehouse)
    context.log.info(
        f"published {published.size_bytes / 1e6:.1f} MB ({published.tables} tables) "
        f"to {published.path} in {published.seconds:.2f} s"
    )
    metadata = {
        "path": dg.MetadataValue.path(str(published.path)),
        "size_bytes": published.size_bytes,
        "size_mb": round(published.size_bytes / 1e6, 1),
        "tables": published.tables,
        "seconds": round(published.seconds, 2),
    }
    if not dbt_docs_enabled():
        context.log.info("dbt docs site skipped (MSP_DBT_DOCS=off)")
        return dg.MaterializeResult(metadata=metadata)
    # After the swap: readers get fresh data even if the docs site fails to build.
    docs = generate_dbt_docs(settings, force=config.rebuild_docs)
    context.log.info(
        f"dbt docs {'generated' if docs.generated else 'unchanged'} at {docs.path} ({docs.seconds:.1f} s)"
    )
    return dg.MaterializeResult(
        metadata={
            **metadata,
            "docs": dg.MetadataValue.path(str(docs.path)),
            "docs_generated": docs.generated,
            "docs_seconds": round(docs.seconds, 2),
        }
    )


def _code_location_graph(context: dg.AssetExecutionContext):
    """The whole asset graph: a subset job's own graph holds only what it selected."""
    try:
        return context.repository_def.asset_graph  # runs launched by the UI or the daemon
    except Exception:  # noqa: BLE001 - Dagster's invariant error: no repository in-process
        from pipelines.definitions import defs  # `msp-insights build`, tests: already loaded

        return defs.resolve_asset_graph()
