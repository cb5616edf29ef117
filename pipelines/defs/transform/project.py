"""The dbt project, in its own module so `dagster-dbt project prepare-and-package` can find it."""

import shutil
import sys
from pathlib import Path

from dagster_dbt import DbtProject

from pipelines.settings import DBT_PROJECT_DIR

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)

# The dbt installed beside this Python, so an un-activated virtualenv still finds it.
_beside_python = Path(sys.executable).with_name("dbt")
DBT_EXECUTABLE = str(_beside_python) if _beside_python.exists() else (shutil.which("dbt") or "dbt")
