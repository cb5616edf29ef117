"""What the marts were last built from: the raw tables' versions and the project's code.

A build that passes its quality gates records, in `quality.build_runs`, a fingerprint of
every raw table and of the code that turns raw into marts (dbt project, quality suites and
checks, the as-of time asked for). The next build compares: only what is downstream of a
raw table that changed since then is rebuilt (`pipelines.build_plan`). A build that fails
records nothing, so the next one redoes what it left undone.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from pipelines.settings import DBT_PROJECT_DIR, EXPECTATIONS_DIR, PROJECT_ROOT

# Everything whose change can change a mart or a check's verdict.
_CODE_PATHS = (
    DBT_PROJECT_DIR / "dbt_project.yml",
    DBT_PROJECT_DIR / "models",
    DBT_PROJECT_DIR / "macros",
    DBT_PROJECT_DIR / "seeds",
    DBT_PROJECT_DIR / "tests",
    PROJECT_ROOT / "pipelines" / "quality",
)

_CREATE = """
create schema if not exists quality;
create table if not exists quality.build_runs (
    run_id varchar not null,
    finished_at timestamp not null,
    code_fingerprint varchar not null,
    as_of_requested varchar not null,
    raw_fingerprints json not null,
    plan varchar not null
);
"""


@dataclass(frozen=True)
class BuiltState:
    """The state a successful build left the marts in."""

    code_fingerprint: str
    as_of_requested: str
    raw_fingerprints: dict[str, str]


def _files(paths: Iterable[Path]) -> list[Path]:
    found = []
    for path in paths:
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            found += [p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    return sorted(found)


def code_fingerprint(expectations_dir: Path | None = None) -> str:
    """sha256 over the paths and bytes of the code that makes marts and checks."""
    expectations = Path(expectations_dir or os.environ.get("MSP_EXPECTATIONS_DIR") or EXPECTATIONS_DIR)
    digest = hashlib.sha256()
    for path in _files([*_CODE_PATHS, expectations]):
        digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def raw_fingerprints(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """raw table -> 'rows|latest load': ingest only appends or replaces rows, stamping _loaded_at."""
    tables = [
        name
        for (name,) in con.execute(
            "select table_name from duckdb_columns() "
            "where schema_name = 'raw' and column_name = '_loaded_at' order by table_name"
        ).fetchall()
    ]
    if not tables:
        return {}
    # Names come from the catalog, quoted; rows are matched back by position: one query in all.
    query = " union all ".join(
        f'select {i}, count(*), max(_loaded_at) from raw."{name}"'  # noqa: S608
        for i, name in enumerate(tables)
    )
    return {tables[i]: f"{rows}|{latest}" for i, rows, latest in con.execute(query).fetchall()}


def last_built(con: duckdb.DuckDBPyConnection) -> BuiltState | None:
    """The state of the latest build that passed its gates, or None (never, or an old warehouse)."""
    exists = con.execute(
        "select count(*) from duckdb_tables() "
        "where schema_name = 'quality' and table_name = 'build_runs'"
    ).fetchall()[0][0]
    if not exists:
        return None
    rows = con.execute(
        "select code_fingerprint, as_of_requested, raw_fingerprints from quality.build_runs "
        "order by finished_at desc limit 1"
    ).fetchall()
    if not rows:
        return None
    code, as_of, raw = rows[0]
    return BuiltState(code, as_of, json.loads(raw))


def record_built(
    con: duckdb.DuckDBPyConnection, run_id: str, state: BuiltState, plan: str
) -> None:
    """Append this build's state; call it only after every blocking check has passed."""
    con.execute(_CREATE)
    con.execute(
        "insert into quality.build_runs values (?, ?, ?, ?, ?, ?)",
        [
            run_id,
            datetime.now(UTC).replace(tzinfo=None),
            state.code_fingerprint,
            state.as_of_requested,
            json.dumps(state.raw_fingerprints, sort_keys=True),
            plan,
        ],
    )


def state_after_build(
    con: duckdb.DuckDBPyConnection, code: str, as_of_requested: str, rebuilt_raw_tables: str
) -> BuiltState:
    """The state to record once a build's checks passed.

    `rebuilt_raw_tables` is '*' (everything was rebuilt) or a JSON list of the raw tables whose
    downstream this build ran. A raw table outside it that changed anyway (a file the plan did
    not foresee) keeps its earlier fingerprint, so the next build rebuilds what reads it.
    """
    now = raw_fingerprints(con)
    if rebuilt_raw_tables.strip() == "*":
        return BuiltState(code, as_of_requested, now)
    rebuilt = set(json.loads(rebuilt_raw_tables))
    before = last_built(con)
    earlier = before.raw_fingerprints if before else {}
    kept = {t: fp for t, fp in now.items() if t in rebuilt}
    kept |= {t: earlier[t] for t in now.keys() - rebuilt if t in earlier}
    return BuiltState(code, as_of_requested, kept)
