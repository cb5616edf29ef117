"""`make bench`: figures for portfolios S, M, L (see the Performance section of the README).

For each size it prints the wall time of each stage, peak memory, ingest rows per second,
two floors measured on the same files in the same run (DuckDB's bare read_csv of the
landing files; the compiled SQL of the dbt models in one DuckDB connection), the ratio of
each stage to its floor, the weekly incremental refresh and the dashboard query latency.

    python bench/run_bench.py [--sizes S,M] [--skip-incremental]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / ".cache"
SIZES = {"S": (20, 12), "M": (300, 36), "L": (3000, 36)}
SEED = 42
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from weekly_split import add_week, split_last_week  # noqa: E402

from pipelines.settings import DBT_EXECUTABLE, memory_limit  # noqa: E402


def landing_for(size: str) -> Path:
    """Generate once and cache: the generator is deterministic for a seed."""
    clients, months = SIZES[size]
    landing = CACHE / f"{size}-{clients}x{months}-s{SEED}" / "landing"
    if not (landing / "_truth.json").exists():
        from pipelines.generate import generate_portfolio

        started = time.perf_counter()
        generate_portfolio(landing, clients=clients, months=months, seed=SEED)
        print(f"[{size}] generated in {time.perf_counter() - started:.1f} s")
    return landing


def landing_files(landing: Path) -> list[Path]:
    return sorted(
        p
        for p in landing.rglob("*")
        if p.suffix in (".csv", ".json") and not p.name.startswith("_")
    )


def floor_read_csv(landing: Path, work: Path) -> tuple[float, int]:
    """Bare DuckDB: every landing CSV into a table, no validation, no bookkeeping."""
    db = work / "floor_read_csv.duckdb"
    db.unlink(missing_ok=True)
    rows = 0
    started = time.perf_counter()
    with duckdb.connect(str(db)) as con:
        for i, path in enumerate(landing_files(landing)):
            if path.suffix == ".csv":
                con.execute(
                    f"create table t{i} as select * from read_csv(?, all_varchar = true)",
                    [str(path)],
                )
            else:
                con.execute(f"create table t{i} as select * from read_json(?)", [str(path)])
            rows += con.execute(f"select count(*) from t{i}").fetchall()[0][0]
    return time.perf_counter() - started, rows


def _compiled_models(target: Path) -> list[dict]:
    manifest = json.loads((target / "manifest.json").read_text())
    nodes = {k: v for k, v in manifest["nodes"].items() if v["resource_type"] in ("model", "seed")}
    ordered, done = [], set()

    def visit(key: str) -> None:
        if key in done or key not in nodes:
            return
        done.add(key)
        for dep in nodes[key].get("depends_on", {}).get("nodes", []):
            visit(dep)
        ordered.append(nodes[key])

    for key in sorted(nodes):
        visit(key)
    return ordered


def _existing_relations(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], str]:
    """(schema, name) -> 'view' or 'table', read once so the timed loop does no catalog queries."""
    rows = con.execute(
        "select schema_name, view_name, 'view' from duckdb_views() where not internal "
        "union all select schema_name, table_name, 'table' from duckdb_tables()"
    ).fetchall()
    return {(schema, name): kind for schema, name, kind in rows}


def floor_dbt_sql(build_warehouse: Path, work: Path) -> float:
    """The dbt models' compiled SQL run in one DuckDB connection, with no framework around it."""
    floor_dir = work / "floor_dbt"
    shutil.rmtree(floor_dir, ignore_errors=True)
    floor_dir.mkdir(parents=True)
    db = floor_dir / build_warehouse.name  # same catalog name as the compiled SQL uses
    shutil.copy(build_warehouse, db)
    target = floor_dir / "target"
    env = {**os.environ, "MSP_WAREHOUSE": str(db), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    subprocess.run(
        [
            DBT_EXECUTABLE,
            "compile",
            "--quiet",
            "--full-refresh",  # the incremental facts' SQL as a full build runs it
            "--log-path",
            str(floor_dir / "logs"),
            "--project-dir",
            str(ROOT / "dbt_project"),
            "--profiles-dir",
            str(ROOT / "dbt_project"),
            "--target-path",
            str(target),
        ],
        env=env,
        check=True,
        capture_output=True,
    )
    models = _compiled_models(target)
    with duckdb.connect(str(db)) as con:
        existing = _existing_relations(con)
        started = time.perf_counter()
        for node in models:
            if node["resource_type"] == "seed":
                continue
            schema, name = node["schema"], node["alias"] or node["name"]
            kind = "view" if node["config"]["materialized"] in ("view", "lean_view") else "table"
            relation = f'"{schema}"."{name}"'
            con.execute(f'create schema if not exists "{schema}"')
            if (schema, name) in existing:  # dbt's own build of it (a cascade may have gone first)
                con.execute(f"drop {existing[schema, name]} if exists {relation} cascade")
            con.execute(f"create {kind} {relation} as {node['compiled_code']}")
    return time.perf_counter() - started


def run_build_child(landing: Path, data_dir: Path) -> dict:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "_build_child.py"), str(landing), str(data_dir)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    for line in done.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            return json.loads(line[len("BENCH_JSON ") :])
    raise RuntimeError(f"build failed:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}")


def dashboard_latency(published: Path) -> str:
    script = ROOT / "bench" / "bench_dashboard.py"
    if not script.exists():
        return "(bench/bench_dashboard.py missing)"
    done = subprocess.run(
        [sys.executable, str(script), str(published)], capture_output=True, text=True, check=False
    )
    return (done.stdout or done.stderr).strip()


STAGES = ("ingest", "dbt", "checks", "publish", "reports", "other")


def _slowest_models(run_results: str | None, n: int = 3) -> str:
    if not run_results:
        return "(no dbt run: no run_results.json)"
    results = json.loads(Path(run_results).read_text())
    models = sorted(
        (r for r in results["results"] if r["unique_id"].startswith("model.")),
        key=lambda r: -r["execution_time"],
    )
    timed = {kind: sum(r["execution_time"] for r in results["results"] if r["unique_id"].startswith(kind + "."))
             for kind in ("model", "test", "seed")}  # fmt: skip
    return (
        f"dbt run {results['elapsed_time']:.1f} s (summed node times: "
        + ", ".join(f"{k}s {v:.1f} s" for k, v in timed.items())
        + "); slowest models: "
        + ", ".join(
            f"{r['unique_id'].split('.')[-1]} {r['execution_time']:.2f} s" for r in models[:n]
        )
    )


def _print_build(label: str, build: dict, floors: dict[str, float] | None = None) -> None:
    stages = build["stage_seconds"]
    print(
        f"{label}: {build['seconds']:.1f} s wall, {build['cpu_seconds']:.1f} s CPU, "
        f"peak memory {max(build['peak_rss_mib'], build['peak_child_rss_mib']):.0f} MiB "
        f"(build process {build['peak_rss_mib']:.0f}, largest child {build['peak_child_rss_mib']:.0f})"
    )
    accounted = sum(stages.values())
    for stage in STAGES:
        if stage in stages:
            floor = (floors or {}).get(stage)
            ratio = f"   {stages[stage] / floor:5.2f}x its floor ({floor:.1f} s)" if floor else ""
            print(f"  {stage:<8} {stages[stage]:7.1f} s{ratio}")
    print(
        f"  {'startup':<8} {build['seconds'] - accounted:7.1f} s   (imports, code location, Dagster run set-up)"
    )
    print("  " + _slowest_models(build.get("run_results")))


def bench_size(size: str, incremental: bool) -> None:
    clients, months = SIZES[size]
    landing = landing_for(size)
    work = CACHE / f"{size}-work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    print(f"\n=== {size}: {clients} clients x {months} months ===")

    floor_ingest_s, raw_rows = floor_read_csv(landing, work)
    full = run_build_child(landing, work / "full")
    if not full["success"]:
        print(full["summary"])
        return
    floor_sql_s = floor_dbt_sql(work / "full" / "warehouse.duckdb", work)
    floors = {"ingest": floor_ingest_s, "dbt": floor_sql_s}
    _print_build("full build", full, floors)
    ingest_s = full["stage_seconds"].get("ingest", float("nan"))
    print(f"ingest: {full['rows_loaded']:,} rows, {full['rows_loaded'] / ingest_s:,.0f} rows/s")
    print(
        f"floor read_csv: {floor_ingest_s:.1f} s for {raw_rows:,} rows ({raw_rows / floor_ingest_s:,.0f} rows/s)"
    )
    print(f"floor dbt SQL (models' compiled SQL in one DuckDB connection): {floor_sql_s:.1f} s")
    print(
        f"build / floors (ingest + dbt floors): {full['seconds'] / (floor_ingest_s + floor_sql_s):.1f}x"
    )

    if incremental:
        base, week = work / "base_landing", work / "week_landing"
        split_last_week(landing, base, week)
        first = run_build_child(base, work / "incr")
        if not first["success"]:
            print(first["summary"])
            return
        add_week(base, week)
        refresh = run_build_child(base, work / "incr")
        if not refresh["success"]:
            print(refresh["summary"])
            return
        _print_build(
            f"weekly incremental refresh ({100 * refresh['seconds'] / full['seconds']:.0f}% of the full build)",
            refresh,
        )
        print(
            f"  plan: {refresh['plan']}; {refresh['tables_built']} of {full['tables_built']} models built"
        )
        # The fixed cost of a run of this stack: the same files again, nothing to rebuild.
        nothing = run_build_child(base, work / "incr")
        _print_build(
            f"build with nothing new ({100 * nothing['seconds'] / full['seconds']:.0f}% of the full build)",
            nothing,
        )
        print(f"  plan: {nothing['plan']}")
    print(
        "dashboard queries:\n" + dashboard_latency(work / "full" / "published" / "warehouse.duckdb")
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="S,M,L")
    parser.add_argument("--skip-incremental", action="store_true")
    args = parser.parse_args()
    print(
        f"machine: {os.cpu_count()} cores, python {sys.version.split()[0]}, duckdb {duckdb.__version__}, "
        f"load average {os.getloadavg()[0]:.1f}; DuckDB memory_limit {memory_limit()} "
        "(MSP_DUCKDB_MEMORY_LIMIT); dbt docs site in publish: "
        f"{os.environ.get('MSP_DBT_DOCS') or 'on'} (MSP_DBT_DOCS)"
    )
    for size in args.sizes.split(","):
        # The weekly refresh target is M's; L's refresh would add two more L builds (~7 min).
        size = size.strip()
        bench_size(size, incremental=not args.skip_incremental and size != "L")


if __name__ == "__main__":
    main()
