"""One generated portfolio written twice, generic and in vendor formats, ingested and staged.

dbt is parsed once per session and the manifest reused for every warehouse, so each
staging run costs seconds, not a full parse.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipelines.generate import generate_portfolio
from pipelines.ingest import ingest
from pipelines.settings import DBT_PROJECT_DIR, env_overrides

CLIENTS, MONTHS, SEED = 4, 3, 5


def generate(landing: Path, psa: str = "generic", monitoring: str = "generic") -> Path:
    """The test portfolio with its PSA half in `psa` format and monitoring half in `monitoring`."""
    generate_portfolio(
        landing, clients=CLIENTS, months=MONTHS, seed=SEED, fmt=psa, monitoring_fmt=monitoring
    )
    return landing


def ingest_into(landing: Path, warehouse: Path):
    with duckdb.connect(str(warehouse)) as con:
        return ingest(landing, con)


class Staging:
    """Runs the seeds and staging models of this project against any warehouse."""

    def __init__(self, work_dir: Path) -> None:
        from dbt.cli.main import dbtRunner

        self._env = {
            "DBT_TARGET_PATH": str(work_dir / "target"),
            "DBT_LOG_PATH": str(work_dir / "logs"),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            # dbt names relations after the file's stem: every warehouse here is warehouse.duckdb.
            "MSP_WAREHOUSE": str(work_dir / "warehouse.duckdb"),
        }
        with env_overrides(**self._env):
            parsed = dbtRunner().invoke(["parse", *self._dirs()])
        assert parsed.success, parsed.exception
        self._runner = dbtRunner(manifest=parsed.result)

    @staticmethod
    def _dirs() -> list[str]:
        return [
            "--project-dir",
            str(DBT_PROJECT_DIR),
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
            "--quiet",
        ]

    def build(self, warehouse: Path) -> dict[str, str]:
        """`dbt build` of seeds + staging (and the quality models listing what staging left out);
        returns {test or model name: status} of every node."""
        assert warehouse.name == "warehouse.duckdb", (
            "the parsed manifest names the catalog 'warehouse'"
        )
        with env_overrides(**{**self._env, "MSP_WAREHOUSE": str(warehouse)}):
            result = self._runner.invoke(
                ["build", *self._dirs(), "--select", "resource_type:seed", "path:models/staging",
                 "path:models/quality", "--exclude", "resource_type:unit_test"]
            )  # fmt: skip
        # dbt-duckdb keeps its connection open in-process; close it so others can attach the file.
        from dbt.adapters.duckdb.connections import DuckDBConnectionManager

        DuckDBConnectionManager.close_all_connections()
        assert result.result is not None, result.exception
        return {r.node.name: str(r.status) for r in result.result.results}
