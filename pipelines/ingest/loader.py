"""The shared load step: a staged table of checked rows -> quarantine + upsert into raw.

Every source system (generic CSV, vendor JSON/CSV) ends in `load_staged`. The staged
table (usually a temp table) must hold:

- every data column of the target `RawTable`, already typed;
- `_source_line bigint` (1-based line, header = line 1; for JSON arrays the 1-based
  position of the object), `_extra json` (may be NULL);
- `_reason varchar`: NULL when the row is good, else why it is refused
  ("seats: not an integer: 'abc'"); several reasons joined by "; ";
- `_record json`: the row as read, stored with a quarantined row. It may be NULL on a
  good row whose key no other good row of the file has (such a row is never quarantined).
- optionally `_note varchar`: what the source changed or assumed in a good row ("control
  characters removed from client_name"); the loaded rows' notes are summed up in
  `LoadCounts.notes`, which the runner puts in raw.ingested_files.message.

Good rows with the same natural key inside one file: the last line wins, earlier ones
are quarantined ("duplicate key ... superseded by line N"). Winners replace rows of the
same key already in the target (an earlier file or build). The caller owns the
transaction, so a file is loaded whole or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb

from pipelines.ingest.landing import LandingFile
from pipelines.ingest.raw_tables import RawTable


@dataclass(frozen=True)
class LoadCounts:
    rows_read: int
    rows_loaded: int
    rows_quarantined: int
    notes: str = ""  # e.g. "control characters removed from client_name: 1 row (line 2)"


NOTES_SHOWN = 5


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def load_staged(
    con: duckdb.DuckDBPyConnection,
    staged: str,
    target: RawTable,
    file: LandingFile,
    loaded_at: datetime,
    keys_repeat: bool | None = None,
) -> LoadCounts:
    """Quarantine refused and superseded rows of `staged`, upsert the rest into `target`.

    keys_repeat: whether good rows of `staged` share a natural key, when the source already
    knows (it saves a pass over the file); None: the loader finds out."""
    ranked = _verdict(con, staged, target, keys_repeat)
    # A ranked verdict is a window's output, no longer in file order; `staged` is.
    in_file_order = "order by _source_line" if ranked else ""
    con.execute(
        f"""
        insert into raw.quarantine
        select
            ?, ?, ?, _source_line,
            coalesce(_reason, 'duplicate key ' || _key_text || ' superseded by line ' || _winner_line),
            _record, ?,
        from _verdict
        where _reason is not null or _source_line < _winner_line
        {in_file_order}
        """,  # noqa: S608 - no file content in the SQL text
        [file.rel_path, file.source_system, target.name, loaded_at],
    )
    if con.execute(f"select exists (select 1 from {target.qualified})").fetchall()[0][0]:  # noqa: S608
        match = " and ".join(f"t.{_q(k)} = v.{_q(k)}" for k in target.key)
        con.execute(
            f"""
            delete from {target.qualified} as t
            using _verdict as v
            where v._reason is null and v._source_line = v._winner_line and {match}
            """  # noqa: S608 - identifiers from the registry
        )
    data_cols = ", ".join(_q(c) for c in target.column_names)
    con.execute(
        f"""
        insert into {target.qualified}
        select {data_cols}, ? as _source_file, _source_line, ? as _loaded_at, _extra,
        from _verdict
        where _reason is null and _source_line = _winner_line
        {in_file_order}
        """,  # noqa: S608 - identifiers from the registry
        [file.rel_path, loaded_at],
    )
    read, loaded = con.execute(
        "select count(*), count(*) filter (where _reason is null and _source_line = _winner_line)"
        " from _verdict"
    ).fetchall()[0]
    notes = _notes(con)
    con.execute(f"drop {'table' if ranked else 'view'} _verdict")
    return LoadCounts(read, loaded, read - loaded, notes)


def _notes(con: duckdb.DuckDBPyConnection) -> str:
    """The loaded rows' `_note`s, each with its row count and first line; '' when none."""
    columns = {c[0] for c in con.execute("select * from _verdict limit 0").description}
    if "_note" not in columns:
        return ""
    found = con.execute(
        """
        select _note, count(*), min(_source_line), count(*) over ()
        from _verdict
        where _note is not null and _reason is null and _source_line = _winner_line
        group by _note
        order by min(_source_line)
        """
    ).fetchall()
    shown = [
        f"{note}: {n} row{'s' if n > 1 else ''} (first at line {line})"
        for note, n, line, _ in found[:NOTES_SHOWN]
    ]
    if len(found) > NOTES_SHOWN:
        shown.append(f"and {found[0][3] - NOTES_SHOWN} more notes")
    return "; ".join(shown)


def good_keys_repeat(con: duckdb.DuckDBPyConnection, staged: str, key: tuple[str, ...]) -> bool:
    """Whether two good rows of `staged` share the natural key `key`."""
    columns = ", ".join(_q(k) for k in key)
    (repeated,) = con.execute(
        f"select count(*) - count(distinct ({columns})) from {staged} where _reason is null"  # noqa: S608 - registry names
    ).fetchall()[0]
    return repeated > 0


def _verdict(
    con: duckdb.DuckDBPyConnection, staged: str, target: RawTable, keys_repeat: bool | None
) -> bool:
    """_verdict: `staged` plus, on good rows, the line that wins their key (the last) and the key
    as text. Ranking is a window over the whole file, materialised; most files repeat no key,
    and then every good row wins itself (a view). True when it ranked."""
    key = ", ".join(_q(k) for k in target.key)
    if keys_repeat is None:
        keys_repeat = good_keys_repeat(con, staged, target.key)
    if not keys_repeat:
        con.execute(
            "create or replace temp view _verdict as select *,"  # noqa: S608 - registry names
            " case when _reason is null then _source_line end as _winner_line,"
            f" null::varchar as _key_text, from {staged}"
        )
        return False
    key_text = " || ', ' || ".join(
        f"'{k}=' || coalesce({_q(k)}::varchar, 'NULL')" for k in target.key
    )
    # Only good rows compete for a key: a refused correction does not evict a good row.
    con.execute(
        f"""
        create or replace temp table _verdict as
        select
            *,
            case when _reason is null
                then max(_source_line) over (partition by {key}, _reason is null)
            end as _winner_line,
            case when _reason is null then {key_text} end as _key_text,
        from {staged}
        """  # noqa: S608 - identifiers come from the RawTable registry, not from files
    )
    return True
