"""Benchmark (not a test): ingest rows/second on a synthetic monitoring_events CSV.

    .venv/bin/python -m tests.ingest.bench_ingest --rows 1000000 [--cp1252]

Writes everything under a fresh temp dir; prints figures; deletes nothing you own.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import duckdb

from pipelines.ingest import ingest_landing


def write_landing(landing: Path, n_rows: int, cp1252: bool) -> None:
    generic = landing / "generic"
    generic.mkdir(parents=True)
    zones = ["Europe/London", "America/New_York", "Europe/Berlin", "UTC"]
    with duckdb.connect() as con:
        con.execute(
            f"""
            copy (
                select printf('C%04d', i) as client_id, 'Client ' || i as client_name,
                    {zones}[1 + i % 4] as timezone, '£1,250.00' as downtime_cost_per_hour,
                from range(200) t(i)
            ) to '{generic / "clients.csv"}' (header, delimiter ',')
            """  # noqa: S608 - benchmark fixture, paths from tempfile
        )
        # 1 row in 1000 is bad (resolved before started), 1 in 5000 a duplicate event id.
        con.execute(
            f"""
            copy (
                select
                    printf('E%09d', case when i % 5000 = 1 then i - 1 else i end) as event_id,
                    printf('C%04d', i % 200) as client_id,
                    printf('D%06d', i % 20000) as device_id,
                    'Ping Check — São Paulo' as check_name,
                    ['critical', 'major', 'minor', 'warning', 'info'][1 + i % 5] as severity,
                    strftime(timestamp '2024-01-01' + to_seconds(i * 30), '%Y-%m-%dT%H:%M:%S')
                        || case when i % 2 = 0 then 'Z' else '' end as started_at,
                    case when i % 1000 = 7
                        then strftime(timestamp '2024-01-01' + to_seconds(i * 30 - 7200), '%Y-%m-%d %H:%M:%S')
                        when i % 10 = 3 then ''
                        else strftime(timestamp '2024-01-01' + to_seconds(i * 30 + 600), '%Y-%m-%dT%H:%M:%S')
                    end || case when i % 2 = 0 and i % 10 <> 3 then 'Z' else '' end as resolved_at,
                    case when i % 7 = 0 then 'yes' else 'no' end as in_maintenance,
                from range({n_rows}) t(i)
            ) to '{generic / "monitoring_events.csv"}' (header, delimiter ',')
            """  # noqa: S608
        )
    if cp1252:
        path = generic / "monitoring_events.csv"
        text = path.read_text(encoding="utf-8").replace("—", "-").replace("ã", "a")
        path.write_bytes(text.replace("Ping", "Pïng").encode("cp1252"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument(
        "--cp1252", action="store_true", help="write the events file as Windows-1252"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="msp_bench_ingest_") as tmp:
        landing = Path(tmp) / "landing"
        write_landing(landing, args.rows, args.cp1252)
        size_mb = (landing / "generic" / "monitoring_events.csv").stat().st_size / 1e6
        start, cpu_start = time.perf_counter(), time.process_time()
        summary = ingest_landing(landing, Path(tmp) / "warehouse.duckdb")
        seconds = time.perf_counter() - start
        cpu_seconds = time.process_time() - cpu_start  # all threads: honest on a shared box
        events = summary.by_table()["monitoring_events"]
        print(summary.format())
        print(
            f"{args.rows} event rows ({size_mb:.0f} MB{', cp1252' if args.cp1252 else ''}) in"
            f" {seconds:.1f} s wall ({args.rows / seconds:,.0f} rows/s), {cpu_seconds:.1f} s CPU;"
            f" loaded {events.rows_loaded}, quarantined {events.rows_quarantined}"
        )


if __name__ == "__main__":
    main()
