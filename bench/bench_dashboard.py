"""Latency of each dashboard query and page, p50/p95, on a given warehouse.

    python bench/bench_dashboard.py                       # the published warehouse (MSP_DATA_DIR)
    python bench/bench_dashboard.py FILE                  # or --warehouse FILE
    python bench/bench_dashboard.py --sample 300x36       # a sample marts warehouse, 300 clients x 36 months

A page's time is its callback on the server: the queries, the figures, and the JSON Dash
sends to the browser. Targets at 300 clients x 36 months: a page under 1 s (the dashboard
issue), every query's p95 at most 200 ms (the performance issue).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from plotly.io.json import to_json_plotly

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipelines.dashboard import queries  # noqa: E402
from pipelines.dashboard.pages import client, clients, downtime, overview, transitions  # noqa: E402
from pipelines.settings import load_settings  # noqa: E402


def on_connection(warehouse: Path, query, *args):
    """A query as a page runs it, including the cost of its own read-only connection."""
    return lambda: _run(warehouse, query, *args)


def _run(warehouse, query, *args):
    with queries.read_only(warehouse) as con:
        return query(con, *args)


def cases(warehouse: Path) -> dict[str, callable]:
    with queries.read_only(warehouse) as con:
        first, last = queries.period_bounds(con, "12")
        some_client = queries.clients(con)["client_id"].iloc[0]
    return {
        "query period_bounds": on_connection(warehouse, queries.period_bounds, "12"),
        "query portfolio_totals": on_connection(warehouse, queries.portfolio_totals, first, last),
        "query support_model_monthly": on_connection(
            warehouse, queries.support_model_monthly, first, last
        ),
        "query client_profitability": on_connection(
            warehouse, queries.client_profitability, first, last
        ),
        "query client_profitability (filtered)": on_connection(
            warehouse, queries.client_profitability, first, last, "break_fix", "a"
        ),
        "query downtime_by_client": on_connection(
            warehouse, queries.downtime_by_client, first, last
        ),
        "query transitions": on_connection(warehouse, queries.transitions),
        "query clients": on_connection(warehouse, queries.clients),
        "query client_profile": on_connection(warehouse, queries.client_profile, some_client),
        "query client_health": on_connection(warehouse, queries.client_health, some_client),
        "query client_monthly": on_connection(warehouse, queries.client_monthly, some_client),
        "page overview (12 months)": lambda: to_json_plotly(overview.render(warehouse, "12")),
        "page overview (all months)": lambda: to_json_plotly(overview.render(warehouse, "all")),
        "page clients": lambda: to_json_plotly(clients.render(warehouse, "12", "all", "")),
        "page downtime": lambda: to_json_plotly(downtime.render(warehouse, "12", "all")),
        "page transitions": lambda: to_json_plotly(transitions.render(warehouse, "all")),
        "page client (layout)": lambda: to_json_plotly(
            client.layout(warehouse, f"?client_id={some_client}")
        ),
        "page client (content)": lambda: to_json_plotly(client.render(warehouse, some_client)),
    }


def measure(run, repeat: int) -> list[float]:
    run()  # warm: first-call costs (imports, plotly templates) are paid once at app start
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


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
            warehouse = write_sample_marts(Path(scratch) / "warehouse.duckdb", n_clients, n_months)
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
        print(f"{'case':40} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
        slowest_page = slowest_query = 0.0
        for name, run in cases(Path(warehouse)).items():
            timings = measure(run, args.repeat)
            p95 = percentile(timings, 0.95)
            if name.startswith("page"):
                slowest_page = max(slowest_page, p95)
            else:
                slowest_query = max(slowest_query, p95)
            print(f"{name:40} {statistics.median(timings):8.1f} {p95:8.1f} {max(timings):8.1f}")
        print(f"slowest query p95: {slowest_query:.0f} ms (target <= 200 ms)")
        print(f"slowest page p95: {slowest_page:.0f} ms (target < 1000 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
