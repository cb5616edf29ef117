"""Every dbt model, seed and test as Dagster assets and asset checks, built by one `dbt build`."""


import json
import os

import dagster as dg
from dagster_dbt import DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets

from pipelines.defs.transform.manifest import ensure_manifest
from pipelines.defs.transform.project import dbt_project
from pipelines.defs.transform.translator import MspDbtTranslator
from pipelines.resources import MspSettings

ensure_manifest()


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=MspDbtTranslator(
        settings=DagsterDbtTranslatorSettings(enable_asset_checks=True)
    ),
    # DuckDB has one writer per file: never overlap with other warehouse-writing steps.
    pool="warehouse",
)
def msp_dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, msp: MspSettings):
    settings = msp.settings()
    # dbt's profile reads the same variable as the Dagster resource.
    os.environ["MSP_WAREHOUSE"] = str(settings.warehouse)
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    # Unit tests prove the SQL, not the data: the test suite runs them, not every build.
    args = ["build", "--exclude-resource-type", "unit_test"]
    if msp.as_of:
        args += ["--vars", json.dumps({"as_of": msp.as_of})]
    yield from dbt.cli(args, context=context).stream()
