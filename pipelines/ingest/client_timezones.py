"""Where ingest finds a client's time zone: the generic clients.csv or a PSA's client_map.csv.

Generic ticket, time and monitoring files carry naive local times, and ingest compares them
(resolved after started) in the client's zone. A generic monitoring export may sit beside a
vendor PSA's files, whose clients are defined by that PSA's client_map.csv, not raw.clients.
dbt's stg_shared__client_timezones makes the same choice for the models.
"""

from __future__ import annotations

import duckdb

# Files that define clients load before every other file (runner.ingest).
CLIENT_DEFINING_ENTITIES = frozenset({"clients", "client_map"})


def client_timezones_sql(con: duckdb.DuckDBPyConnection) -> str:
    """A subquery of (client_id, timezone), one row per client; generic clients.csv wins."""
    maps = [
        name
        for (name,) in con.execute(
            "select table_name from duckdb_tables()"
            " where schema_name = 'raw' and table_name like '%\\_\\_client_map' escape '\\'"
            " order by table_name"
        ).fetchall()
    ]
    parts = ["select client_id, timezone, 0 as rank from raw.clients where timezone is not null"]
    parts += [
        f"select record ->> 'client_id', nullif(trim(record ->> 'timezone'), ''), {i} "  # noqa: S608
        f'from raw."{name}"'
        for i, name in enumerate(maps, start=1)
    ]
    union = " union all ".join(parts)
    # A map's zone is the MSP's free text: one DuckDB does not know counts as none (UTC), as
    # in dbt, rather than failing the load.
    return (
        f"(select client_id, arg_min(zones.name, rank) as timezone from ({union}) as given"  # noqa: S608
        " join pg_timezone_names() as zones on lower(zones.name) = lower(given.timezone)"
        " group by client_id)"
    )
