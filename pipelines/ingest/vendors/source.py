"""One vendor's landing folder as a source system for the shared ingest runner.

Each file becomes rows of `raw.<vendor>__<entity>(record json, record_id, lineage)`: the
vendor's record exactly as exported (unknown fields kept, ignored downstream), keyed by
the vendor's own id so a re-export replaces rows. DuckDB reads and checks the whole
file in SQL; Python only decides about the file (which entity, rejected or not).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb

from pipelines.ingest.generic.checks import (
    CONTROL_CLASS,
    EARLIEST_DATE,
    LATEST_ALLOWED,
    bound_text,
    shown,
)
from pipelines.ingest.generic.entities import HOURS_BOUNDS, MONEY_BOUNDS, QUANTITY_BOUNDS
from pipelines.ingest.landing import FileRejected, LandingFile
from pipelines.ingest.raw_tables import RawTable
from pipelines.ingest.vendors.specs import (
    VENDOR_ENTITIES,
    VENDOR_TITLES,
    VendorEntity,
    all_entities,
)

RAW_COLUMNS = (("record", "json"), ("record_id", "varchar"))
STAGED = "_vendor_staged"


def _json_path(field: str) -> str:
    """'a.b' -> $."a"."b"; 'lines[*].net_amount' -> $."lines"[*]."net_amount"."""
    parts = []
    for part in field.split("."):
        name, wildcard, _ = part.partition("[*]")
        parts.append(f'"{name}"' + ("[*]" if wildcard else ""))
    return "$." + ".".join(parts)


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


class VendorSource:
    """A `SourceSystem` (pipelines.ingest.registry) for one vendor's landing folder."""

    def __init__(self, vendor: str) -> None:
        self.name = vendor
        self.specs = VENDOR_ENTITIES[vendor]

    def raw_tables(self) -> list[RawTable]:
        return [RawTable(spec.table, RAW_COLUMNS, ("record_id",)) for spec in self.specs]

    def discover(self, landing_dir: Path) -> list[LandingFile]:
        folder = Path(landing_dir) / self.name
        if not folder.is_dir():
            return []
        files = []
        for path in sorted(
            p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")
        ):
            spec = self.spec_for(path.name)
            rel = path.relative_to(landing_dir).as_posix()
            files.append(LandingFile(path.resolve(), rel, self.name, spec.entity if spec else ""))
        return files

    def spec_for(self, file_name: str) -> VendorEntity | None:
        stem, _, ext = file_name.lower().rpartition(".")
        for spec in self.specs:
            if ext == spec.file_format and (
                stem == spec.file_stem or stem.startswith(spec.file_stem + "_")
            ):
                return spec
        return None

    def stage(
        self, con: duckdb.DuckDBPyConnection, file: LandingFile, text_path: Path
    ) -> tuple[RawTable, str]:
        spec = next((s for s in self.specs if s.entity == file.entity), None)
        if spec is None:
            expected = ", ".join(f"{s.file_stem}.{s.file_format}" for s in self.specs)
            raise FileRejected(
                f"unknown {VENDOR_TITLES[self.name]} file name; expected one of: {expected}"
                " (or <name>_<anything>.<ext>)"
            )
        if spec.file_format == "csv":
            _read_csv_records(con, text_path)
        else:
            _read_json_records(con, spec, text_path)
        _check_fields(con, spec)
        _build_staged(con, spec)
        table = RawTable(spec.table, RAW_COLUMNS, ("record_id",))
        return table, STAGED


def _read_json_records(con: duckdb.DuckDBPyConnection, spec: VendorEntity, path: Path) -> None:
    """The file's array of objects -> temp table _vendor_records(record, _source_line)."""
    con.execute(
        "create or replace temp table _vendor_doc as"
        " select ltrim(content, chr(65279)) as doc from read_text(?)",
        [str(path)],
    )
    (valid, kind) = con.execute(
        "select json_valid(doc), case when json_valid(doc) then json_type(doc) end from _vendor_doc"
    ).fetchall()[0]
    if not valid:
        raise FileRejected(f"not valid JSON; expected the {spec.label} array the API returns")
    array_path = "$"
    if kind == "OBJECT":
        for wrapper in spec.wrappers:
            (wrapped,) = con.execute(
                "select json_type(doc, ?) from _vendor_doc", [_json_path(wrapper)]
            ).fetchall()[0]
            if wrapped == "ARRAY":
                array_path = _json_path(wrapper)
                break
        else:
            raise FileRejected(f"a JSON object, not an array of {spec.label} records")
    elif kind != "ARRAY":
        found = {"VARCHAR": "string", "BOOLEAN": "boolean", "NULL": "null"}.get(kind, "number")
        raise FileRejected(f"a JSON {found}, not an array of {spec.label} records")
    con.execute(
        f"""
        create or replace temp table _vendor_records as
        select unnest(records) as record, generate_subscripts(records, 1) as _source_line
        from (select json_extract(doc, '{array_path}[*]') as records from _vendor_doc)
        """  # noqa: S608 - array_path is built from the spec's wrapper names
    )
    con.execute("drop table _vendor_doc")


def _read_csv_records(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """A CSV export -> one JSON object per row; header names lower-cased (line 1)."""
    con.execute(
        """
        create or replace temp table _vendor_records as
        select to_json(row_data) as record, row_number() over () + 1 as _source_line
        from read_csv(?, all_varchar = true, header = true, normalize_names = true) as row_data
        """,
        [str(path)],
    )


def _top_level_keys(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute(
        "select distinct unnest(json_keys(record)) from _vendor_records"
        " where json_type(record) = 'OBJECT'"
    ).fetchall()
    return {key for (key,) in rows}


def _check_fields(con: duckdb.DuckDBPyConnection, spec: VendorEntity) -> None:
    """Reject the file when a required field is absent from every record, naming who it looks like."""
    (count,) = con.execute("select count(*) from _vendor_records").fetchall()[0]
    if count == 0:
        return
    keys = _top_level_keys(con)
    missing = sorted({f.split(".")[0] for f in spec.required} - keys)
    if not missing:
        return
    lookalike = _looks_like(spec, keys)
    if lookalike is not None:
        raise FileRejected(
            f"this is not a {spec.label} file: its fields "
            f"({', '.join(sorted(_roots(lookalike)))}) are those of a {lookalike.label} export;"
            f" put it in landing/{lookalike.vendor}/{lookalike.file_stem}.{lookalike.file_format}"
        )
    raise FileRejected(
        f"{spec.label}: required field {', '.join(missing)} missing from every record"
    )


def _roots(spec: VendorEntity) -> set[str]:
    return {f.split(".")[0] for f in spec.required}


def _looks_like(spec: VendorEntity, keys: set[str]) -> VendorEntity | None:
    """The other vendor entity whose required fields this file has (the most specific one)."""
    candidates = [
        other
        for other in all_entities()
        if other != spec and other.file_format == spec.file_format and _roots(other) <= keys
    ]
    return max(candidates, key=lambda s: len(_roots(s)), default=None)


def _record_id_sql(id_path: str, value: Callable[[str], str]) -> str:
    """The record's key as text; a composite key ("a+b") joins its parts with '/'."""
    parts = [f"nullif(trim({value(p)}), '')" for p in id_path.split("+")]
    if len(parts) == 1:
        return parts[0]
    # NULL when any part is missing (that row is refused for the missing field anyway).
    return " || '/' || ".join(parts)


def _quoted(v: str) -> str:
    return f"'''' || {shown(f'left({v}, 80)')} || ''''"


def _number_reason(field: str, v: str, bounds: tuple[float, float]) -> str:
    """SQL: why the value `v` (JSON text) is not a number within `bounds`; NULL when it is."""
    low, high = bounds
    number = f"try_cast(trim({v}) as double)"
    return (
        f"case when nullif(trim({v}), '') is null then null"
        f" when {number} is null then {_sql_text(f'{field}: not a number: ')} || {_quoted(v)}"
        f" when not isfinite({number})"
        f" then {_sql_text(f'{field}: not a finite number: ')} || {_quoted(v)}"
        f" when {number} < {low} or {number} > {high} then"
        f" {_sql_text(f'{field}: out of range ({bound_text(low)} to {bound_text(high)}): ')}"
        f" || {_quoted(v)} end"
    )


def _time_reason(field: str, v: str, at: str, parsed: str, what: str) -> str:
    """SQL: why the time `parsed` (from `v`) is outside 2000-01-01 .. the as-of bound.

    `at` turns a timestamp SQL into the scale of `parsed` ("{}" itself, or epoch units)."""
    latest = f"getvariable('{LATEST_ALLOWED}')"
    earliest = f"timestamp '{EARLIEST_DATE}'"
    return (
        f"case when nullif(trim({v}), '') is null then null"
        f" when {parsed} is null then {_sql_text(f'{field}: not {what}: ')} || {_quoted(v)}"
        f" when {parsed} < {at.format(earliest)}"
        f" then {_sql_text(f'{field}: before {EARLIEST_DATE}: ')} || {_quoted(v)}"
        f" when {parsed} > {at.format(latest)}"
        f" then {_sql_text(f'{field}: after the as-of time plus 1 day (')}"
        f" || strftime({latest}, '%Y-%m-%d %H:%M') || ' UTC): ' || {_quoted(v)} end"
    )


def _timestamp_reason(field: str, v: str) -> str:
    # The date and time as written (offset not applied: the day of tolerance covers any zone).
    # DuckDB's cast reads most ISO forms as written; the pattern (slower) only for the rest.
    written = (
        f"coalesce(try_cast(trim({v}) as timestamp), try_cast(replace(upper(regexp_extract("
        rf"trim({v}), '^\d{{4}}-\d{{2}}-\d{{2}}([Tt ]\d{{2}}:\d{{2}}(:\d{{2}})?)?')),"
        " 'T', ' ') as timestamp))"
    )
    return _time_reason(field, v, "{}", written, "an ISO-8601 date/time")


# A numeric time's scale from a timestamp SQL `{}`, and its name in a reason.
NUMERIC_TIMES = {
    "epoch_seconds": ("epoch({})", "a finite epoch time in seconds"),
    "epoch_ms": ("epoch({}) * 1000", "a finite epoch time in milliseconds"),
    # OLE Automation date: days since 1899-12-30 (1970-01-01 is day 25569).
    "ole_days": ("(epoch({}) / 86400 + 25569)", "a finite OLE date (days since 1899-12-30)"),
}


def _numeric_time_reason(field: str, v: str, kind: str) -> str:
    number = f"try_cast(trim({v}) as double)"
    parsed = f"case when isfinite({number}) then {number} end"
    scale, what = NUMERIC_TIMES[kind]
    return _time_reason(field, v, scale, parsed, what)


def _for_each_value(
    field: str, value: Callable[[str], str], reason: Callable[[str, str], str]
) -> str:
    """A reason SQL for the field; a `[*]` path gives its first element's reason."""
    if "[*]" not in field:
        return reason(field, value(field))
    path = _sql_text(_json_path(field))
    reasons = f"list_transform(json_extract_string(record, {path}), lambda x: {reason(field, 'x')})"
    return f"list_filter({reasons}, lambda r: r is not null)[1]"


def value_checks(spec: VendorEntity, value: Callable[[str], str]) -> list[str]:
    """SQL reasons for the values checked at the door, with the generic reader's bounds.

    value: the SQL of a (scalar) field's text."""
    out = []
    for part in spec.id_path.split("+"):
        v = value(part)
        out.append(
            f"case when regexp_matches({v}, '{CONTROL_CLASS}')"
            f" then {_sql_text(f'{part}: control character (line break, tab...) in an id: ')}"
            f" || {_quoted(v)} end"
        )
    for fields, bounds in (
        (spec.money, MONEY_BOUNDS),
        (spec.hours, HOURS_BOUNDS),
        (spec.quantity, QUANTITY_BOUNDS),
    ):
        out += [
            _for_each_value(f, value, lambda name, v, b=bounds: _number_reason(name, v, b))
            for f in fields
        ]
    out += [_for_each_value(f, value, _timestamp_reason) for f in spec.timestamps]
    for kind in NUMERIC_TIMES:
        out += [
            _for_each_value(f, value, lambda name, v, k=kind: _numeric_time_reason(name, v, k))
            for f in getattr(spec, kind)
        ]
    return out


def _scalar_fields(spec: VendorEntity) -> list[str]:
    checked = (
        spec.money + spec.hours + spec.quantity + spec.timestamps
        + spec.epoch_seconds + spec.epoch_ms + spec.ole_days
    )  # fmt: skip
    scalar = [f for f in checked if "[*]" not in f]
    return [*spec.required, *spec.id_path.split("+"), *scalar]


def _build_staged(con: duckdb.DuckDBPyConnection, spec: VendorEntity) -> None:
    """Records -> the staged table `load_staged` expects, with a reason for each refused row."""
    # Every field read is extracted in one pass over the record: each `->>` parses it again.
    fields = list(dict.fromkeys(_scalar_fields(spec)))
    paths = ", ".join(_sql_text(_json_path(f)) for f in fields)

    def value(field: str) -> str:
        return f"_values[{fields.index(field) + 1}]"

    required = [
        f"case when nullif(trim({value(f)}), '') is null"
        f" then {_sql_text(f'{spec.label}: missing required field {f}')} end"
        for f in spec.required
    ]
    checks = ",\n".join(required + value_checks(spec, value))
    con.execute(
        f"""
        create or replace temp table {STAGED} as
        select
            record,
            {_record_id_sql(spec.id_path, value)} as record_id,
            _source_line,
            null::json as _extra,
            case
                when json_type(record) <> 'OBJECT'
                    then {_sql_text(f"{spec.label}: not a JSON object")}
                else nullif(concat_ws('; ', {checks}), '')
            end as _reason,
            record as _record,
        from (select *, json_extract_string(record, [{paths}]) as _values from _vendor_records)
        """  # noqa: S608 - SQL text built from the spec, values quoted by _sql_text
    )
    con.execute("drop table _vendor_records")
