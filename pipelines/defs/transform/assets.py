"""Every dbt model, seed and test as Dagster assets and asset checks, built by one `dbt build`."""

import os

import dagster as dg
from dagster_dbt import DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets

from pipelines.dbt_parse_state import dbt_vars, invocation_target, keep
from pipelines.defs.transform.project import dbt_project
from pipelines.defs.transform.translator import MspDbtTranslator
from pipelines.quality.gx_validation import warm_up_in_background
from pipelines.resources import MspSettings


class DbtBuildConfig(dg.Config):
    # `msp-insights build --full`: incremental facts are rebuilt from raw too, so a row that
    # left raw (a re-read after a poisoned file was replaced) leaves the facts as well.
    full_refresh: bool = False


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=MspDbtTranslator(
        settings=DagsterDbtTranslatorSettings(enable_asset_checks=True)
    ),
    # DuckDB has one writer per file: never overlap with other warehouse-writing steps.
    pool="warehouse",
)
def msp_dbt_models(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, msp: MspSettings, config: DbtBuildConfig
):
    settings = msp.settings()
    # dbt's profile reads the same variable as the Dagster resource.
    os.environ["MSP_WAREHOUSE"] = str(settings.warehouse)
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    # Unit tests prove the SQL, not the data: the test suite runs them, not every build.
    args = ["build", "--exclude-resource-type", "unit_test"]
    args += dbt_vars(msp.as_of or None)
    if config.full_refresh:
        args.append("--full-refresh")
    # Artifacts and logs go under the data folder, never into the code tree (which may be
    # read-only); housekeeping prunes old invocations' folders.
    target = invocation_target(settings.dbt_target_dir, context.run.run_id)
    invocation = dbt.cli(args, context=context, target_path=target)
    # dbt now runs in its subprocess, and this process only relays its events: import Great
    # Expectations for the checks meanwhile (seconds), not after dbt. Not before dbt.cli:
    # dagster-dbt's adapter set-up there walks every loaded module, and GX loads thousands.
    warm_up_in_background()
    yield from invocation.stream()
    keep(invocation.target_path, settings.dbt_target_dir)
