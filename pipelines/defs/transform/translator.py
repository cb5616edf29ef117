"""One place decides how dbt nodes become Dagster assets.

Models and seeds are keyed by their warehouse schema and name (["marts", "fct_outages"]);
every dbt source is a raw table and maps to the ingest asset ["raw", <table>], so the
lineage runs unbroken from a landing file to a report.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator


class MspDbtTranslator(DagsterDbtTranslator):
    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        name = dbt_resource_props["name"]
        if dbt_resource_props["resource_type"] == "source":
            return dg.AssetKey(["raw", dbt_resource_props.get("identifier") or name])
        schema = dbt_resource_props.get("config", {}).get("schema") or dbt_resource_props["schema"]
        return dg.AssetKey([schema, name])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "source":
            return "ingest"
        # The model's folder: models/marts/finance/x.sql -> "marts_finance".
        folders = dbt_resource_props["fqn"][1:-1]
        return "_".join(folders) or "dbt"
