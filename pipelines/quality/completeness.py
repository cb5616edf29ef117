"""Completeness: every client has a row for every month (or week) of its range and no others;
the range stays inside what dates allow; every entity a report needs has rows.

- ``client_periods_complete``: the range is the client spine of the intermediate layer
  (``intermediate.int_client_months`` or ``intermediate.int_client_weeks``: first agreement or
  first activity to the as-of period). A mart that drops a client-month in a join or a filter,
  or adds one outside the range, fails.
- ``client_periods_within_dates``: no client-period before MSP_EARLIEST_MONTH (default 2000-01)
  or after the as-of period or the period the build runs in. One ticket dated 0001-01-01 would
  otherwise give its client 24,000 empty months (and every mart and report with them); an
  event dated 2099 would move the as-of time, and every client's range, into the future.
- ``required_entities_present``: the entities without which the marts are wrong rather than
  empty (no invoice lines: every client loses money) each have rows in the intermediate layer,
  which unites every source system. An entity can be required only when another has rows
  (monitoring events, when any device is known).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import duckdb

from pipelines.quality.config import QualityConfig
from pipelines.quality.outcome import CheckOutcome
from pipelines.quality.sql_check_base import offending_rows, outcome_from_problems
from pipelines.quality.suites import GuardedTable, check_identifier, quoted

# The client-period spine of each grain, and its period column (sql_checks.tables_read too).
SPINES = {
    "month": ("intermediate.int_client_months", "month"),
    "week": ("intermediate.int_client_weeks", "week_start"),
}

_PROBLEMS = """
with expected as (
    select client_id, cast({spine_period} as date) as period from {spine}
),
actual as (
    select {client} as client_id, cast({period} as date) as period from {table}
)
select 'missing' as problem, e.client_id, e.period
from expected as e
anti join actual as a on a.client_id = e.client_id and a.period = e.period
union all
select 'not expected', a.client_id, a.period
from actual as a
anti join expected as e on a.client_id = e.client_id and a.period = e.period
"""

# $1 grain, $2 earliest month, $3 the build's clock (naive UTC).
_OUTSIDE_DATES = """
with bounds as (
    select
        cast(date_trunc($1, cast($2 as date)) as date) as first_allowed,
        cast(date_trunc($1, least(max(as_of), cast($3 as timestamp))) as date) as last_allowed
    from intermediate.int_as_of
),
periods as (
    select {client} as client_id, cast({period} as date) as period from {table}
)
select
    periods.client_id,
    min(periods.period) as first_period,
    max(periods.period) as last_period,
    count(*) filter (
        where periods.period < bounds.first_allowed or periods.period > bounds.last_allowed
    ) as periods_outside,
    any_value(bounds.first_allowed) as first_allowed,
    any_value(bounds.last_allowed) as last_allowed,
    cast(sum(count(*) filter (
        where periods.period < bounds.first_allowed or periods.period > bounds.last_allowed
    )) over () as bigint) as periods_outside_total
from periods, bounds
group by periods.client_id
having count(*) filter (
    where periods.period < bounds.first_allowed or periods.period > bounds.last_allowed
) > 0
"""


def client_periods_complete(
    con: duckdb.DuckDBPyConnection, guarded: GuardedTable, spec: dict[str, Any], _config: Any
) -> CheckOutcome:
    grain = spec.get("grain", "month")
    if grain not in SPINES:
        raise ValueError(f"grain must be month or week, not {grain!r}")
    spine, spine_period = SPINES[grain]
    period = check_identifier(spec.get("period_column", spine_period))
    client = check_identifier(spec.get("client_column", "client_id"))
    sql = _PROBLEMS.format(
        spine=quoted(spine),
        spine_period=spine_period,
        table=quoted(guarded.table_name),
        period=period,
        client=client,
    )
    count, examples = offending_rows(con, sql)
    return outcome_from_problems(
        guarded,
        spec,
        rule=f"one row per client and {grain} from its first {grain} to the as-of {grain} "
        f"({spine})",
        column_name=f"{client},{period}",
        count=count,
        examples=examples,
        what=f"client-{grain}s missing or not expected",
    )


def client_periods_within_dates(
    con: duckdb.DuckDBPyConnection,
    guarded: GuardedTable,
    spec: dict[str, Any],
    config: QualityConfig,
    now: datetime | None = None,
) -> CheckOutcome:
    grain = spec.get("grain", "month")
    if grain not in SPINES:
        raise ValueError(f"grain must be month or week, not {grain!r}")
    period = check_identifier(spec.get("period_column", SPINES[grain][1]))
    client = check_identifier(spec.get("client_column", "client_id"))
    now = (now or datetime.now(UTC)).replace(tzinfo=None)  # warehouse times are naive UTC
    sql = _OUTSIDE_DATES.format(table=quoted(guarded.table_name), client=client, period=period)
    clients, examples = offending_rows(con, sql, [grain, config.earliest_month, now])
    earliest = f"{config.earliest_month:%Y-%m}"
    rule = (
        f"every client-{grain} from {earliest} to the as-of {grain}, and none after the {grain} "
        "the build runs in"
    )
    if not clients:
        what = f"client-{grain}s outside the dates allowed"
        return outcome_from_problems(guarded, spec, rule, period, 0, [], what)
    total = examples[0]["periods_outside_total"]
    first, last = examples[0]["first_allowed"], examples[0]["last_allowed"]
    rows = [{k: v for k, v in e.items() if not k.endswith("_total")} for e in examples]
    outcome = outcome_from_problems(
        guarded,
        spec,
        rule,
        period,
        total,
        rows,
        what=f"client-{grain}s of {clients} clients outside {first} .. {last} "
        f"(table rows: {_row_count(con, guarded.table_name):,})",
    )
    outcome.details["clients_outside"] = clients
    return outcome


def _row_count(con: duckdb.DuckDBPyConnection, table_name: str) -> int:
    return con.execute(f"select count(*) from {quoted(table_name)}").fetchall()[0][0]  # noqa: S608 - checked name


def entities_named(spec: dict[str, Any]) -> list[str]:
    """The entities a required_entities_present spec counts, each once: the required ones, the
    conditional ones and those they are conditional on."""
    when = spec.get("required_when") or {}
    return list(dict.fromkeys([*spec.get("entities", []), *when, *when.values()]))


def required_entities_present(
    con: duckdb.DuckDBPyConnection, guarded: GuardedTable, spec: dict[str, Any], _config: Any
) -> CheckOutcome:
    """spec: ``entities`` (always required), ``required_when`` ({entity: entity that makes it
    required when it has rows}); each entity is counted in ``intermediate.int_<entity>``."""
    required = [check_identifier(e) for e in spec.get("entities", [])]
    conditional = {
        check_identifier(e): check_identifier(c)
        for e, c in (spec.get("required_when") or {}).items()
    }
    named = entities_named(spec)
    if not named:
        raise ValueError("required_entities_present names no entities")
    counts = " union all ".join(
        f"select '{e}' as entity, (select count(*) from intermediate.int_{e}) as row_count"  # noqa: S608 - checked names
        for e in named
    )
    conditions = " union all ".join(
        [f"select '{e}' as entity, null as required_when" for e in required]
        + [f"select '{e}', '{c}'" for e, c in conditional.items()]
    )
    sql = f"""
        with counts as ({counts}),
        rules as ({conditions})
        select
            rules.entity,
            'intermediate.int_' || rules.entity as table_name,
            counts.row_count,
            rules.required_when,
            condition.row_count as rows_of_required_when
        from rules
        join counts using (entity)
        left join counts as condition on condition.entity = rules.required_when
        where counts.row_count = 0
          and (rules.required_when is null or condition.row_count > 0)
    """  # noqa: S608 - checked names
    count, examples = offending_rows(con, sql)
    missing = ", ".join(
        e["entity"]
        + (f" (though {e['required_when']} has {e['rows_of_required_when']:,} rows)"
           if e["required_when"] else "")
        for e in examples
    )  # fmt: skip
    return outcome_from_problems(
        guarded,
        spec,
        rule="rows in intermediate.int_<entity> for "
        + ", ".join(required)
        + "".join(f"; {e} when {c} has rows" for e, c in conditional.items()),
        column_name=None,
        count=count,
        examples=examples,
        what=f"required entities with no rows: {missing}"
        if count
        else "required entities with no rows",
    )
