"""Drift and loss of a client's measure: from one period to the next, and against the last
published build.

A measure is either a column summed per period (``value_column``, e.g. revenue) or a count of
rows by a timestamp (``count_by``, e.g. tickets by created_at), per client.

- ``client_measure_drift`` compares the last complete period before the as-of time (a month or
  week that ended by then) with the one before it. Small numbers swing: a client is only
  flagged when the larger of the two values reaches ``min_base``. From zero to ``min_base`` or
  more counts as drift.
- ``client_measure_kept`` compares every complete month with the same client-month in the last
  published build (the read-only copy readers use): a month that held at least ``min_base`` and
  now keeps less than MSP_LOST_DATA_MIN_SHARE % of it (default 50) lost data, e.g. a file
  that no longer loads. Only months complete in both builds count (ended by both as-of times),
  from the first month the new build holds: history dropped on purpose from the front is not
  a loss, a hole in the middle or a client gone is. No published build yet: nothing to compare.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from pipelines.quality.config import QualityConfig
from pipelines.quality.outcome import CheckOutcome
from pipelines.quality.sql_check_base import offending_rows, outcome_from_problems
from pipelines.quality.suites import GuardedTable, check_identifier, check_table_name, quoted

_STEP = {"month": "1 month", "week": "1 week"}

# One series per client and period: {measure} over {table}, by the period {period} falls in ($1).
_SERIES = """
    select
        {client} as client_id,
        date_trunc($1, cast({period} as timestamp)) as period,
        {measure} as measure
    from {table}
    group by all
"""

_DRIFT = """
with as_of as (
    select max(as_of) as as_of from intermediate.int_as_of
),
series as ({series}),
last_complete as (
    select max(period) as period
    from series, as_of
    where period + cast($2 as interval) <= as_of.as_of
),
pairs as (
    select
        clients.client_id,
        cast(last_complete.period as date) as period,
        coalesce(previous.measure, 0) as previous_value,
        coalesce(latest.measure, 0) as latest_value
    from (select distinct client_id from series) as clients
    cross join last_complete
    left join series as latest
        on latest.client_id = clients.client_id and latest.period = last_complete.period
    left join series as previous
        on previous.client_id = clients.client_id
        and previous.period = last_complete.period - cast($2 as interval)
)
select client_id, period, previous_value, latest_value
from pairs
where greatest(previous_value, latest_value) >= $3
  and greatest(previous_value, latest_value) > $4 * greatest(least(previous_value, latest_value), 0)
"""

PUBLISHED = "published_copy"  # the alias the published warehouse is attached under

_KEPT = """
with months_both_hold as (
    select
        (select min(month) from intermediate.int_client_months) as first_month,
        least(
            (select max(as_of) from intermediate.int_as_of),
            (select max(as_of) from {published}.intermediate.int_as_of)
        ) as complete_before
),
current_series as ({current_series}),
published_series as ({published_series}),
compared as (
    select
        p.client_id,
        cast(p.period as date) as month,
        p.measure as published_value,
        coalesce(c.measure, 0) as value
    from published_series as p
    cross join months_both_hold as b
    left join current_series as c on c.client_id = p.client_id and c.period = p.period
    where p.period >= b.first_month
      and p.period + interval 1 month <= b.complete_before
)
select
    client_id,
    month,
    published_value,
    value,
    round(100 * value / published_value, 1) as kept_pct,
    sum(published_value) over () as published_total,
    sum(value) over () as total
from compared
where published_value >= $2 and value < $3 * published_value
"""


def _measure(spec: dict[str, Any], grain: str) -> tuple[str, str, str]:
    """(column named in reports, period column, SQL of the measure) of a check's spec."""
    if "value_column" in spec:
        column = check_identifier(spec["value_column"])
        return column, check_identifier(spec.get("period_column", grain)), f"sum({column})"
    column = check_identifier(spec["count_by"])
    return column, column, "count(*)"


def client_measure_drift(
    con: duckdb.DuckDBPyConnection, guarded: GuardedTable, spec: dict[str, Any], _config: Any
) -> CheckOutcome:
    grain = spec.get("grain", "month")
    if grain not in _STEP:
        raise ValueError(f"grain must be month or week, not {grain!r}")
    client = check_identifier(spec.get("client_column", "client_id"))
    column, period, measure = _measure(spec, grain)
    factor = float(spec.get("factor", 2.0))
    min_base = float(spec.get("min_base", 0))
    series = _SERIES.format(
        table=quoted(guarded.table_name), client=client, period=period, measure=measure
    )
    sql = _DRIFT.format(series=series)
    count, examples = offending_rows(con, sql, [grain, _STEP[grain], min_base, factor])
    what = column if "value_column" in spec else "rows"
    return outcome_from_problems(
        guarded,
        spec,
        rule=f"{what} per client moves by at most x{factor:g} {grain} over {grain}",
        column_name=column,
        count=count,
        examples=examples,
        what=f"clients whose {what} moved by more than x{factor:g} in the last complete {grain}",
    )


def client_measure_kept(
    con: duckdb.DuckDBPyConnection,
    guarded: GuardedTable,
    spec: dict[str, Any],
    config: QualityConfig,
) -> CheckOutcome:
    """Complete months against the last published build; ``table`` in the spec reads another
    table than the guarded one (monitoring events, which no mart counts)."""
    table = check_table_name(spec.get("table", guarded.table_name))
    client = check_identifier(spec.get("client_column", "client_id"))
    column, period, measure = _measure(spec, "month")
    what = column if "value_column" in spec else f"{table.split('.')[-1]} rows by {column}"
    min_base = float(spec.get("min_base", 0))
    share = config.lost_data_min_share_pct
    rule = (
        f"every complete month keeps at least {share:g} % of its {what} per client in the last "
        f"published build (months that held at least {min_base:g})"
    )

    def outcome(count: int, examples: list[dict[str, Any]], observed: str) -> CheckOutcome:
        result = outcome_from_problems(guarded, spec, rule, column, count, examples, what=observed)
        result.details["rule"] |= {"table": table, "min_share_pct": share}
        return result

    if share <= 0:
        return outcome(0, [], "client-months compared: off (MSP_LOST_DATA_MIN_SHARE=0)")
    with _published(con, config.published_warehouse) as missing:
        if missing or not _has_table(con, f"{PUBLISHED}.{table}"):
            return outcome(0, [], f"client-months compared: {missing or f'no {table} published'}")

        def series(of_table: str) -> str:
            return _SERIES.format(client=client, period=period, measure=measure, table=of_table)

        sql = _KEPT.format(
            published=PUBLISHED,
            current_series=series(quoted(table)),
            published_series=series(f"{PUBLISHED}.{quoted(table)}"),
        )
        count, examples = offending_rows(con, sql, ["month", min_base, share / 100])
    if not count:
        return outcome(0, [], f"client-months whose {what} fell below {share:g} % of the published")
    published_total, total = examples[0]["published_total"], examples[0]["total"]
    rows = [{k: v for k, v in e.items() if not k.endswith("total")} for e in examples]
    return outcome(
        count,
        rows,
        f"complete client-months whose {what} fell below {share:g} % of the last published build: "
        f"{_number(published_total)} published, {_number(total)} now",
    )


def _number(value: float) -> str:
    return (
        f"{value:,.2f}" if isinstance(value, float) and not value.is_integer() else f"{value:,.0f}"
    )


@contextmanager
def _published(con: duckdb.DuckDBPyConnection, path: Path | None) -> Iterator[str]:
    """Attach the published copy read-only for the block; yields why not ('' when attached).

    No published copy yet, or one that does not open (a broken copy must not stop the build
    that replaces it): nothing to compare."""
    if path is None or not Path(path).is_file():
        yield "no published build yet"
        return
    literal = str(path).replace("'", "''")
    try:
        con.execute(f"attach '{literal}' as {PUBLISHED} (read_only)")
    except duckdb.Error as error:
        yield f"the published copy does not open ({str(error).splitlines()[0]})"
        return
    try:
        yield ""
    finally:
        con.execute(f"detach {PUBLISHED}")


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    database, schema, table = name.split(".")
    return bool(
        con.execute(
            "select count(*) from duckdb_tables() "
            "where database_name = ? and schema_name = ? and table_name = ?",
            [database, schema, table],
        ).fetchall()[0][0]
    )
