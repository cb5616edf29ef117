"""Marts without the Dagster job: ingest + dbt (models and seeds, no tests), for comparisons.

The full job (tests/portfolio.py) is what users run and several tests drive it end to end;
comparisons of many portfolios (seeds, vendor formats) only need the marts. Every build of a
test process shares one dbt target dir, so dbt reuses its parse state (msp-dbt keeps it valid
across warehouse paths; the file keeps the name warehouse.duckdb, which dbt's SQL names).
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from pipelines.ingest import ingest_landing
from pipelines.settings import DBT_EXECUTABLE, DBT_PROJECT_DIR

_WORK = Path(tempfile.gettempdir()) / f"msp-fastbuild-{os.getpid()}"


def run_dbt(args: list[str], warehouse: Path, work_dir: Path) -> subprocess.CompletedProcess:
    """dbt (msp-dbt) on this project against `warehouse`, target and logs under work_dir."""
    command = [DBT_EXECUTABLE, *args, "--project-dir", str(DBT_PROJECT_DIR),
               "--profiles-dir", str(DBT_PROJECT_DIR), "--target-path", str(work_dir / "target"),
               "--log-path", str(work_dir / "logs")]  # fmt: skip
    env = {**os.environ, "MSP_WAREHOUSE": str(warehouse), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    return subprocess.run(command, env=env, capture_output=True, text=True, check=False)


def build_marts(landing: Path, out_dir: Path) -> Path:
    """Build landing's marts in out_dir/warehouse.duckdb; return its path."""
    warehouse = out_dir / "warehouse.duckdb"
    ingest_landing(landing, warehouse)
    done = run_dbt(
        ["build", "--exclude-resource-type", "test", "--exclude-resource-type", "unit_test",
         "--quiet"], warehouse, _WORK,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    return warehouse
