"""`msp-insights`: one console script for people and for scripts (docs/design.md section 6)."""

from __future__ import annotations

import argparse
import errno
import logging
import os
import sys
from pathlib import Path

from pipelines import cli_args
from pipelines.cli_args import ArgumentError

USAGE_ERROR = 2  # a bad invocation: one line, nothing done
BUILD_RUNNING = 75  # EX_TEMPFAIL: another build holds the warehouse (--no-wait); try again later


def _generate(args: argparse.Namespace) -> int:
    from pipelines.generate import generate_portfolio
    from pipelines.generate.vendors import MONITORING_FORMATS, PSA_FORMATS

    cli_args.writable_folder(Path(args.out).resolve(), "--out")
    if args.format not in ("generic", *PSA_FORMATS):
        raise ArgumentError(f"--format {args.format!r}: one of generic, {', '.join(PSA_FORMATS)}")
    if args.monitoring_format not in (None, "generic", *MONITORING_FORMATS):
        raise ArgumentError(f"--monitoring-format {args.monitoring_format!r}: one of generic, "
                            f"{', '.join(MONITORING_FORMATS)}")  # fmt: skip
    truth = generate_portfolio(
        Path(args.out), clients=args.clients, months=args.months, seed=args.seed,
        fmt=args.format, monitoring_fmt=args.monitoring_format,
    )
    print(f"Portfolio of {args.clients} clients x {args.months} months written to {Path(args.out).resolve()}")
    print(f"  expected values: {truth}")
    return 0


def _build(args: argparse.Namespace) -> int:
    from pipelines.settings import load_settings

    if args.pull:  # a source that fails is reported; the build goes on with what landed
        _run_pull(_pull_sources([]), False, args.landing, args.quiet)
    settings = load_settings(landing_dir=args.landing, warehouse=args.warehouse)
    cli_args.landing_with_files(settings.landing_dir, "--landing" if args.landing else "landing")
    cli_args.valid_warehouse(settings.warehouse, "--warehouse" if args.warehouse else "warehouse",
                             must_exist=False)  # fmt: skip

    from pipelines.build import run_build
    from pipelines.build_lock import BuildLocked
    from pipelines.progress import Progress

    try:
        result = run_build(landing_dir=args.landing, warehouse=args.warehouse, as_of=args.as_of,
                           report_week=args.week, full=args.full, wait=not args.no_wait,
                           progress=Progress("quiet" if args.quiet else "auto"),
                           allow_rejected=args.allow_rejected)  # fmt: skip
    except BuildLocked as locked:
        print(f"msp-insights build: {locked}", file=sys.stderr)
        return BUILD_RUNNING
    print(result.summary())
    return 0 if result.success else 1


def _pull_sources(names: list[str]) -> list[str]:
    """The sources to pull: those named (each known and configured), else every configured one."""
    from pipelines.pull.run import all_source_names, configured_sources, source_variables

    configured = configured_sources()
    for name in names:
        if name not in all_source_names():
            raise ArgumentError(f"--source {name}: not a source ({', '.join(all_source_names())})")
        if name not in configured:
            raise ArgumentError(
                f"--source {name}: not configured; set {', '.join(source_variables(name))}"
            )
    if not names and not configured:
        raise ArgumentError("no source is configured: set a vendor's MSP_* variables "
                            "(README, 'Connect your PSA and RMM')")  # fmt: skip
    return names or configured


def _run_pull(names: list[str], full: bool, landing: str | None, quiet: bool) -> bool:
    from pipelines.progress import Progress
    from pipelines.pull.run import pull
    from pipelines.settings import load_settings

    settings = load_settings(landing_dir=landing)
    run = pull(names, data_dir=settings.data_dir, landing_dir=settings.landing_dir, full=full,
               progress=Progress("quiet" if quiet else "auto"))  # fmt: skip
    print(run.summary())
    return run.ok


def _pull(args: argparse.Namespace) -> int:
    names = _pull_sources(args.source)
    return 0 if _run_pull(names, args.full, args.landing, args.quiet) else 1


def _published():
    """The published warehouse every reader needs: present and a DuckDB file."""
    from pipelines.settings import load_settings

    settings = load_settings()
    cli_args.valid_warehouse(settings.published_warehouse, "published warehouse", must_exist=True,
                             hint="run `msp-insights build` first")  # fmt: skip
    return settings


def _report(args: argparse.Namespace) -> int:
    settings = _published()
    if args.out:
        cli_args.writable_folder(Path(args.out).resolve(), "--out")
    from pipelines.reports import write_weekly_reports

    run = write_weekly_reports(settings.published_warehouse, week=args.week,
                               out_dir=Path(args.out) if args.out else settings.reports_dir,
                               resend=args.resend, pdf=args.pdf)
    print(run.summary())
    return 0 if run.ok else 1


def _dashboard(args: argparse.Namespace) -> int:
    settings = _published()
    from pipelines.dashboard import run_dashboard

    run_dashboard(settings.published_warehouse, host=args.host, port=args.port)
    return 0


def _sql(args: argparse.Namespace) -> int:
    settings = _published()
    from pipelines import sql_prompt
    from pipelines.local_files import LocalFileError, load_local_files

    try:
        local = load_local_files(args.allow_read)
    except LocalFileError as error:
        raise ArgumentError(str(error)) from None
    return sql_prompt.run(args.query, settings.published_warehouse, local_tables=local)


class _Parser(argparse.ArgumentParser):
    """argparse, with its errors on one line (no usage block) and exit code 2."""

    def error(self, message: str):  # argparse's hook for every usage error
        raise ArgumentError(f"{self.prog}: {message} (see {self.prog} --help)")


def parser() -> argparse.ArgumentParser:
    p = _Parser(prog="msp-insights", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    g = sub.add_parser("generate", help="write a synthetic MSP portfolio as landing files + _truth.json")
    g.add_argument("--out", required=True, help="landing directory to write")
    g.add_argument("--clients", type=cli_args.positive_int, default=20)
    g.add_argument("--months", type=cli_args.positive_int, default=12)
    g.add_argument("--seed", type=int, default=7)
    g.add_argument("--format", default="generic",
                   help="PSA entities: generic (default), connectwise, autotask, halopsa")
    g.add_argument("--monitoring-format", default=None,
                   help="devices and monitoring events: generic (default), ninjaone, datto_rmm, zabbix, prtg")
    g.set_defaults(func=_generate)

    b = sub.add_parser("build", help="ingest, transform, check, publish and report, in one process")
    b.add_argument("--landing", help="landing directory (default $MSP_LANDING_DIR or ./data/landing)")
    b.add_argument("--warehouse", help="DuckDB file (default $MSP_WAREHOUSE or ./data/warehouse.duckdb)")
    b.add_argument("--as-of", dest="as_of", type=cli_args.as_of_time,
                   help="ISO-8601 UTC time to measure open outages and tickets to")
    b.add_argument("--week", type=cli_args.iso_week,
                   help="ISO week for the reports, YYYY-Www (default: last complete week)")
    b.add_argument("--full", action="store_true",
                   help="rebuild every model, not only what is downstream of changed raw tables")
    b.add_argument("--no-wait", dest="no_wait", action="store_true",
                   help="if another build is running on this warehouse, stop at once (exit 75) "
                   "instead of waiting for it")
    b.add_argument("--quiet", action="store_true",
                   help="no progress while building (the summary is still printed)")
    b.add_argument("--allow-rejected", dest="allow_rejected", action="store_true",
                   help="publish even if a landing file was rejected whole (its rows are missing)")
    b.add_argument("--pull", action="store_true",
                   help="first pull what changed from every configured vendor API (see `pull`)")
    b.set_defaults(func=_build)

    pl = sub.add_parser("pull", help="fetch what changed from the configured PSA and RMM APIs into landing/")
    pl.add_argument("--source", action="append", default=[], metavar="NAME",
                    help="only this source (connectwise, autotask, halopsa, ninjaone, datto_rmm, "
                    "zabbix, prtg); repeatable; default: every configured one")
    pl.add_argument("--full", action="store_true", help="forget the cursors: pull everything again")
    pl.add_argument("--landing", help="landing directory (default $MSP_LANDING_DIR or ./data/landing)")
    pl.add_argument("--quiet", action="store_true", help="no progress (the summary is still printed)")
    pl.set_defaults(func=_pull)

    r = sub.add_parser("report", help="write (and email) the weekly client health reports")
    r.add_argument("--week", type=cli_args.iso_week,
                   help="ISO week YYYY-Www (default: last complete week of the data)")
    r.add_argument("--out", help="reports directory (default $MSP_DATA_DIR/reports)")
    r.add_argument("--resend", action="store_true", help="email again even if already sent")
    r.add_argument("--pdf", action="store_true", help="also print each report to PDF (Debian chromium)")
    r.set_defaults(func=_report)

    d = sub.add_parser("dashboard", help="the leadership dashboard on localhost")
    d.add_argument("--host", default="127.0.0.1")
    d.add_argument("--port", type=cli_args.port, default=8050)
    d.set_defaults(func=_dashboard)

    q = sub.add_parser("sql", help="read-only SQL on the published warehouse")
    q.add_argument("query", nargs="?", help="one query; none starts an interactive prompt")
    q.add_argument("--allow-read", dest="allow_read", action="append", default=[], metavar="PATH",
                   help="also offer this CSV/Parquet/JSON file (or a folder's files) as a read-only "
                   "table named after the file; repeatable")
    q.set_defaults(func=_sql)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run a command. A bad invocation is one line and exit 2; a failure is one line and exit 1,
    with its cause (not a traceback; MSP_DEBUG=1 shows the traceback)."""
    try:
        args = parser().parse_args(argv)
    except ArgumentError as error:
        print(error, file=sys.stderr)
        return USAGE_ERROR
    try:
        return args.func(args)
    except ArgumentError as error:
        print(f"msp-insights {args.command}: {error}", file=sys.stderr)
        return USAGE_ERROR
    except KeyboardInterrupt:
        print("msp-insights: interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # the last line of defence: one line, no traceback
        if os.environ.get("MSP_DEBUG"):
            raise
        print(f"msp-insights: error: {_cause(error)}", file=sys.stderr)
        return 1


def entry() -> None:
    """The `msp-insights` console script: main(), then exit without the interpreter's teardown.

    A build leaves Dagster's, dbt's and Great Expectations' objects in memory, and freeing them
    one by one at exit took about 2 s after every build; files and connections are closed by
    then, and the output is flushed here.
    """
    code = main()
    if "dbt.adapters.factory" in sys.modules:
        # dagster-dbt's in-process dbt adapter holds multiprocessing locks: release them, or
        # multiprocessing's resource tracker warns of leaked semaphores after the exit.
        from dbt.adapters.factory import reset_adapters

        reset_adapters()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _cause(error: BaseException) -> str:
    """The innermost error, on one line: what went wrong, not where."""
    while error.__cause__ is not None or (error.__context__ and not error.__suppress_context__):
        error = error.__cause__ or error.__context__
    if isinstance(error, OSError) and error.errno == errno.ENOSPC:
        where = f" writing {error.filename}" if error.filename else ""
        return f"no space left on the device{where}: free some space and run it again"
    first_line = (str(error).strip().splitlines() or [type(error).__name__])[0]
    return first_line if ":" in first_line else f"{type(error).__name__}: {first_line}"


if __name__ == "__main__":
    sys.exit(main())
