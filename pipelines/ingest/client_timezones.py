"""Where ingest finds a client's time zone: the generic clients.csv or a PSA's client_map.csv.

Generic ticket, time and monitoring files carry naive local times, and ingest compares them
(resolved after started) in the client's zone. A generic monitoring export may sit beside a
vendor PSA's files, whose clients are defined by that PSA's client_map.csv, not raw.clients.
dbt's stg_shared__client_timezones makes the same choice for the models.

A client whose row is quarantined in this run keeps the zone of its last good load: raw
keeps that row (a refused row never replaces a good one), and when a table is read again
from landing (reread.py) the zones remembered before it was emptied stand in. A client
with no zone at all has its naive times read as UTC, and the file's registry row says so.
"""

from __future__ import annotations

import duckdb

# Files that define clients load before every other file (runner.ingest).
CLIENT_DEFINING_ENTITIES = frozenset({"clients", "client_map"})
REMEMBERED = "_remembered_client_timezones"


def remember_client_timezones(con: duckdb.DuckDBPyConnection) -> None:
    """Keep, for this connection, the zones raw holds now (the last good loads')."""
    con.execute(
        f"create or replace temp table {REMEMBERED} as"  # noqa: S608 - constant name
        f" select client_id, timezone from {client_timezones_sql(con, remembered=False)}"
    )


def client_timezones_sql(con: duckdb.DuckDBPyConnection, remembered: bool = True) -> str:
    """A subquery of (client_id, timezone), one row per known client (timezone NULL when none
    is given: UTC); generic clients.csv wins, the zones remembered before this run's loads (if
    any) come last."""
    tables = [
        name
        for (name,) in con.execute(
            "select table_name from duckdb_tables() where schema_name = 'raw' and"
            " (table_name = 'clients' or table_name like '%\\_\\_client_map' escape '\\')"
            " order by table_name <> 'clients', table_name"
        ).fetchall()
    ]
    maps = [name for name in tables if name != "clients"]
    parts = (
        ["select client_id, timezone, 0 as rank from raw.clients"] if "clients" in tables else []
    )
    parts += [
        "select record ->> 'client_id' as client_id,"  # noqa: S608
        f" nullif(trim(record ->> 'timezone'), '') as timezone, {i} as rank "
        f'from raw."{name}"'
        for i, name in enumerate(maps, start=1)
    ]
    if (
        remembered
        and con.execute(
            "select count(*) from duckdb_tables() where temporary and table_name = ?", [REMEMBERED]
        ).fetchall()[0][0]
    ):
        parts.append(f"select client_id, timezone, {len(maps) + 1} as rank from {REMEMBERED}")  # noqa: S608
    if not parts:  # no source defines clients (a custom set of sources)
        return "(select null::varchar as client_id, null::varchar as timezone where false)"
    union = " union all ".join(parts)
    # A map's zone is the MSP's free text: one DuckDB does not know counts as none (UTC), as
    # in dbt, rather than failing the load.
    return (
        "(select client_id,"  # noqa: S608
        " arg_min(zones.name, rank) filter (where zones.name is not null) as timezone"
        f" from ({union}) as given"
        " left join pg_timezone_names() as zones on lower(zones.name) = lower(given.timezone)"
        " group by client_id)"
    )
