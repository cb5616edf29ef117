"""Keep dbt's manifest.json current: `@dbt_assets` reads it when the code location loads."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from pipelines.settings import DBT_EXECUTABLE, DBT_PROJECT_DIR, dbt_project_files

MANIFEST = DBT_PROJECT_DIR / "target" / "manifest.json"


def _newest_source_mtime() -> float:
    return max((f.stat().st_mtime for f in dbt_project_files()), default=0.0)


def manifest_is_stale() -> bool:
    return not MANIFEST.exists() or MANIFEST.stat().st_mtime < _newest_source_mtime()


def ensure_manifest(force: bool = False) -> Path:
    """Run `dbt parse` when the manifest is missing or older than the project files.

    Outside `dagster dev`, DbtProject.prepare_if_dev() does nothing, so `make manifest`, the
    build and the tests come through here (parsing only when a project file is newer than the
    manifest: a build does not pay for `dbt parse`). The manifest is part of the code, as
    dagster-dbt's prepare-and-package has it: prepared when the code is installed or edited
    (`make setup`, `make test`), it is only read by builds, whose own dbt artifacts go under
    $MSP_DATA_DIR/dbt/ (a build works with a read-only code tree).
    """
    if force or manifest_is_stale():
        if not os.access(DBT_PROJECT_DIR, os.W_OK):
            raise RuntimeError(
                f"dbt's manifest {MANIFEST} is missing or older than the dbt project, and "
                f"{DBT_PROJECT_DIR} is read-only: prepare it where the code is installed "
                "(`make manifest`)."
            )
        env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
        cmd = [DBT_EXECUTABLE, "parse", "--quiet",
               "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR),
               "--target-path", str(MANIFEST.parent), "--log-path", str(MANIFEST.parent / "logs")]
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"dbt parse failed:\n{done.stdout}\n{done.stderr}")
    return MANIFEST
