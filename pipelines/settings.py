"""Where things live. Read from the environment when asked, never at import time.

One variable names the warehouse for both Dagster and dbt: ``MSP_WAREHOUSE``
(default ``$MSP_DATA_DIR/warehouse.duckdb``). The dbt profile reads the same one.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
EXPECTATIONS_DIR = PROJECT_ROOT / "expectations"


def _dbt_executable() -> str:
    """dbt beside this Python (an un-activated virtualenv still finds it); `msp-dbt` first:
    dbt's CLI, with `--version` answered offline (pipelines/dbt_entry.py)."""
    for name in ("msp-dbt", "dbt"):
        beside_python = Path(sys.executable).with_name(name)
        if beside_python.exists():
            return str(beside_python)
    return shutil.which("msp-dbt") or shutil.which("dbt") or "dbt"


DBT_EXECUTABLE = _dbt_executable()


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    landing_dir: Path
    warehouse: Path

    @property
    def published_dir(self) -> Path:
        return self.data_dir / "published"

    @property
    def published_warehouse(self) -> Path:
        """The read-only copy that readers (dashboard, SQL, notebooks) open."""
        return self.published_dir / "warehouse.duckdb"

    @property
    def reports_dir(self) -> Path:
        return self.data_dir / "reports"

    @property
    def docs_dir(self) -> Path:
        return self.data_dir / "docs"

    @property
    def dagster_home(self) -> Path:
        """The Dagster instance (DAGSTER_HOME) that CLI builds, schedules and the UI share."""
        return self.data_dir / "dagster"

    @property
    def dbt_target_dir(self) -> Path:
        """dbt's artifacts and logs, one folder per invocation (pruned), outside the code tree."""
        return self.data_dir / "dbt" / "target"


def load_settings(
    data_dir: str | os.PathLike | None = None,
    landing_dir: str | os.PathLike | None = None,
    warehouse: str | os.PathLike | None = None,
) -> Settings:
    """Explicit arguments win, then MSP_* environment variables, then defaults."""
    data = Path(data_dir or os.environ.get("MSP_DATA_DIR") or "data").resolve()
    landing = Path(landing_dir or os.environ.get("MSP_LANDING_DIR") or data / "landing").resolve()
    wh = Path(warehouse or os.environ.get("MSP_WAREHOUSE") or data / "warehouse.duckdb").resolve()
    return Settings(data_dir=data, landing_dir=landing, warehouse=wh)


def memory_limit() -> str:
    """DuckDB's memory cap for the writer (ingest and dbt): MSP_DUCKDB_MEMORY_LIMIT, default 8GB."""
    return os.environ.get("MSP_DUCKDB_MEMORY_LIMIT") or "8GB"


def dbt_docs_enabled() -> bool:
    """The dbt docs site is rebuilt by publish unless MSP_DBT_DOCS is off (tests turn it off)."""
    return (os.environ.get("MSP_DBT_DOCS") or "on").strip().lower() not in (
        "0",
        "off",
        "false",
        "no",
    )


@contextmanager
def env_overrides(**values: str) -> Iterator[None]:
    """Set environment variables for a block; afterwards each is as it was (or unset again)."""
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


# The schemas dbt's models build into (their asset keys start with the schema): one list for
# the plan, publish's record of what was rebuilt, the progress counts and the build summary.
DBT_SCHEMAS = ("staging", "intermediate", "marts", "quality")


# The files a change of which changes what dbt builds: the one list the manifest's staleness,
# the builds' code fingerprint (pipelines/build_state.py) and the docs site's stamp read.
_DBT_SOURCES = ("dbt_project.yml", "models", "macros", "seeds", "tests")


def dbt_project_files() -> list[Path]:
    """Every file of the dbt project that dbt reads, sorted."""
    files: list[Path] = []
    for name in _DBT_SOURCES:
        path = DBT_PROJECT_DIR / name
        files += [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return sorted(files)
