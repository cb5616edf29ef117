"""Marts without the Dagster job: ingest + dbt (models and seeds, no tests), for comparisons.

The full job (tests/portfolio.py) is what users run and several tests drive it end to end;
comparisons of many portfolios (seeds, vendor formats) only need the marts. dbt re-parses the
whole project whenever the warehouse path in its profile changes, so every build here uses one
fixed path and target dir per test process, and the result is moved out afterwards.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from pipelines.defs.transform.project import DBT_EXECUTABLE
from pipelines.ingest import ingest_landing
from pipelines.settings import DBT_PROJECT_DIR

_WORK = Path(tempfile.gettempdir()) / f"msp-fastbuild-{os.getpid()}"


def build_marts(landing: Path, out_dir: Path, as_of: str | None = None) -> Path:
    """Build landing's marts; return the warehouse, moved to out_dir/warehouse.duckdb."""
    _WORK.mkdir(parents=True, exist_ok=True)
    warehouse = _WORK / "warehouse.duckdb"
    for stale in (warehouse, warehouse.with_suffix(".duckdb.wal")):
        stale.unlink(missing_ok=True)
    ingest_landing(landing, warehouse)
    args = [DBT_EXECUTABLE, "build", "--exclude-resource-type", "test", "--exclude-resource-type",
            "unit_test", "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR),
            "--target-path", str(_WORK / "target"), "--log-path", str(_WORK / "logs"), "--quiet"]
    if as_of:
        args += ["--vars", f'{{"as_of": "{as_of}"}}']
    env = {**os.environ, "MSP_WAREHOUSE": str(warehouse), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    out_dir.mkdir(parents=True, exist_ok=True)
    return Path(shutil.move(str(warehouse), out_dir / "warehouse.duckdb"))
