"""dbt's own unit tests (every edge rule of docs/design.md section 5), run by real dbt on a built warehouse.

The production build leaves unit tests out (they prove the SQL, not the data); here they run.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from pipelines.settings import DBT_EXECUTABLE, DBT_PROJECT_DIR

pytestmark = pytest.mark.build


def test_dbt_unit_tests_pass(built_portfolio, tmp_path):
    # A copy: dbt unit tests create scratch relations in the warehouse they run on.
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy(built_portfolio.warehouse, warehouse)
    env = {**os.environ, "MSP_WAREHOUSE": str(warehouse), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    done = subprocess.run(
        [DBT_EXECUTABLE, "test", "--select", "test_type:unit", "--project-dir", str(DBT_PROJECT_DIR),
         "--profiles-dir", str(DBT_PROJECT_DIR), "--target-path", str(tmp_path / "target"),
         "--log-path", str(tmp_path / "logs")],
        env=env, capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stdout[-6000:]
    summary = [line for line in done.stdout.splitlines() if "PASS=" in line]
    assert summary, done.stdout[-3000:]
    passed = int(summary[-1].split("PASS=")[1].split()[0])
    assert passed >= 25, summary[-1]  # every edge rule has its unit test
