"""Every client a table names exists in marts.dim_clients (nothing attributed to a stranger)."""

from __future__ import annotations

from typing import Any

import duckdb

from pipelines.quality.outcome import CheckOutcome
from pipelines.quality.sql_check_base import offending_rows, outcome_from_problems
from pipelines.quality.suites import GuardedTable, check_identifier, quoted

_PROBLEMS = """
select t.{client} as client_id, count(*) as rows
from {table} as t
anti join marts.dim_clients as c on c.client_id = t.{client}
where t.{client} is not null
group by all
"""


def clients_known(
    con: duckdb.DuckDBPyConnection, guarded: GuardedTable, spec: dict[str, Any], _config: Any
) -> CheckOutcome:
    client = check_identifier(spec.get("client_column", "client_id"))
    sql = _PROBLEMS.format(table=quoted(guarded.table_name), client=client)
    count, examples = offending_rows(con, sql)
    return outcome_from_problems(
        guarded,
        spec,
        rule="every client_id exists in marts.dim_clients",
        column_name=client,
        count=count,
        examples=examples,
        what="client ids not in marts.dim_clients",
    )
