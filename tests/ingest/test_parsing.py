"""Unit tests of the value parsers (DuckDB SQL expressions), header and file-name rules."""

from __future__ import annotations

from decimal import Decimal

import duckdb
import pytest

from pipelines.ingest.generic.checks import TIMESTAMP_PATTERN, _local, _offset_minutes, _typed
from pipelines.ingest.generic.csv_reader import normalise_header
from pipelines.ingest.generic.entities import DEVICE_TYPES, Column
from pipelines.ingest.generic.source import entity_of
from pipelines.ingest.landing import scan, utf8_text

pytestmark = pytest.mark.unit


def parse(column: Column, text: str | None):
    """Evaluate the column's typed expression on one raw (already trimmed) value."""
    c = column.name
    sql = f'select ?::varchar as "v:{c}"'
    if column.kind == "timestamp":  # the layers staging_sql builds: parts, then instants
        sql = f"""select *, regexp_extract("v:{c}", '{TIMESTAMP_PATTERN}', ['d', 't', 'off']) as "p:{c}" from ({sql})"""
        sql = f'select *, {_local(c)} as "l:{c}", {_offset_minutes(c)} as "o:{c}" from ({sql})'
    return (
        duckdb.connect().execute(f"select {_typed(column)} from ({sql})", [text]).fetchall()[0][0]
    )  # noqa: S608


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234.5", Decimal("1234.50")),
        ("£1,234.50", Decimal("1234.50")),
        ("$99", Decimal("99.00")),
        ("€ 12.00", Decimal("12.00")),
        ("-£5", Decimal("-5.00")),
        ("(50.00)", Decimal("-50.00")),
        ("1,234,567.891", Decimal("1234567.89")),
        ("1.234,50", None),  # European notation: refused, never read as 1.23
        ("12,34", None),
        ("1e3", None),
        ("abc", None),
    ],
)
def test_money(text, expected):
    assert parse(Column("amount", "money"), text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("true", True), ("YES", True), ("1", True), ("False", False), ("no", False), ("0", False),
     ("y", None), ("maybe", None)],
)  # fmt: skip
def test_boolean(text, expected):
    assert parse(Column("billable", "boolean"), text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-01T10:00:00Z", "2024-03-01 10:00:00+00:00"),
        ("2024-03-01 10:00:00", "2024-03-01 10:00:00"),
        ("2024-03-01T10:00", "2024-03-01 10:00:00"),
        ("2024-03-01T10:00:00+01:00", "2024-03-01 10:00:00+01:00"),
        ("2024-03-01T10:00:00-0530", "2024-03-01 10:00:00-05:30"),
        ("2024-03-01T10:00:00+02", "2024-03-01 10:00:00+02:00"),
        ("2024-03-01T10:00:00.125Z", "2024-03-01 10:00:00.125000+00:00"),
        ("2024-02-30T10:00:00Z", None),
        ("2024-03-01T24:30:00", None),
        ("01/03/2024 10:00", None),
        ("2024-03-01", None),
        ("2024-03-01T10:00:00+15:00", None),
    ],
)
def test_timestamp_normalised_text(text, expected):
    assert parse(Column("started_at", "timestamp"), text) == expected


def test_date_and_integer_and_number():
    assert str(parse(Column("start_date", "date"), "2024-02-29")) == "2024-02-29"
    assert parse(Column("start_date", "date"), "2023-02-29") is None
    assert parse(Column("start_date", "date"), "2024-3-1") is None
    assert parse(Column("seats", "integer"), "25") == 25
    assert parse(Column("seats", "integer"), "25.5") is None
    assert parse(Column("hours", "number"), "1.25") == 1.25
    assert parse(Column("hours", "number"), "nan") is None


def test_enums_normalise_case_and_separators():
    support = Column("support_model", "enum", values=("managed", "break_fix", "hybrid"))
    assert parse(support, "Break-Fix") == "break_fix"
    assert parse(support, "break fix") == "break_fix"
    assert parse(support, "MANAGED") == "managed"
    assert parse(support, "managed services") is None
    priority = Column("priority", "enum", values=("P1", "P2", "P3", "P4"))
    assert parse(priority, "p2") == "P2"
    assert parse(priority, "P5") is None
    covered = Column("covered_device_types", "device_types", values=DEVICE_TYPES)
    assert parse(covered, "Server | Firewall") == "server|firewall"


def test_timezone_matched_case_insensitively_to_canonical_name():
    assert parse(Column("timezone", "timezone"), "europe/london") == "Europe/London"
    assert parse(Column("timezone", "timezone"), "UTC") == "UTC"
    assert parse(Column("timezone", "timezone"), "Mars/Olympus") is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(" Client_ID ", "client_id"), ("CLIENT NAME", "client_name"), ("Device-Id", "device_id"),
     ("resolved_at\t", "resolved_at"), ("Started  At", "started_at")],
)  # fmt: skip
def test_header_names_case_and_whitespace_insensitive(raw, expected):
    assert normalise_header(raw) == expected


@pytest.mark.parametrize(
    ("file_name", "entity"),
    [("clients.csv", "clients"), ("clients_2024-w10.csv", "clients"),
     ("time_entries_march.csv", "time_entries"), ("Invoice_Lines_Q1.CSV", "invoice_lines"),
     ("clientsx.csv", ""), ("customers.csv", ""), ("sla_targets.csv", "sla_targets")],
)  # fmt: skip
def test_entity_from_file_name(file_name, entity):
    assert entity_of(file_name) == entity


def test_cp1252_detected_and_transcoded(tmp_path):
    path = tmp_path / "clients.csv"
    path.write_bytes("client_id,client_name\nC1,Café £5\n".encode("cp1252"))
    file_scan = scan(path)
    assert not file_scan.is_utf8 and not file_scan.is_binary
    with utf8_text(path, file_scan) as text:
        assert text.read_text(encoding="utf-8") == "client_id,client_name\nC1,Café £5\n"
    assert not text.exists()  # temp transcoding removed


def test_utf8_split_across_chunks_is_still_utf8(tmp_path, monkeypatch):
    import pipelines.ingest.landing as landing

    monkeypatch.setattr(landing, "CHUNK_BYTES", 3)  # "é" (2 bytes) straddles chunk borders
    path = tmp_path / "x.csv"
    path.write_text("aé,béé\n", encoding="utf-8")
    assert landing.scan(path).is_utf8
