"""Which raw tables ingest rebuilds from the landing files, so that a bad row never sticks.

Raw is cumulative: a file is loaded once (by sha256) and its rows stay until a later row of
the same key replaces them, so weekly drops add up and old files may be archived away. That
alone lets a poisoned load outlive its file: putting the original back is skipped (its hash
was loaded), and a corrected re-export replaces only the keys it holds. So a raw table is
emptied and read again from its current landing files, in load order, when

- `full` is asked (`msp-insights build --full`), or
- it holds rows of a load whose content is no longer in landing, and either
  - that file's path now holds other content (the file was replaced: a corrected re-export,
    or the original put back), or
  - the load came after a load of content that is still in landing (the later, now removed,
    file may have replaced rows of the one still there: a poisoned drop taken away).

Files removed that were loaded before everything still in landing (archived weekly drops)
trigger nothing: their rows stay. Rebuilding a table also clears its rows in raw.quarantine
and raw.ingested_files, which then describe the files read again.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import duckdb

from pipelines.ingest.landing import scan
from pipelines.ingest.raw_tables import RawTable

# raw table name of a registry row (summary.table_name, in SQL).
_TABLE_OF = (
    "case when source_system = 'generic' then entity else source_system || '__' || entity end"
)


def tables_to_reread(
    con: duckdb.DuckDBPyConnection,
    landing: Iterable[tuple[str, str, str]],
    tables: Iterable[RawTable],
    full: bool = False,
) -> dict[str, str]:
    """raw table name -> why it is read again. `landing`: (raw table, file path, sha256) of
    every landing file now; `tables`: every raw table ingest writes."""
    tables = {t.name: t for t in tables}
    if full:
        return {name: "full re-read asked for" for name in tables}
    con.execute(
        "create or replace temp table _landing_now"
        " (table_name varchar, file_path varchar, sha256 varchar)"
    )
    landing = list(landing)
    if landing:
        con.executemany("insert into _landing_now values (?, ?, ?)", landing)
    # Loads of content no longer in landing that may have left rows behind (cheap: registry only).
    suspects = con.execute(
        f"""
        with loads as (
            select {_TABLE_OF} as table_name, file_path, sha256, loaded_at
            from raw.ingested_files
            where status = 'loaded'
        ),
        present as (
            select l.table_name, min(l.loaded_at) as first_loaded_at
            from loads as l
            semi join _landing_now as n on n.table_name = l.table_name and n.sha256 = l.sha256
            group by l.table_name
        )
        select g.table_name, g.file_path, g.loaded_at,
            exists (
                select 1 from _landing_now as n
                where n.table_name = g.table_name and n.file_path = g.file_path
            ) as path_replaced,
        from loads as g
        left join present as p on p.table_name = g.table_name
        where not exists (
                select 1 from _landing_now as n
                where n.table_name = g.table_name and n.sha256 = g.sha256
            )
            and (
                exists (
                    select 1 from _landing_now as n
                    where n.table_name = g.table_name and n.file_path = g.file_path
                )
                or g.loaded_at > p.first_loaded_at
            )
        order by g.table_name, g.loaded_at, g.file_path
        """  # noqa: S608 - constant SQL
    ).fetchall()
    con.execute("drop table _landing_now")
    why: dict[str, str] = {}
    for table_name, file_path, loaded_at, path_replaced in suspects:
        if table_name in why or table_name not in tables:
            continue
        (left_rows,) = con.execute(
            f"select exists (select 1 from {tables[table_name].qualified}"  # noqa: S608 - registry name
            " where _source_file = ? and _loaded_at = ?)",
            [file_path, loaded_at],
        ).fetchall()[0]
        if left_rows:
            why[table_name] = (
                f"{file_path} was replaced by other content"
                if path_replaced
                else f"{file_path} (loaded {loaded_at:%Y-%m-%d %H:%M}) is no longer in landing"
                " and was loaded after files that still are"
            )
    return why


def clear_for_reread(con: duckdb.DuckDBPyConnection, table: RawTable) -> None:
    """Empty a raw table and forget its files (registry and quarantine rows) before re-reading."""
    con.execute(f"delete from {table.qualified}")  # noqa: S608 - registry name
    for bookkeeping in ("raw.ingested_files", "raw.quarantine"):
        con.execute(
            f"delete from {bookkeeping} where {_TABLE_OF} = ?",  # noqa: S608 - constant names
            [table.name],
        )


def planned_rereads(warehouse: str | os.PathLike, landing_dir: str | os.PathLike) -> set[str]:
    """The raw tables the next ingest of `landing_dir` will read again (for the build plan).

    A short read-only look at the warehouse; symbolic links are left out (never opened)."""
    from pipelines.ingest.registry import all_sources  # the registry imports the sources
    from pipelines.ingest.runner import is_symlink
    from pipelines.ingest.summary import table_name

    landing = Path(landing_dir).resolve()
    sources = all_sources()
    now = [
        (table_name(file.source_system, file.entity), file.rel_path, scan(file.path).sha256)
        for source in sources
        for file in source.discover(landing)
        if file.entity and not is_symlink(landing, file)
    ]
    tables = [t for source in sources for t in source.raw_tables()]
    if not Path(warehouse).exists():
        return set()
    try:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            if not con.execute(
                "select count(*) from duckdb_tables()"
                " where schema_name = 'raw' and table_name = 'ingested_files'"
            ).fetchall()[0][0]:
                return set()
            return set(tables_to_reread(con, now, tables))
    except duckdb.Error:  # e.g. another process holds the file: assume every table changes
        return {t.name for t in tables}
