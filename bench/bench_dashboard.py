"""Latency of each dashboard query and page, p50/p95, on a given warehouse.

    python bench/bench_dashboard.py                       # the published warehouse (MSP_DATA_DIR)
    python bench/bench_dashboard.py FILE                  # or --warehouse FILE
    python bench/bench_dashboard.py --sample 300x36       # a sample marts warehouse, 300 clients x 36 months

A page's time is its callback on the server: the queries, the figures, and the JSON Dash
sends to the browser. Target at 300 clients x 36 months: p95 at most 200 ms for every
query and every page.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from plotly.io.json import to_json_plotly

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipelines.dashboard import data_date as data_date_module  # noqa: E402
from pipelines.dashboard import queries  # noqa: E402
from pipelines.dashboard.app import as_of_banner  # noqa: E402
from pipelines.dashboard.components import period_months  # noqa: E402
from pipelines.dashboard.data_date import data_date  # noqa: E402
from pipelines.dashboard.pages import client, clients, downtime, overview, transitions  # noqa: E402
from pipelines.settings import load_settings  # noqa: E402


def on_connection(warehouse: Path, query, *args):
    """A query as a page runs it, including the cost of its own read-only connection."""
    return lambda: _run(warehouse, query, *args)


def _run(warehouse, query, *args):
    with queries.read_only(warehouse) as con:
        return query(con, *args)


def cases(warehouse: Path) -> dict[str, callable]:
    when = data_date(warehouse)
    months = period_months(when, "12")
    first, last = months
    running = when.running_month or last
    week = when.this_week.start
    with queries.read_only(warehouse) as con:
        some_client = queries.clients(con)["client_id"].iloc[0]
    return {
        "connect (open + close, in every case)": on_connection(warehouse, lambda con: None),
        "query data_dates (banner, once per copy)": on_connection(warehouse, queries.data_dates),
        "query model_summary": on_connection(warehouse, queries.model_summary, first, last),
        "query model_summary (month to date)": on_connection(
            warehouse, queries.model_summary, running, running
        ),
        "query support_model_monthly": on_connection(
            warehouse, queries.support_model_monthly, first, last
        ),
        "query margin_heatmap": on_connection(
            warehouse, queries.margin_heatmap, first, last, "$", when.running_month
        ),
        "query health_at_risk": on_connection(
            warehouse, queries.health_at_risk, week, 4, 15.0, 70.0
        ),
        "query agreements_ending": on_connection(
            warehouse, queries.agreements_ending, when.as_of.date(), 120
        ),
        "query client_profitability": on_connection(
            warehouse, queries.client_profitability, first, last, None, "", week
        ),
        "query client_profitability (filtered)": on_connection(
            warehouse, queries.client_profitability, first, last, "break_fix", "a", week
        ),
        "query downtime_by_client": on_connection(
            warehouse, queries.downtime_by_client, first, last
        ),
        "query transitions": on_connection(warehouse, queries.transitions),
        "query clients": on_connection(warehouse, queries.clients),
        "query client_profile": on_connection(warehouse, queries.client_profile, some_client),
        "query client_health": on_connection(warehouse, queries.client_health, some_client),
        "query client_monthly": on_connection(warehouse, queries.client_monthly, some_client),
        "page banner (new published copy)": lambda: as_of_banner(_fresh_data_date(warehouse)),
        "page overview layout (at-risk list)": lambda: to_json_plotly(
            overview.layout(warehouse, "")
        ),
        "page overview (12 months)": lambda: to_json_plotly(overview.render(warehouse, "12", [])),
        "page overview (all months, to date)": lambda: to_json_plotly(
            overview.render(warehouse, "all", ["to-date"])
        ),
        "page clients": lambda: to_json_plotly(clients.render(warehouse, "12", "all", "")),
        "page clients (typing 'a')": lambda: to_json_plotly(
            clients.render(warehouse, "12", "all", "a")
        ),
        "page downtime": lambda: to_json_plotly(downtime.render(warehouse, "12", "all", [])),
        "page transitions": lambda: to_json_plotly(transitions.render(warehouse, "all")),
        "page client (layout)": lambda: to_json_plotly(
            client.layout(warehouse, f"?client_id={some_client}")
        ),
        "page client (content)": lambda: to_json_plotly(client.render(warehouse, some_client)),
    }


def _fresh_data_date(warehouse: Path):
    """The banner's cost when a build has just published a new copy (the cache is cold)."""
    data_date_module._cache.clear()
    return data_date(warehouse)


def measure(run, repeat: int) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds per run (CPU: this process, DuckDB's threads included).

    On a shared machine the wall time grows with the load; the CPU time shows the work.
    """
    run()  # warm: first-call costs (imports, plotly templates) are paid once at app start
    wall, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        run()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return wall, cpu


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "warehouse", type=Path, nargs="?", help="DuckDB file (default: the published one)"
    )
    parser.add_argument(
        "--warehouse", type=Path, dest="warehouse_option", help="the same, as an option"
    )
    parser.add_argument(
        "--sample", metavar="CLIENTSxMONTHS", help="bench a sample marts warehouse, e.g. 300x36"
    )
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench-dashboard-") as scratch:
        if args.sample:
            from pipelines.dashboard.sample_marts import write_sample_marts

            n_clients, n_months = (int(part) for part in args.sample.lower().split("x"))
            warehouse = write_sample_marts(
                Path(scratch) / "warehouse.duckdb", n_clients, n_months, with_build_tables=True
            )
        else:
            warehouse = (
                args.warehouse or args.warehouse_option or load_settings().published_warehouse
            )
        if not Path(warehouse).exists():
            print(
                f"no warehouse at {warehouse}: build one, or pass --sample 300x36", file=sys.stderr
            )
            return 2
        with queries.read_only(warehouse) as con:
            n_clients, n_months = con.execute(
                "select count(distinct client_id), count(distinct month) from marts.fct_client_margin_monthly"
            ).fetchall()[0]
        print(
            f"warehouse {warehouse}: {n_clients} clients x {n_months} months, {args.repeat} runs each"
        )
        print(f"load average (1 min) {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(f"{'case':44} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'p95 CPU ms':>11}")
        slowest_page = slowest_query = 0.0
        for name, run in cases(Path(warehouse)).items():
            timings, cpu = measure(run, args.repeat)
            p95 = percentile(timings, 0.95)
            if name.startswith("page"):
                slowest_page = max(slowest_page, p95)
            else:
                slowest_query = max(slowest_query, p95)
            print(
                f"{name:44} {statistics.median(timings):8.1f} {p95:8.1f} {max(timings):8.1f}"
                f" {percentile(cpu, 0.95):11.1f}"
            )
        print(f"slowest query p95: {slowest_query:.0f} ms (target <= 200 ms)")
        print(f"slowest page p95: {slowest_page:.0f} ms (target <= 200 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
