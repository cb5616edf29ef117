"""Dagster wrapper of pipelines.pull: one dlt multi-asset per vendor API, and the schedule.

The asset keys are `pull/<vendor>/<entity>`; the landing files they write are what the
ingest assets read. The hourly schedule asks only for the sources whose variables are set,
so a pull never fails for a vendor the MSP does not use; one source failing leaves the
others' steps running (the in-process executor carries on with independent steps).
"""


import os

import dagster as dg
from dagster_dlt import DagsterDltTranslator
from dagster_dlt.translator import DltResourceTranslatorData

from pipelines.pull.run import all_source_names, configured_sources, placeholder_source, pull_source
from pipelines.pull.vendors import VENDOR_APIS
from pipelines.resources import MspSettings

GROUP = "pull"
DEFAULT_CRON = "0 * * * *"


def _title(source: str) -> str:
    return VENDOR_APIS[source].title if source in VENDOR_APIS else "Zabbix"


class PullTranslator(DagsterDltTranslator):
    def get_asset_spec(self, data: DltResourceTranslatorData) -> dg.AssetSpec:
        source, entity = data.resource.source_name, data.resource.table_name
        return dg.AssetSpec(
            key=["pull", source, entity],
            group_name=GROUP,
            description=f"{_title(source)} {entity}, pulled from its API into "
            f"landing/{source}/{entity}_pull_*.json.",
            kinds={"dlt", "api"},
        )


def _pull_assets(source: str) -> dg.AssetsDefinition:
    """One multi-asset per source, its specs from dagster-dlt's translator over the source's
    resources. Not `@dlt_assets` itself: it needs a dlt pipeline (folders on disk) when the
    code location loads, and its runner drops pending load packages before a run, which would
    lose records whose cursor dlt saved at extract; `pull_source` resumes them instead."""
    translator = PullTranslator()
    dlt_source = placeholder_source(source)
    specs = [
        translator.get_asset_spec(DltResourceTranslatorData(resource=resource, pipeline=None))
        for resource in dlt_source.selected_resources.values()
    ]

    @dg.multi_asset(name=f"pull_{source}", specs=specs, can_subset=True)
    def _assets(context: dg.AssetExecutionContext, msp: MspSettings):
        settings = msp.settings()
        result = pull_source(source, data_dir=settings.data_dir, landing_dir=settings.landing_dir)
        if not result.ok:
            raise dg.Failure(description=f"{_title(source)}: {result.error}")
        for key in context.selected_asset_keys:
            entity = key.path[-1]
            cursor = result.cursors.get(entity) or {}
            yield dg.MaterializeResult(
                asset_key=key,
                metadata={
                    "rows_pulled": dg.MetadataValue.int(result.rows.get(entity, 0)),
                    "cursor": dg.MetadataValue.text(str(cursor.get("cursor") or "none")),
                    "cursor_last_value": dg.MetadataValue.text(str(cursor.get("last_value"))),
                },
            )

    return _assets


PULL_ASSETS = [_pull_assets(source) for source in all_source_names()]

msp_pull = dg.define_asset_job(
    "msp_pull",
    selection=dg.AssetSelection.groups(GROUP),
    executor_def=dg.in_process_executor,
    description="Pull every configured PSA and RMM API into the landing folder.",
)


@dg.schedule(
    name="pull_schedule",
    cron_schedule=os.environ.get("MSP_PULL_CRON") or DEFAULT_CRON,
    job=msp_pull,
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Hourly (MSP_PULL_CRON): pull what changed from every configured API.",
)
def pull_schedule(context: dg.ScheduleEvaluationContext):
    sources = configured_sources()
    if not sources:
        return dg.SkipReason("no API source is configured (README, 'Connect your PSA and RMM')")
    keys = [key for assets in PULL_ASSETS for key in assets.keys if key.path[1] in sources]
    return dg.RunRequest(asset_selection=keys)


defs = dg.Definitions(assets=PULL_ASSETS, jobs=[msp_pull], schedules=[pull_schedule])
