"""Marts without the Dagster job: ingest + dbt (models and seeds, no tests), for comparisons.

The full job (tests/portfolio.py) is what users run and several tests drive it end to end;
comparisons of many portfolios (seeds, vendor formats) only need the marts. Every build of a
test process runs dbt on one warehouse path and one target dir, so dbt reuses its parse state
(it keeps one only for the warehouse path it was made with): the warehouse is moved there for
dbt and back.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from pipelines.ingest import ingest_landing
from pipelines.settings import DBT_EXECUTABLE, DBT_PROJECT_DIR

_WORK = Path(tempfile.gettempdir()) / f"msp-fastbuild-{os.getpid()}"


def run_dbt(args: list[str], warehouse: Path, work_dir: Path) -> subprocess.CompletedProcess:
    """dbt on this project against `warehouse`, target and logs under work_dir."""
    command = [DBT_EXECUTABLE, *args, "--project-dir", str(DBT_PROJECT_DIR),
               "--profiles-dir", str(DBT_PROJECT_DIR), "--target-path", str(work_dir / "target"),
               "--log-path", str(work_dir / "logs")]  # fmt: skip
    env = {**os.environ, "MSP_WAREHOUSE": str(warehouse), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    return subprocess.run(command, env=env, capture_output=True, text=True, check=False)


def build_marts(landing: Path, out_dir: Path) -> Path:
    """Build landing's marts in out_dir/warehouse.duckdb; return its path."""
    warehouse = out_dir / "warehouse.duckdb"
    ingest_landing(landing, warehouse)
    at_dbt = _WORK / "warehouse.duckdb"  # same name: dbt's SQL names the database after the file
    at_dbt.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(warehouse, at_dbt)
    try:
        done = run_dbt(
            ["build", "--exclude-resource-type", "test", "--exclude-resource-type", "unit_test",
             "--quiet"], at_dbt, _WORK,
        )  # fmt: skip
    finally:
        shutil.move(at_dbt, warehouse)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    return warehouse
