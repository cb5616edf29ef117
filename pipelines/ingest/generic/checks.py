"""SQL that types and checks every row of a generic CSV at once (no Python over rows).

`staging_sql` turns `_landing_rows` (positional text fields) into the staged table that
`loader.load_staged` expects: typed columns, `_source_line`, `_extra`, `_record` and
`_reason` (every problem of the row, "column: problem 'value'", joined by "; ").

Layers: raw text per column -> timestamp parts -> typed values (+ UTC instants for the
order checks) -> reasons. Naive timestamps are read in the client's time zone from
raw.clients (UTC when unknown) so that "resolved before started" is judged in UTC.

Values are checked at the door (docs/ARCHITECTURE.md): numbers and money within documented
bounds, dates from 2000-01-01, timestamps not after the as-of time plus a day (the DuckDB
variable `msp_latest_allowed`, set by the runner), no control character in an id, none in a
one-line name (removed, and said so in `_note`), no NUL byte anywhere in the row.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipelines.ingest.generic.entities import DEVICE_TYPES, Column, Entity

# 2024-03-01T10:00[:00[.123456789]][Z|+01[:00]] with `T` or a space; fractions finer than
# microseconds (nanoseconds) are cut (DuckDB's precision). `\d+`: a bounded count makes the
# regular expression markedly slower on every row.
TIMESTAMP_PATTERN = (
    r"^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)"
    r"\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?$"
)
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
CURRENCY_SYMBOLS = r"[£$€¥₹\s]"
# After the symbols are gone: plain decimals, or commas as thousands separators in groups of 3
# (so '1.234,50' is refused rather than silently read as 1.23).
MONEY_PATTERN = r"[+-]?(\d+|\d{1,3}(,\d{3})+)(\.\d+)?"

# Control characters: C0 (tab, LF and CR included) and DEL. Names lose them (a run becomes one
# space); free text keeps tab, LF and CR; an id holding one is quarantined.
CONTROL_CLASS = r"[\x00-\x1f\x7f]"
TEXT_CONTROL_CLASS = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
EARLIEST_DATE = "2000-01-01"
# The DuckDB variable holding the latest timestamp accepted (as-of time plus tolerance).
LATEST_ALLOWED = "msp_latest_allowed"


@dataclass(frozen=True)
class RowChecks:
    """Which costly row checks a file needs, from its bytes (landing.FileScan).

    controls: "all" (it holds control bytes other than CR/LF), "line_breaks" (only CR or LF
    can sit inside a quoted field), "none" (no field can hold a control character)."""

    nul: bool = True
    controls: str = "all"


KIND_NAMES = {
    "integer": "not an integer",
    "money": "not a money amount",
    "number": "not a number",
    "boolean": "not a boolean (true/false/yes/no/1/0)",
    "date": "not an ISO date (YYYY-MM-DD)",
    "timestamp": "not an ISO-8601 timestamp",
    "timezone": "not an IANA time zone",
}


def lit(text: str) -> str:
    """A SQL string literal (header names come from files: never raw into SQL)."""
    return "'" + text.replace("'", "''") + "'"


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _raw(c: str) -> str:
    return ident(f"v:{c}")


def _quoted_value(c: str) -> str:
    return f"'''' || {shown(f'left({_raw(c)}, 80)')} || ''''"


def shown(text_sql: str) -> str:
    """A value as a reason quotes it: CR, LF and tab as \\r \\n \\t, other controls as '?'."""
    return (
        f"regexp_replace(replace(replace(replace({text_sql}, chr(13), '\\r'), chr(10), '\\n'),"
        f" chr(9), '\\t'), '{CONTROL_CLASS}', '?', 'g')"
    )


def has_control(v: str, controls: str) -> str | None:
    """SQL: whether `v` holds a control character, as cheaply as the file allows; None: never."""
    if controls == "all":
        return f"regexp_matches({v}, '{CONTROL_CLASS}')"
    if controls == "line_breaks":
        return f"(contains({v}, chr(10)) or contains({v}, chr(13)))"
    return None


def _typed(col: Column, checks: RowChecks = RowChecks()) -> str:
    v = _raw(col.name)
    if col.kind == "id":
        return v
    if col.kind == "name":
        found = has_control(v, checks.controls)
        if found is None:
            return v
        # One line: each run of control characters becomes a space ("Evil\r\nBcc:" -> "Evil Bcc:").
        cleaned = f"nullif(trim(regexp_replace({v}, '{CONTROL_CLASS}+', ' ', 'g')), '')"
        return f"case when {found} then {cleaned} else {v} end"
    if col.kind == "text":
        if checks.controls != "all":
            return v
        return (
            f"case when regexp_matches({v}, '{TEXT_CONTROL_CLASS}')"
            f" then regexp_replace({v}, '{TEXT_CONTROL_CLASS}', '', 'g') else {v} end"
        )
    if col.kind == "integer":
        # The pattern first: DuckDB's cast rounds '25.5' to 26.
        return f"case when regexp_full_match({v}, '[+-]?\\d+') then try_cast({v} as integer) end"
    if col.kind == "number":
        return f"case when isfinite(try_cast({v} as double)) then try_cast({v} as double) end"
    if col.kind == "money":
        # '(12.50)' is accounting notation for -12.50.
        signed = f"regexp_replace({v}, '^\\((.*)\\)$', '-\\1')"
        plain = f"regexp_replace({signed}, '{CURRENCY_SYMBOLS}', '', 'g')"
        return (
            f"case when regexp_full_match({plain}, '{MONEY_PATTERN}')"
            f" then try_cast(replace({plain}, ',', '') as decimal(18,2)) end"
        )
    if col.kind == "boolean":
        # Exact spellings first: lower() on every value costs more than the comparisons.
        return (
            f"case when {v} in ('true', '1', 'True', 'yes') then true"
            f" when {v} in ('false', '0', 'False', 'no') then false"
            f" when lower({v}) in ('true', 'yes', '1') then true"
            f" when lower({v}) in ('false', 'no', '0') then false end"
        )
    if col.kind == "date":
        return f"case when regexp_full_match({v}, '{DATE_PATTERN}') then try_cast({v} as date) end"
    if col.kind == "timestamp":
        return _timestamp_text(col.name)
    if col.kind == "enum":
        norm = enum_normal_form(col, v)
        allowed = ", ".join(lit(x) for x in col.values)
        # A value already in its normal form (the usual case) is itself: no normalising.
        return f"case when {v} in ({allowed}) then {v} when {norm} in ({allowed}) then {norm} end"
    if col.kind == "timezone":
        # Canonical spelling of the zone, matched case-insensitively.
        return f"(select min(name) from pg_timezone_names() where lower(name) = lower({v}))"  # noqa: S608
    if col.kind == "device_types":
        return f"array_to_string(list_transform(string_split(lower({v}), '|'), lambda x: trim(x)), '|')"
    raise ValueError(f"unknown column kind {col.kind!r}")


def _local(c: str) -> str:
    """The wall-clock timestamp written in the file (offset not applied)."""
    p = ident(f"p:{c}")
    return f"case when {p}.d <> '' then try_cast({p}.d || ' ' || {p}.t as timestamp) end"


def _offset_minutes(c: str) -> str:
    p = ident(f"p:{c}")
    return (
        f"case when {p}.off = '' then null when upper({p}.off) = 'Z' then 0"
        f" else (case when {p}.off[1] = '-' then -1 else 1 end)"
        f" * (try_cast({p}.off[2:3] as integer) * 60"
        f" + coalesce(try_cast(nullif(replace({p}.off[4:], ':', ''), '') as integer), 0)) end"
    )


def enum_normal_form(col: Column, v: str) -> str:
    """SQL of an enum value's normal form: P1..P4 upper case, the rest lower with '_'."""
    if col.name == "priority":
        return f"upper({v})"
    return f"replace(replace(lower({v}), ' ', '_'), '-', '_')"


def _timestamp_text(c: str) -> str:
    """Normalised text: 'YYYY-MM-DD HH:MM:SS[.ffffff][+HH:MM]' (Z -> +00:00)."""
    local, off, p = ident(f"l:{c}"), ident(f"o:{c}"), ident(f"p:{c}")
    text = (
        f"case when contains({p}.t, '.') then strftime({local}, '%Y-%m-%d %H:%M:%S.%f')"
        f" else strftime({local}, '%Y-%m-%d %H:%M:%S') end"
    )
    # UTC ('Z', '+00:00') is by far the most common offset: a constant, no formatting.
    offset_text = (
        f"case when {off} is null then '' when {off} = 0 then '+00:00'"
        f" else printf('%s%02d:%02d', case when {off} < 0 then '-' else '+' end,"
        f" abs({off}) // 60, abs({off}) % 60) end"
    )
    valid_offset = f"({p}.off = '' or abs({off}) <= 14 * 60)"
    return f"case when {local} is not null and {valid_offset} then {text} || {offset_text} end"


def _utc(c: str) -> str:
    local, off = ident(f"l:{c}"), ident(f"o:{c}")
    return (
        f"case when {off} is not null then {local} - to_minutes({off})"
        f" else timezone('UTC', timezone(_tz, {local})) end"
    )


def bound_text(x: float) -> str:
    """A bound as a reason shows it: 24, 1,000,000, 999,999,999.99."""
    return f"{int(x):,}" if x == int(x) else f"{x:,.2f}"


def _reasons(col: Column, checks: RowChecks = RowChecks()) -> list[str]:
    v, typed, c = _raw(col.name), ident(col.name), col.name
    out = []
    if col.required:
        out.append(f"case when {v} is null then '{c}: required value missing' end")
    if col.kind == "id" and (found := has_control(v, checks.controls)) is not None:
        out.append(
            f"case when {found} then '{c}: control character (line break, tab...) in an id: '"
            f" || {_quoted_value(c)} end"
        )
    if col.kind == "enum":
        allowed = ", ".join(col.values)
        out.append(
            f"case when {v} is not null and {typed} is null then "
            f"'{c}: invalid value ' || {_quoted_value(c)} || ' (expected one of {allowed})' end"
        )
    elif col.kind == "device_types":
        allowed = ", ".join(lit(x) for x in DEVICE_TYPES)
        out.append(
            f"case when len(list_filter(string_split({typed}, '|'), lambda x: x not in ({allowed}))) > 0"
            f" then '{c}: invalid device type in ' || {_quoted_value(c)}"
            f" || ' (expected |-separated {', '.join(DEVICE_TYPES)})' end"
        )
    elif col.kind in KIND_NAMES:
        out.append(
            f"case when {v} is not null and {typed} is null then "
            f"'{c}: {KIND_NAMES[col.kind]}: ' || {_quoted_value(c)} end"
        )
    if col.non_negative:
        out.append(f"case when {typed} < 0 then '{c}: negative value: ' || {_quoted_value(c)} end")
    if col.low is not None and col.high is not None:
        # A negative value already has its reason when the column must not be negative.
        beyond = f"{typed} > {col.high}" + ("" if col.non_negative else f" or {typed} < {col.low}")
        out.append(
            f"case when {beyond} then '{c}: out of range ({bound_text(col.low)} to"
            f" {bound_text(col.high)}): ' || {_quoted_value(c)} end"
        )
    if col.kind == "date":
        out.append(
            f"case when {typed} < date '{EARLIEST_DATE}'"
            f" then '{c}: before {EARLIEST_DATE}: ' || {_quoted_value(c)} end"
        )
    if col.kind == "timestamp":
        # On the time as written, offset or zone not applied: the day of tolerance covers any
        # zone, and converting every row to UTC costs more than the check.
        local = ident(f"l:{c}")
        out.append(
            f"case when {local} < timestamp '{EARLIEST_DATE}'"
            f" then '{c}: before {EARLIEST_DATE}: ' || {_quoted_value(c)}"
            f" when {local} > getvariable('{LATEST_ALLOWED}')"
            f" then '{c}: after the as-of time plus 1 day ('"
            f" || strftime(getvariable('{LATEST_ALLOWED}'), '%Y-%m-%d %H:%M') || ' UTC): '"
            f" || {_quoted_value(c)} end"
        )
    return out


def _order_reason(entity: Entity, earlier: str, later: str) -> str:
    kinds = {c.name: c.kind for c in entity.columns}
    if kinds[earlier] == "timestamp":
        a, b = ident(f"u:{earlier}"), ident(f"u:{later}")
    else:
        a, b = ident(earlier), ident(later)
    return (
        f"case when {b} < {a} then '{later}: before {earlier} ('"
        f" || {_quoted_value(later)} || ' < ' || {_quoted_value(earlier)} || ')' end"
    )


def _trimmed(i: int) -> str:
    """Field i without surrounding blanks, '' -> NULL. Trims only when needed: trim is costly,
    and prefix/suffix compare bytes where left/right would count characters."""
    c = f"c{i}"
    return (
        f"nullif(case when prefix({c}, ' ') or prefix({c}, chr(9))"
        f" or suffix({c}, ' ') or suffix({c}, chr(9))"
        f" then trim({c}, ' ' || chr(9)) else {c} end, '')"
    )


def staging_sql(
    entity: Entity,
    header: list[str],
    staged: str,
    client_timezones: str = "raw.clients",
    keys_repeat: bool = True,
    checks: RowChecks = RowChecks(),
) -> str:
    """CREATE TEMP TABLE `staged` from `_landing_rows` for a file with this header.

    client_timezones: a relation of (client_id, timezone) naive local times are read in.
    keys_repeat: False when the caller knows no natural key repeats among the file's good
    rows; then only refused rows carry `_record` (no window over the file's keys).
    checks: which costly checks the file's bytes call for (all of them by default).

    A row the reader could not read (`_read_error`, csv_reader) or holding a NUL byte has that
    one reason: its fields mean nothing. `_note` says what was changed or assumed in a row.
    """
    position = {name: i for i, name in enumerate(header)}
    n = len(header)
    known = {c.name for c in entity.columns}
    extra = [(name, i) for i, name in enumerate(header) if name not in known]
    timestamps = [c.name for c in entity.columns if c.kind == "timestamp"]

    raw_cols = ",\n            ".join(
        (_trimmed(position[c.name]) if c.name in position else "null::varchar")
        + f" as {_raw(c.name)}"
        for c in entity.columns
    )
    record = "json_object(" + ", ".join(f"{lit(h)}, c{i}" for i, h in enumerate(header)) + ")"
    extra_json = (
        "json_object(" + ", ".join(f"{lit(h)}, {_trimmed(i)}" for h, i in extra) + ")"
        if extra
        else "null::json"
    )
    nul = (
        "case when "
        + " or ".join(f"contains(c{i}, chr(0))" for i in range(n + 1))
        + " then 'NUL byte (binary data) in ' || concat_ws(', ', "
        + ", ".join(
            f"case when contains(c{i}, chr(0)) then {lit(h)} end"
            for i, h in enumerate([*header, "fields beyond the header"])
        )
        + ") end"
        if checks.nul
        else "null::varchar"
    )
    shape = (
        f"case when c{n} is not null then 'row has more fields than the header ({n})'"
        f" when c{n - 1} is null then 'row has fewer fields than the header ({n})' end"
    )
    zone = (
        "coalesce(clients.timezone, 'UTC')"
        if entity.checks_need_zone and entity.name != "clients"
        else "'UTC'"
    )
    # Naive local times of a client no file defines are read as UTC: said in `_note`.
    zone_unknown = (
        "_zone_missing and (" + " or ".join(f"{ident(f'p:{c}')}.off = ''" for c in timestamps) + ")"
        if zone != "'UTC'"
        else "false"
    )
    zone_missing = "clients.client_id is null" if zone != "'UTC'" else "false"
    zone_join = (
        f'left join {client_timezones} as clients on clients.client_id = landed."v:client_id"'
        if zone != "'UTC'"
        else ""
    )
    parts = "".join(
        f",\n            regexp_extract({_raw(c)}, '{TIMESTAMP_PATTERN}', ['d', 't', 'off'])"
        f" as {ident(f'p:{c}')}"
        for c in timestamps
    )
    instants = "".join(
        f",\n            {_local(c)} as {ident(f'l:{c}')},"
        f" {_offset_minutes(c)} as {ident(f'o:{c}')}"
        for c in timestamps
    )
    typed = ",\n            ".join(
        f"{_typed(c, checks)} as {ident(c.name)}" for c in entity.columns
    )
    utc = "".join(f",\n            {_utc(c)} as {ident(f'u:{c}')}" for c in timestamps)
    reasons = ["_shape"] + [r for c in entity.columns for r in _reasons(c, checks)]
    reasons += [_order_reason(entity, a, b) for a, b in entity.ordered]
    reason_list = ",\n                ".join(reasons)
    final_cols = ", ".join(ident(c.name) for c in entity.columns)
    key = ", ".join(ident(k) for k in entity.key)
    cleaned = [
        f"case when {ident(c.name)} is distinct from {_raw(c.name)} then {lit(c.name)} end"
        for c in entity.columns
        if (c.kind == "name" and checks.controls != "none")
        or (c.kind == "text" and checks.controls == "all")
    ]
    notes = (
        [
            "case when _zone_unknown then 'local times read as UTC: client '"
            " || \"v:client_id\" || ' is unknown (in no clients file or client map)' end"
        ]
        if zone != "'UTC'"
        else []
    )
    if cleaned:
        notes.insert(
            0,
            "'control characters removed from ' || nullif(concat_ws(', ', "
            + ", ".join(cleaned)
            + "), '')",
        )
    # No note possible: no column (the loader then does not look for notes).
    note = f"nullif(concat_ws('; ', {', '.join(notes)}), '') as _note," if notes else ""
    keep_record = "_reason is not null" + (
        f" or count(*) over (partition by {key}) > 1" if keys_repeat else ""
    )
    return f"""
        create or replace temp table {staged} as
        with landed as (
            select
            *,
            {shape} as _shape,
            {nul} as _nul,
            {raw_cols},
            {extra_json} as _extra,
            from _landing_rows
        ),
        zoned as (
            select landed.*, {zone} as _tz, {zone_missing} as _zone_missing{parts},
            from landed {zone_join}
        ),
        instants as (
            select *, {zone_unknown} as _zone_unknown{instants},
            from zoned
        ),
        typed as (
            select *,
            {typed},
            from instants
        ),
        utc as (
            select *{utc},
            from typed
        ),
        checked as (
            select *,
            -- concat_ws skips NULLs: the reasons that apply, in column order.
            coalesce(_read_error, _nul, nullif(concat_ws('; ',
                {reason_list}
            ), '')) as _reason,
            from utc
        )
        select
            {final_cols},
            _source_line,
            _extra,
            -- The row as read, only where the loader may quarantine it (JSON is costly).
            case when _raw_line is not null then json_object('line', _raw_line)
                when {keep_record} then {record} end as _record,
            _reason,
            {note}
        from checked
    """  # noqa: S608 - identifiers from the entity registry; header names only as literals
