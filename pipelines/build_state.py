"""What the marts were last built from: the raw tables' versions and the project's code.

`quality.build_runs` holds two kinds of row. Ingest, the first step of every run, writes a
`started` row: the run's code fingerprint and the as-of time it asked for. Publish, which runs
only when every blocking check has passed, writes a `passed` row with, in addition, a
fingerprint of every raw table. The next build compares (`pipelines.build_plan`): only what
is downstream of a raw table that changed since the last `passed` row is rebuilt, unless a
run that did not pass since then ran other code or another as-of time (its marts may still
be in the warehouse), in which case everything is.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import duckdb

from pipelines.settings import EXPECTATIONS_DIR, PROJECT_ROOT, dbt_project_files

# Everything whose change can change a mart or a check's verdict: the dbt project, and this
# package (the dbt invocation, the checks and what blocks), with the engines' versions.
_CODE_PATHS = (PROJECT_ROOT / "pipelines",)
_ENGINES = ("dbt-core", "dbt-duckdb", "duckdb", "great-expectations", "dagster-dbt")

STARTED, PASSED = "started", "passed"

_CREATE = """
create schema if not exists quality;
create table if not exists quality.build_runs (
    run_id varchar not null,
    recorded_at timestamp not null,
    status varchar not null,
    code_fingerprint varchar not null,
    as_of_requested varchar not null,
    raw_fingerprints json,
    plan varchar
);
"""


@dataclass(frozen=True)
class BuiltState:
    """The state a build that passed its gates left the marts in."""

    code_fingerprint: str
    as_of_requested: str
    raw_fingerprints: dict[str, str]
    run_id: str = ""
    recorded_at: datetime | None = None


@dataclass(frozen=True)
class Attempt:
    """A run that started (ingest ran) and has not passed its gates."""

    run_id: str
    recorded_at: datetime
    code_fingerprint: str
    as_of_requested: str


def _files(paths: Iterable[Path]) -> list[Path]:
    found = []
    for path in paths:
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            found += [
                p for p in path.rglob("*")
                if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
            ]  # fmt: skip
    return sorted(found)


def code_fingerprint(expectations_dir: Path | None = None) -> str:
    """sha256 over the paths and bytes of the code that makes marts and checks."""
    expectations = Path(expectations_dir or os.environ.get("MSP_EXPECTATIONS_DIR") or EXPECTATIONS_DIR)
    digest = hashlib.sha256()
    for path in [*dbt_project_files(), *_files([*_CODE_PATHS, expectations])]:
        digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    for engine in _ENGINES:
        digest.update(f"{engine}={metadata.version(engine)}\0".encode())
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


def _select(con: duckdb.DuckDBPyConnection, query: str, params: list) -> list[tuple]:
    """Rows of a query on quality.build_runs; none in a warehouse that has no such table yet
    (the plan's connection is read-only: it cannot create it)."""
    exists = con.execute(
        "select count(*) from duckdb_tables() "
        "where schema_name = 'quality' and table_name = 'build_runs'"
    ).fetchall()[0][0]
    return con.execute(query, params).fetchall() if exists else []


def last_built(con: duckdb.DuckDBPyConnection) -> BuiltState | None:
    """The state of the latest build that passed its gates, or None (never, or an old warehouse)."""
    rows = _select(
        con,
        "select code_fingerprint, as_of_requested, raw_fingerprints, run_id, recorded_at "
        "from quality.build_runs where status = ? order by recorded_at desc limit 1",
        [PASSED],
    )
    if not rows:
        return None
    code, as_of, raw, run_id, at = rows[0]
    return BuiltState(code, as_of, json.loads(raw), run_id, at)


def unfinished_since(
    con: duckdb.DuckDBPyConnection, since: datetime | None, except_run: str = ""
) -> list[Attempt]:
    """Runs started after `since` (None: ever) that have not passed: what may be half-built."""
    rows = _select(
        con,
        "select run_id, recorded_at, code_fingerprint, as_of_requested from quality.build_runs "
        "where status = ? and recorded_at > coalesce(?, cast('-infinity' as timestamp)) "
        "and run_id <> ? and run_id not in "
        "(select run_id from quality.build_runs where status = ?) order by recorded_at",
        [STARTED, since, except_run, PASSED],
    )
    return [Attempt(*row) for row in rows]


def latest_record(con: duckdb.DuckDBPyConnection) -> datetime | None:
    """When the latest row of either kind was written (a plan's point of reference)."""
    rows = _select(con, "select max(recorded_at) from quality.build_runs", [])
    return rows[0][0] if rows else None


def started_code(con: duckdb.DuckDBPyConnection, run_id: str) -> str | None:
    """The code fingerprint a run recorded when it started."""
    rows = _select(
        con,
        "select code_fingerprint from quality.build_runs where run_id = ? and status = ?",
        [run_id, STARTED],
    )
    return rows[0][0] if rows else None


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def record_started(
    con: duckdb.DuckDBPyConnection, run_id: str, code: str, as_of_requested: str
) -> None:
    """Ingest calls this first: from here on, this run may change what is in the warehouse."""
    con.execute(_CREATE)
    con.execute(
        "insert into quality.build_runs values (?, ?, ?, ?, ?, null, null)",
        [run_id, _now(), STARTED, code, as_of_requested],
    )


def record_built(
    con: duckdb.DuckDBPyConnection, run_id: str, state: BuiltState, plan: str
) -> None:
    """Append this build's state; call it only after every blocking check has passed."""
    con.execute(_CREATE)
    con.execute(
        "insert into quality.build_runs values (?, ?, ?, ?, ?, ?, ?)",
        [
            run_id,
            _now(),
            PASSED,
            state.code_fingerprint,
            state.as_of_requested,
            json.dumps(state.raw_fingerprints, sort_keys=True),
            plan,
        ],
    )


def state_after_build(
    con: duckdb.DuckDBPyConnection, code: str, as_of_requested: str, rebuilt: frozenset[str] | None
) -> BuiltState:
    """The state to record once a build's checks passed.

    `rebuilt` names the raw tables whose downstream this build ran (None: everything; see
    build_plan.rebuilt_raw_tables). A raw table outside it that changed anyway (a file the plan
    did not foresee) keeps its earlier fingerprint, so the next build rebuilds what reads it.
    """
    now = raw_fingerprints(con)
    if rebuilt is None:
        return BuiltState(code, as_of_requested, now)
    before = last_built(con)
    earlier = before.raw_fingerprints if before else {}
    kept = {t: fp for t, fp in now.items() if t in rebuilt}
    kept |= {t: earlier[t] for t in now.keys() - rebuilt if t in earlier}
    return BuiltState(code, as_of_requested, kept)


def stale_plan_reason(
    con: duckdb.DuckDBPyConnection, run_id: str, planned_after: datetime | None
) -> str | None:
    """Why a partial run must not publish, or None.

    A plan that rebuilt part of the warehouse holds only if nothing else changed it since the
    plan was made: no other run started after `planned_after` (the latest record the plan saw;
    None: the last build that passed, for a run without a plan) without passing.
    """
    if planned_after is None:
        built = last_built(con)
        planned_after = built.recorded_at if built else None
    others = unfinished_since(con, planned_after, except_run=run_id)
    if not others:
        return None
    other = others[-1]
    return (
        f"run {other.run_id[:8]} changed the warehouse at {other.recorded_at:%Y-%m-%d %H:%M:%S} UTC "
        "and did not pass its checks, after this run's plan was made: its marts may be in the "
        "warehouse. Nothing was published; run `msp-insights build` again (it plans anew)."
    )
