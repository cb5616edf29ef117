"""Benchmark: the quality gates on a margin mart of ~100k client-months. Prints figures.

    .venv/bin/python tests/quality/bench_quality.py [--clients 2000] [--months 50]

Builds a scratch warehouse (temp dir) with the tables the margin suite reads, then times the
first table check (GX import and context included) and a warm one, as a build runs them.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import duckdb

_BUILD = """
create schema raw; create schema intermediate; create schema marts;
create table intermediate.int_as_of as select timestamp '2024-12-31 18:00:00' as as_of;
create table intermediate.int_client_months as
select 'C' || lpad(c::varchar, 5, '0') as client_id, cast(m as date) as month
from range(getvariable('clients')) as r (c),
     unnest(generate_series(timestamp '2024-12-01' - to_months(getvariable('months') - 1), timestamp '2024-12-01',
                            interval 1 month)) as s (m);
create table raw.clients as
select distinct client_id, 'Client ' || client_id as client_name, 'UTC' as timezone
from intermediate.int_client_months;
create table raw.invoice_lines as
select 'I' || client_id || month as invoice_id, 1 as line_number, client_id, month as invoice_date,
       month as period_start, cast(month + interval 1 month - interval 1 day as date) as period_end,
       'recurring_fee' as line_type, cast(1000 + hash(client_id) % 500 as decimal(18, 2)) as amount
from intermediate.int_client_months;
create table raw.time_entries as
select 'T' || client_id || month as time_entry_id, client_id, 'X1' as technician_id,
       strftime(month + interval 3 day, '%Y-%m-%dT%H:%M:%SZ') as started_at,
       2.5 as hours, true as billable
from intermediate.int_client_months;
create table marts.fct_client_margin_monthly as
select m.client_id, m.month, 'managed' as support_model, l.amount as revenue,
       2.5::double as labor_hours, 2.5::double as billable_hours,
       100.00::decimal(18, 2) as labor_cost, 0.00::decimal(18, 2) as parts_cost,
       6.00::decimal(18, 2) as tooling_cost, 106.00::decimal(18, 2) as total_cost,
       (l.amount - 106)::decimal(18, 2) as gross_margin,
       100 * (l.amount - 106)::double / l.amount::double as gross_margin_pct
from intermediate.int_client_months as m
join raw.invoice_lines as l on l.client_id = m.client_id and l.invoice_date = m.month;
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=2000)
    parser.add_argument("--months", type=int, default=50)
    args = parser.parse_args()

    started = time.perf_counter()
    from pipelines.quality import check_table, find_guarded_table, load_quality_config

    config = load_quality_config()
    guarded = find_guarded_table(config.expectations_dir, "marts.fct_client_margin_monthly")
    print(f"import pipelines.quality: {time.perf_counter() - started:.2f} s")

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.duckdb"
        with duckdb.connect(str(path)) as con:
            con.execute("set variable clients = ?", [args.clients])
            con.execute("set variable months = ?", [args.months])
            con.execute(_BUILD)
            rows = con.sql("select count(*) from marts.fct_client_margin_monthly").fetchall()[0][0]
            print(f"margin mart: {rows:,} rows, {len(guarded.columns_needed())} columns checked")
            for label in ("cold (GX import + context)", "warm", "warm"):
                started = time.perf_counter()
                outcomes = check_table(con, guarded, config)
                seconds = time.perf_counter() - started
                failed = [o.check_name for o in outcomes if not o.passed]
                print(f"{label}: {seconds:.2f} s for {len(outcomes)} checks, failed: {failed}")
            started = time.perf_counter()
            con.sql(
                f"select {', '.join(guarded.columns_needed())} "  # noqa: S608 - suite names
                "from marts.fct_client_margin_monthly"
            ).df()
            print(
                f"  of which fetching the columns into pandas: {time.perf_counter() - started:.2f} s"
            )


if __name__ == "__main__":
    main()
