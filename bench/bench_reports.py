"""Time the weekly reports: `python bench/bench_reports.py [--warehouse FILE] [--clients N] [--week YYYY-Www]`.

Without --warehouse, builds the test fixture warehouse with N clients (default 300)
in a temporary folder. Prints the seconds to write every report (no email).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "reports")]

from pipelines.reports import write_weekly_reports  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--warehouse", type=Path, help="a published warehouse (default: a fixture)")
    parser.add_argument("--clients", type=int, default=300)
    parser.add_argument("--week", default=None)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-reports-") as tmp:
        warehouse = args.warehouse
        if warehouse is None:
            from report_fixture_warehouse import build_fixture_warehouse

            started = time.perf_counter()
            warehouse = build_fixture_warehouse(
                Path(tmp) / "warehouse.duckdb", clients=args.clients
            )
            print(
                f"fixture warehouse, {args.clients} clients: built in {time.perf_counter() - started:.1f} s"
            )
        timings = []
        for attempt in range(args.repeat):
            started = time.perf_counter()
            run = write_weekly_reports(
                warehouse, args.week, Path(tmp) / f"out{attempt}", send=False
            )
            timings.append(time.perf_counter() - started)
        size = sum(p.stat().st_size for p in run.files_written) / len(run.files_written) / 1024
        print(
            f"week {run.week}: {len(run.client_reports)} client reports + portfolio, "
            f"{size:.0f} KiB each on average"
        )
        print(
            f"seconds per run: {', '.join(f'{t:.2f}' for t in timings)} (best {min(timings):.2f})"
        )


if __name__ == "__main__":
    main()
