"""dbt's parse state (partial_parse.msgpack) for a data folder's builds.

dbt re-uses its parse of the project only while the project files, the vars and the profile's
connection settings are what they were, and the warehouse path is one of those settings. So
each data folder keeps its own state, handed from one dbt invocation to the next; the first
build of a folder starts dbt's full parse at once, in a process of its own, so that it runs
while this process loads the code location and ingests (about 3 s saved on two cores).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import uuid
from pathlib import Path

from pipelines.dbt_manifest import MANIFEST
from pipelines.settings import DBT_EXECUTABLE, DBT_PROJECT_DIR, Settings

PARTIAL_PARSE = "partial_parse.msgpack"

# The parse started by parse_ahead in this process, and the folder it writes to.
_ahead: tuple[subprocess.Popen, Path] | None = None


def dbt_vars(as_of: str | None) -> list[str]:
    """The --vars of a build: part of what dbt's parse state is valid for."""
    return ["--vars", json.dumps({"as_of": as_of})] if as_of else []


def parse_ahead(settings: Settings, as_of: str | None) -> None:
    """Start `dbt parse` for this data folder when it has no parse state of its own yet."""
    global _ahead
    runs = settings.dbt_target_dir
    if _ahead is not None or (runs / PARTIAL_PARSE).exists():
        return
    target = runs / f"parse-{uuid.uuid4().hex[:8]}"
    target.mkdir(parents=True)
    env = {**os.environ, "MSP_WAREHOUSE": str(settings.warehouse),
           "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}  # fmt: skip
    cmd = [DBT_EXECUTABLE, "parse", "--quiet", *dbt_vars(as_of),
           "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR),
           "--target-path", str(target), "--log-path", str(target)]  # fmt: skip
    process = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _ahead = (process, target)


def invocation_target(runs_dir: Path, run_id: str) -> Path:
    """A fresh target folder for one dbt invocation, seeded with the parse state to reuse.

    The newest state is the one the last invocation kept in the data folder (or the parse
    started ahead, once it ends); without one, the state `dbt parse` left beside the manifest
    when the code location was prepared (valid for another warehouse path: dbt parses again).
    """
    finish_parse_ahead(runs_dir)
    target = runs_dir / f"build-{run_id[:8]}-{uuid.uuid4().hex[:6]}"
    target.mkdir(parents=True)
    for state in (runs_dir / PARTIAL_PARSE, MANIFEST.with_name(PARTIAL_PARSE)):
        if state.exists():
            shutil.copyfile(state, target / PARTIAL_PARSE)
            break
    return target


def keep(invocation_target: Path, runs_dir: Path) -> None:
    """Hand an invocation's parse state to the next one.

    Each invocation runs in a target folder of its own; without this, a build after a project
    change would parse the whole project again (about 3 s) on every build until the code
    location is prepared again.
    """
    state = invocation_target / PARTIAL_PARSE
    if not state.exists():
        return
    kept = runs_dir / PARTIAL_PARSE
    staged = kept.with_name(f".{state.name}.{os.getpid()}")
    try:
        shutil.copyfile(state, staged)
        os.replace(staged, kept)  # atomic: a concurrent build reads the old or the new file
    except OSError:
        staged.unlink(missing_ok=True)


def finish_parse_ahead(runs_dir: Path) -> None:
    """Wait for the parse started ahead, if any, and keep its state for the build's dbt."""
    global _ahead
    if _ahead is None:
        return
    (process, target), _ahead = _ahead, None
    if process.wait() == 0:  # a failed parse leaves it to the build's dbt, which reports why
        keep(target, runs_dir)
    shutil.rmtree(target, ignore_errors=True)
