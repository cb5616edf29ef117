"""`msp-insights`: one console script for people and for scripts (DESIGN.md section 6)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _generate(args: argparse.Namespace) -> int:
    from pipelines.generate import generate_portfolio

    truth = generate_portfolio(
        Path(args.out), clients=args.clients, months=args.months, seed=args.seed,
        fmt=args.format, monitoring_fmt=args.monitoring_format,
    )
    print(f"Portfolio of {args.clients} clients x {args.months} months written to {Path(args.out).resolve()}")
    print(f"  expected values: {truth}")
    return 0


def _build(args: argparse.Namespace) -> int:
    from pipelines.build import run_build

    result = run_build(landing_dir=args.landing, warehouse=args.warehouse, as_of=args.as_of,
                       report_week=args.week, full=args.full, allow_rejected=args.allow_rejected)
    print(result.summary())
    return 0 if result.success else 1


def _report(args: argparse.Namespace) -> int:
    from pipelines.reports import write_weekly_reports
    from pipelines.settings import load_settings

    settings = load_settings()
    run = write_weekly_reports(settings.published_warehouse, week=args.week,
                               out_dir=Path(args.out) if args.out else settings.reports_dir,
                               resend=args.resend, pdf=args.pdf)
    print(run.summary())
    return 0 if run.ok else 1


def _dashboard(args: argparse.Namespace) -> int:
    from pipelines.dashboard import run_dashboard
    from pipelines.settings import load_settings

    run_dashboard(load_settings().published_warehouse, host=args.host, port=args.port)
    return 0


def _sql(args: argparse.Namespace) -> int:
    from pipelines import sql_prompt
    from pipelines.settings import load_settings

    return sql_prompt.run(args.query, load_settings().published_warehouse)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="msp-insights", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)

    g = sub.add_parser("generate", help="write a synthetic MSP portfolio as landing files + _truth.json")
    g.add_argument("--out", required=True, help="landing directory to write")
    g.add_argument("--clients", type=int, default=20)
    g.add_argument("--months", type=int, default=12)
    g.add_argument("--seed", type=int, default=7)
    g.add_argument("--format", default="generic",
                   help="PSA entities: generic (default), connectwise, autotask, halopsa")
    g.add_argument("--monitoring-format", default=None,
                   help="devices and monitoring events: generic (default), ninjaone, datto_rmm, zabbix, prtg")
    g.set_defaults(func=_generate)

    b = sub.add_parser("build", help="ingest, transform, check, publish and report, in one process")
    b.add_argument("--landing", help="landing directory (default $MSP_LANDING_DIR or ./data/landing)")
    b.add_argument("--warehouse", help="DuckDB file (default $MSP_WAREHOUSE or ./data/warehouse.duckdb)")
    b.add_argument("--as-of", dest="as_of", help="ISO-8601 UTC time to measure open outages and tickets to")
    b.add_argument("--week", help="ISO week for the reports, YYYY-Www (default: last complete week)")
    b.add_argument("--full", action="store_true",
                   help="rebuild every model, not only what is downstream of changed raw tables")
    b.add_argument("--allow-rejected", dest="allow_rejected", action="store_true",
                   help="publish even if a landing file was rejected whole (its rows are missing)")
    b.set_defaults(func=_build)

    r = sub.add_parser("report", help="write (and email) the weekly client health reports")
    r.add_argument("--week", help="ISO week YYYY-Www (default: last complete week of the data)")
    r.add_argument("--out", help="reports directory (default $MSP_DATA_DIR/reports)")
    r.add_argument("--resend", action="store_true", help="email again even if already sent")
    r.add_argument("--pdf", action="store_true", help="also print each report to PDF (Debian chromium)")
    r.set_defaults(func=_report)

    d = sub.add_parser("dashboard", help="the leadership dashboard on localhost")
    d.add_argument("--host", default="127.0.0.1")
    d.add_argument("--port", type=int, default=8050)
    d.set_defaults(func=_dashboard)

    q = sub.add_parser("sql", help="read-only SQL on the published warehouse")
    q.add_argument("query", nargs="?", help="one query; none starts an interactive prompt")
    q.set_defaults(func=_sql)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
