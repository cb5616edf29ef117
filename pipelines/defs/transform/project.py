"""The dbt project, in its own module so `dagster-dbt project prepare-and-package` can find it."""

from dagster_dbt import DbtProject

from pipelines.settings import DBT_PROJECT_DIR

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
# Under `dagster dev` the manifest is parsed again at each load (dagster-dbt's own preparer);
# elsewhere it is prepared with the code (`make manifest`) or by `msp-insights build`.
dbt_project.prepare_if_dev()
