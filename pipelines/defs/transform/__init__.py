import dagster as dg
from dagster_dbt import DbtCliResource

from pipelines.defs.transform.assets import msp_dbt_models
from pipelines.defs.transform.project import dbt_project
from pipelines.settings import DBT_EXECUTABLE

defs = dg.Definitions(
    assets=[msp_dbt_models],
    resources={"dbt": DbtCliResource(project_dir=dbt_project, dbt_executable=DBT_EXECUTABLE)},
)
