"""The broken-file corpus (tests/data/broken/<case>/generic/): exact verdicts, reasons, values.

Every case asserts the whole of raw.ingested_files and raw.quarantine, so an extra or a
missing quarantined row fails the test, and the loaded values that the case is about.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from tests.ingest.helpers import DATA, ingest_dir, rows

pytestmark = pytest.mark.unit

# The corpus is loaded "now" = this time: timestamps after 2026-04-01 12:00 UTC are in the future.
NOW = datetime(2026, 3, 31, 12, 0)
MONEY_RANGE = "out of range (-999,999,999.99 to 999,999,999.99)"
ID_CONTROL = "control character (line break, tab...) in an id"
MIXED = (
    "invalid UTF-8 bytes in a file that is otherwise UTF-8: row not read"
    " (export the file again as UTF-8)"
)

ENTITY_LIST = (
    "clients, technicians, devices, agreements, sla_targets, monitoring_events, tickets,"
    " time_entries, invoice_lines"
)
UNKNOWN = (
    "unknown entity in file name: expected <entity>.csv or <entity>_<anything>.csv"
    f" with entity one of {ENTITY_LIST}"
)
NOT_BOOL = "not a boolean (true/false/yes/no/1/0)"

# case -> (files: (path, status, read, loaded, quarantined, message), quarantine: (path, line, reason))
CASES = {
    "cp1252": (
        [("clients.csv", "loaded", 2, 2, 0, "generic/clients.csv: read as Windows-1252")],
        [],
    ),
    "utf8_bom": ([("technicians.csv", "loaded", 2, 2, 0, None)], []),
    "missing_required_column": (
        [
            ("clients.csv", "loaded", 1, 1, 0, None),
            ("devices.csv", "rejected", 0, 0, 0,
             "generic/devices.csv: missing required column(s) device_type for devices"
             " (header: device_id, client_id, device_name, is_critical)"),
        ],
        [],
    ),
    "renamed_column": (
        [
            ("agreements.csv", "loaded", 1, 1, 0, None),
            ("tickets.csv", "rejected", 0, 0, 0,
             "generic/tickets.csv: missing required column(s) ticket_id for tickets"
             " (header: ticket_number, client_id, created_at, priority)"),
        ],
        [],
    ),
    "extra_columns": ([("clients.csv", "loaded", 2, 2, 0, None)], []),
    "header_case_spaces": ([("monitoring_events.csv", "loaded", 1, 1, 0, None)], []),
    "bad_dates": (
        [
            ("agreements.csv", "loaded", 5, 1, 4, None),
            ("monitoring_events.csv", "loaded", 6, 3, 3,
             "generic/monitoring_events.csv: local times read as UTC: client C001 is unknown"
             " (in no clients file or client map): 1 row (first at line 5)"),
        ],
        [
            ("agreements.csv", 3, "start_date: not an ISO date (YYYY-MM-DD): '2024/01/01'"),
            ("agreements.csv", 4, "start_date: not an ISO date (YYYY-MM-DD): '2024-02-30'"),
            ("agreements.csv", 5, "start_date: not an ISO date (YYYY-MM-DD): '01-03-2024';"
             " end_date: not an ISO date (YYYY-MM-DD): '2024-13-01'"),
            ("agreements.csv", 6, "end_date: before start_date ('2024-06-30' < '2024-07-01')"),
            ("monitoring_events.csv", 2, "started_at: not an ISO-8601 timestamp: '2024-03-04T25:00:00Z'"),
            ("monitoring_events.csv", 3, "started_at: not an ISO-8601 timestamp: '04/03/2024 09:00'"),
            ("monitoring_events.csv", 7, "started_at: not an ISO-8601 timestamp: '2024-03-04T09:00:00+15:00'"),
        ],
    ),
    "negative_hours": (
        [("time_entries.csv", "loaded", 5, 2, 3, None)],
        [
            ("time_entries.csv", 3, "hours: negative value: '-1.5'"),
            ("time_entries.csv", 4, f"hours: not a number: 'abc'; billable: {NOT_BOOL}: 'maybe';"
             " work_type: invalid value 'repair' (expected one of reactive, proactive, project,"
             " emergency, admin)"),
            ("time_entries.csv", 6, "client_id: required value missing"),
        ],
    ),
    "resolved_before_started": (
        [
            ("clients.csv", "loaded", 2, 2, 0, None),
            ("monitoring_events.csv", "loaded", 4, 1, 3, None),
            ("tickets.csv", "loaded", 3, 1, 2, None),
        ],
        [
            # London (BST) 10:30 local = 09:30 UTC, before 10:00Z.
            ("monitoring_events.csv", 2,
             "resolved_at: before started_at ('2024-07-01 10:30' < '2024-07-01T10:00:00Z')"),
            ("monitoring_events.csv", 4,
             "resolved_at: before started_at ('2024-07-01 08:00' < '2024-07-01 09:00')"),
            # Unknown client C003: naive read as UTC, 10:00Z is after 09:30Z.
            ("monitoring_events.csv", 5,
             "resolved_at: before started_at ('2024-07-01T10:30:00+01:00' < '2024-07-01 10:00')"),
            ("tickets.csv", 3, "resolved_at: before created_at ('2024-07-01 11:00' < '2024-07-01 12:00')"),
            ("tickets.csv", 4,
             "first_response_at: before created_at ('2024-07-01 11:59' < '2024-07-01 12:00')"),
        ],
    ),
    "duplicate_keys_within_file": (
        [("clients.csv", "loaded", 7, 3, 4, None)],
        [
            ("clients.csv", 2, "duplicate key client_id=C001 superseded by line 5"),
            ("clients.csv", 4, "duplicate key client_id=C001 superseded by line 5"),
            ("clients.csv", 6, "seats: not an integer: 'x'"),
            # A refused later row does not evict the good earlier one (line 7 stays).
            ("clients.csv", 8, "seats: not an integer: 'minus'"),
        ],
    ),
    "duplicate_keys_across_files": (
        [
            ("clients_2024-01.csv", "loaded", 2, 2, 0, None),
            ("clients_2024-02.csv", "loaded", 2, 2, 0, None),
            ("invoice_lines_a.csv", "loaded", 2, 2, 0, None),
            ("invoice_lines_b.csv", "loaded", 1, 1, 0, None),
        ],
        [],
    ),
    "same_file_twice": (
        [
            ("clients_a.csv", "loaded", 2, 2, 0, None),
            ("clients_copy.csv", "skipped", 0, 0, 0,
             "generic/clients_copy.csv: same content as generic/clients_a.csv, already loaded"),
        ],
        [],
    ),
    "empty_file": (
        [
            ("clients.csv", "rejected", 0, 0, 0, "generic/clients.csv: empty file (no header, no rows)"),
            ("clients_blank.csv", "rejected", 0, 0, 0,
             "generic/clients_blank.csv: no header line (first line is empty)"),
            ("technicians.csv", "loaded", 1, 1, 0, None),
        ],
        [],
    ),
    "header_only": ([("technicians.csv", "loaded", 0, 0, 0, None)], []),
    "money_symbols": (
        [("invoice_lines.csv", "loaded", 6, 5, 1, None)],
        [("invoice_lines.csv", 5, "amount: not a money amount: '1.234,50'")],
    ),
    "unknown_entity": (
        [
            ("clients.csv", "loaded", 1, 1, 0, None),
            ("clientsx.csv", "rejected", 0, 0, 0, f"generic/clientsx.csv: {UNKNOWN}"),
            ("customers.csv", "rejected", 0, 0, 0, f"generic/customers.csv: {UNKNOWN}"),
            ("notes.txt", "rejected", 0, 0, 0,
             "generic/notes.txt: not a .csv file: the generic format is one CSV per entity"),
        ],
        [],
    ),
    "not_csv": (
        [
            ("clients_api.csv", "rejected", 0, 0, 0,
             'generic/clients_api.csv: missing required column(s) client_id, client_name for'
             ' clients (header: [{"client_id":_"c001", "client_name":_"acme"}])'),
            ("devices_blob.csv", "rejected", 0, 0, 0,
             "generic/devices_blob.csv: binary content, not a text file"),
            ("technicians_unicode.csv", "rejected", 0, 0, 0,
             "generic/technicians_unicode.csv: UTF-16 text; export as CSV in UTF-8 or Windows-1252"),
        ],
        [],
    ),
    "duplicate_header": (
        [
            ("clients.csv", "rejected", 0, 0, 0,
             "generic/clients.csv: duplicate column(s) in header: client_id"),
            ("technicians.csv", "loaded", 1, 1, 0, None),
        ],
        [],
    ),
    "enums_booleans": (
        [("devices.csv", "loaded", 5, 3, 2, None), ("agreements.csv", "loaded", 4, 2, 2, None)],
        [
            ("agreements.csv", 3, "support_model: invalid value 'Managed Services'"
             " (expected one of managed, break_fix, hybrid)"),
            ("agreements.csv", 5, "covered_device_types: invalid device type in 'server|toaster'"
             " (expected |-separated server, workstation, laptop, network, firewall, storage,"
             " printer, other)"),
            ("devices.csv", 4, "device_type: invalid value 'phone' (expected one of server,"
             " workstation, laptop, network, firewall, storage, printer, other)"),
            ("devices.csv", 5, f"is_critical: {NOT_BOOL}: 'maybe'"),
        ],
    ),
    # Values dbt cannot compute, NaN and infinity (issue 18, item 3).
    "extreme_values": (
        [
            ("agreements.csv", "loaded", 2, 1, 1, None),
            ("clients.csv", "loaded", 3, 1, 2, None),
            ("invoice_lines.csv", "loaded", 7, 2, 5, None),
            ("sla_targets.csv", "loaded", 2, 1, 1, None),
            ("time_entries.csv", "loaded", 6, 2, 4, None),
        ],
        [
            ("agreements.csv", 3, "emergency_rate_multiplier: out of range (0 to 10): '10.5'"),
            ("clients.csv", 3, "seats: out of range (0 to 1,000,000): '1000001'"),
            ("clients.csv", 4, f"downtime_cost_per_hour: {MONEY_RANGE}: '1000000000'"),
            ("invoice_lines.csv", 3, f"amount: {MONEY_RANGE}: '9999999999999999.99'"),
            ("invoice_lines.csv", 4, f"amount: {MONEY_RANGE}: '-1000000000.00'"),
            ("invoice_lines.csv", 5, "quantity: out of range (-1,000,000 to 1,000,000): '2000000'"),
            ("invoice_lines.csv", 6, f"unit_price: {MONEY_RANGE}: '1000000000'"),
            ("invoice_lines.csv", 8, "amount: not a money amount: 'NaN'"),
            ("sla_targets.csv", 3, "resolution_minutes: out of range (0 to 525,600): '525601'"),
            ("time_entries.csv", 3, "hours: out of range (0 to 24): '1e308'"),
            ("time_entries.csv", 4, "hours: out of range (0 to 24): '24.5'"),
            ("time_entries.csv", 5, "hours: not a number: 'NaN'"),
            ("time_entries.csv", 6, "hours: not a number: 'inf'"),
        ],
    ),
    # A line break in a name never reaches raw; an id holding a control character is refused.
    "control_characters": (
        [
            ("clients.csv", "loaded", 5, 3, 2,
             "generic/clients.csv: control characters removed from client_name: 1 row"
             " (first at line 2); control characters removed from client_name, industry: 1 row"
             " (first at line 5); control characters removed from report_recipients: 1 row"
             " (first at line 7)"),
            ("tickets.csv", "loaded", 2, 2, 0,
             "generic/tickets.csv: control characters removed from summary: 1 row (first at line 2)"),
        ],
        [
            ("clients.csv", 4, f"client_id: {ID_CONTROL}: 'C0?02'"),
            ("clients.csv", 9, f"client_id: {ID_CONTROL}: 'C005\\n'"),
        ],
    ),
    # One NUL byte quarantines its row, not the file (it was "binary content").
    "nul_byte": (
        [("tickets.csv", "loaded", 12, 11, 1, None)],
        [("tickets.csv", 6, "NUL byte (binary data) in summary")],
    ),
    # UTF-8 with one invalid byte: that row is quarantined, the rest read as UTF-8 (not cp1252).
    "mixed_encoding": (
        [("clients.csv", "loaded", 3, 2, 1,
          "generic/clients.csv: UTF-8 with invalid bytes in some rows (quarantined, line named)")],
        [("clients.csv", 3, MIXED)],
    ),
    # Dates before 2000-01-01 or after the as-of time (here NOW) plus a day; nanoseconds load.
    "dates_out_of_range": (
        [
            ("agreements.csv", "loaded", 2, 1, 1, None),
            ("tickets.csv", "loaded", 6, 2, 4,
             "generic/tickets.csv: local times read as UTC: client C001 is unknown (in no clients"
             " file or client map): 1 row (first at line 6)"),
        ],
        [
            ("agreements.csv", 2, "start_date: before 2000-01-01: '1900-01-01'"),
            ("tickets.csv", 2, "created_at: before 2000-01-01: '0001-01-01T00:00:00Z'"),
            ("tickets.csv", 3, "created_at: before 2000-01-01: '1999-12-31T23:59:59Z'"),
            ("tickets.csv", 5, "created_at: after the as-of time plus 1 day (2026-04-01 12:00 UTC):"
             " '2099-01-01T00:00:00Z'"),
            ("tickets.csv", 7, "resolved_at: after the as-of time plus 1 day (2026-04-01 12:00 UTC):"
             " '2026-04-01 12:01:00'"),
        ],
    ),
    "ragged_rows": (
        [("clients.csv", "loaded", 6, 4, 2,
          "generic/clients.csv: control characters removed from client_name: 1 row (first at line 6)")],
        [
            ("clients.csv", 3, "row has fewer fields than the header (3)"),
            ("clients.csv", 4, "row has more fields than the header (3)"),
        ],
    ),
}  # fmt: skip


@pytest.fixture(scope="module")
def load_case(tmp_path_factory):
    """Each case is ingested once per module; tests only read the result."""
    loaded = {}

    def load(case: str):
        if case not in loaded:
            warehouse = tmp_path_factory.mktemp("broken") / f"{case}.duckdb"
            loaded[case] = ingest_dir(DATA / "broken" / case, warehouse, loaded_at=NOW)
        return loaded[case]

    yield load
    for _, con in loaded.values():
        con.close()


@pytest.mark.parametrize("case", sorted(CASES))
def test_case_files_and_quarantine_exactly(case, load_case):
    expected_files, expected_quarantine = CASES[case]
    summary, con = load_case(case)
    files = rows(
        con,
        "select file_path, status, rows_read, rows_loaded, rows_quarantined, message"
        " from raw.ingested_files order by file_path",
    )
    assert files == sorted((f"generic/{f[0]}", *f[1:]) for f in expected_files)
    quarantine = rows(
        con,
        "select file_path, line_number, reason from raw.quarantine order by file_path, line_number",
    )
    assert quarantine == [(f"generic/{f}", line, reason) for f, line, reason in expected_quarantine]
    # The summary tells the same story as the tables.
    assert sorted(f.message for f in summary.rejected) == sorted(
        f[5] for f in expected_files if f[1] == "rejected"
    )
    assert summary.rows_quarantined == len(expected_quarantine)
    # Nothing silently dropped: per file, read = loaded + quarantined, all in raw.quarantine.
    per_file = rows(
        con,
        """
        select f.rows_read, f.rows_loaded, f.rows_quarantined,
            (select count(*) from raw.quarantine q where q.file_path = f.file_path),
        from raw.ingested_files f
        """,
    )
    assert all(read == loaded + q == loaded + in_q for read, loaded, q, in_q in per_file)


def test_cp1252_pound_and_accents_read_correctly(load_case):
    _, con = load_case("cp1252")
    assert rows(
        con, "select client_id, client_name, downtime_cost_per_hour from raw.clients order by 1"
    ) == [
        ("C001", "Café Crème Ltd", Decimal("1234.50")),
        ("C002", "Zoë's Bäckerei", Decimal("99.00")),
    ]


def test_utf8_bom_first_column_recognised(load_case):
    _, con = load_case("utf8_bom")
    assert rows(
        con, "select technician_id, technician_name, hourly_cost from raw.technicians order by 1"
    ) == [
        ("T01", "Zoë Tech", Decimal("45.00")),
        ("T02", "Ana", Decimal("38.50")),
    ]


def test_renamed_optional_column_lands_in_extra(load_case):
    _, con = load_case("renamed_column")
    assert rows(con, "select agreement_id, monthly_fee, _extra::varchar from raw.agreements") == [
        ("A001", None, '{"fee":"1500.00"}')
    ]
    assert rows(con, "select count(*) from raw.tickets") == [(0,)]


def test_extra_columns_kept_as_json_and_report_recipients_is_a_column(load_case):
    _, con = load_case("extra_columns")
    assert rows(
        con,
        "select client_id, seats, report_recipients, _extra->>'account_manager', _extra->>'notes'"
        " from raw.clients order by 1",
    ) == [
        ("C001", 25, "ops@harbour.example; it@harbour.example", "Sam", "VIP"),
        ("C002", 10, None, None, None),
    ]


def test_header_case_and_spaces_map_to_columns(load_case):
    _, con = load_case("header_case_spaces")
    assert rows(
        con, "select event_id, client_id, device_id, check_name, severity, started_at, resolved_at"
        " from raw.monitoring_events",
    ) == [("E1", "C001", "D001", "ping", "critical", "2024-03-04 09:00:00+00:00", "2024-03-04 09:30:00+00:00")]  # fmt: skip


def test_good_timestamps_next_to_bad_ones_are_normalised(load_case):
    _, con = load_case("bad_dates")
    assert rows(con, "select event_id, started_at from raw.monitoring_events order by 1") == [
        ("E3", "2024-03-04 09:00:00+05:30"),
        ("E4", "2024-03-04 09:00:00"),
        ("E5", "2024-03-04 09:00:00.250000+00:00"),
    ]


def test_negative_hours_neighbours_load_with_types(load_case):
    _, con = load_case("negative_hours")
    assert rows(
        con, "select time_entry_id, hours, billable, work_type from raw.time_entries order by 1"
    ) == [
        ("W1", 1.5, True, "reactive"),
        ("W4", 0.0, False, "proactive"),
    ]


def test_timezone_decides_what_is_before(load_case):
    _, con = load_case("resolved_before_started")
    # E2: 10:30 London = 09:30Z, resolved 09:45Z. K1: resolved 09:00 New York = 13:00Z > 12:00Z.
    assert rows(con, "select event_id from raw.monitoring_events") == [("E2",)]
    assert rows(con, "select ticket_id, resolved_at from raw.tickets") == [
        ("K1", "2024-07-01 09:00:00")
    ]


def test_duplicate_within_file_last_good_occurrence_wins(load_case):
    _, con = load_case("duplicate_keys_within_file")
    assert rows(
        con, "select client_id, client_name, seats, _source_line from raw.clients order by 1"
    ) == [
        ("C001", "Newest", 14, 5),
        ("C002", "Beta", 5, 3),
        ("C004", "Delta", 3, 7),
    ]
    # Superseded rows keep their content in the quarantine.
    assert rows(con, "select line_number, record->>'client_name', record->>'seats' from raw.quarantine order by 1") == [
        (2, "Old Name", "10"), (4, "New Name", "12"), (6, "Gamma", "x"), (8, "Delta Bad", "minus"),
    ]  # fmt: skip


def test_duplicate_across_files_later_file_name_wins(load_case):
    _, con = load_case("duplicate_keys_across_files")
    assert rows(
        con, "select client_id, client_name, seats, _source_file from raw.clients order by 1"
    ) == [
        ("C001", "February Name", 11, "generic/clients_2024-02.csv"),
        ("C002", "Beta", 5, "generic/clients_2024-01.csv"),
        ("C003", "Gamma", 7, "generic/clients_2024-02.csv"),
    ]
    assert rows(
        con,
        "select invoice_id, line_number, amount, _source_file from raw.invoice_lines order by 1, 2",
    ) == [
        ("INV1", 1, Decimal("100.00"), "generic/invoice_lines_a.csv"),
        ("INV1", 2, Decimal("55.00"), "generic/invoice_lines_b.csv"),
    ]


def test_same_file_twice_loads_rows_once(load_case):
    _, con = load_case("same_file_twice")
    assert rows(con, "select client_id, _source_file from raw.clients order by 1") == [
        ("C001", "generic/clients_a.csv"),
        ("C002", "generic/clients_a.csv"),
    ]


def test_money_symbols_stripped(load_case):
    _, con = load_case("money_symbols")
    assert rows(
        con,
        "select line_number, line_type, unit_price, amount, unit_cost from raw.invoice_lines order by 1",
    ) == [
        (1, "labor", Decimal("95.00"), Decimal("1234.50"), None),
        (2, "parts", Decimal("99.00"), Decimal("99.00"), Decimal("60.00")),
        (3, "credit", None, Decimal("-50.00"), None),
        (5, "other", None, Decimal("-5.00"), None),
        (6, "recurring_fee", None, Decimal("1500.00"), None),
    ]


def test_enums_and_booleans_normalised(load_case):
    _, con = load_case("enums_booleans")
    assert rows(con, "select device_id, device_type, is_critical from raw.devices order by 1") == [
        ("D1", "server", None),
        ("D2", "laptop", True),
        ("D5", "storage", False),
    ]
    assert rows(
        con,
        "select agreement_id, support_model, covered_device_types from raw.agreements order by 1",
    ) == [
        ("A1", "break_fix", None),
        ("A3", "hybrid", "server|firewall"),
    ]


def test_ragged_rows_line_numbers_count_quoted_newlines(load_case):
    _, con = load_case("ragged_rows")
    assert rows(con, "select client_id, client_name, _source_line from raw.clients order by 1") == [
        ("C001", "Acme", 2),
        ("C004", 'Delta, "the" company', 5),
        ("C005", "Multi line", 6),  # a name is one line: the line break became a space
        ("C006", "Zed", 8),
    ]
    record = rows(
        con,
        "select record->>'client_name', record->>'seats' from raw.quarantine where line_number = 3",
    )
    assert record == [("Beta", None)]  # the row as read: the missing field is null


def test_extreme_values_neighbours_load_with_their_values(load_case):
    _, con = load_case("extreme_values")
    assert rows(con, "select time_entry_id, hours from raw.time_entries order by 1") == [
        ("W1", 24.0),
        ("W6", 0.0),
    ]
    assert rows(con, "select line_number, amount from raw.invoice_lines order by 1") == [
        (1, Decimal("190.00")),
        (6, Decimal("-999999999.99")),  # the bound itself is accepted
    ]
    assert rows(con, "select client_id, seats from raw.clients") == [("C001", 1000000)]
    assert rows(con, "select agreement_id, priority, resolution_minutes from raw.sla_targets") == [
        ("A1", "P1", 525600)
    ]


def test_control_characters_never_reach_raw_names(load_case):
    _, con = load_case("control_characters")
    assert rows(
        con,
        "select client_id, client_name, industry, report_recipients from raw.clients order by 1",
    ) == [
        ("C001", "Evil Bcc: victim@evil.example", "legal", "ops@evil.example"),
        ("C003", "Tab Name", "retail", None),
        ("C004", "Plain", "retail", "a@x.example Bcc: b@y.example"),
    ]
    # Free text keeps its line breaks; only the other control characters go.
    assert rows(con, "select ticket_id, summary from raw.tickets order by 1") == [
        ("T1", "line one\nline two ding"),
        ("T2", "plain"),
    ]
    (found,) = rows(
        con,
        "select count(*) from raw.clients where regexp_matches(client_name || coalesce(industry, '')"
        " || coalesce(report_recipients, ''), '[\\x00-\\x1f\\x7f]')",
    )
    assert found == (0,)


def test_nul_row_quarantined_and_the_others_load(load_case):
    _, con = load_case("nul_byte")
    assert rows(con, "select count(*), min(ticket_id), max(_source_line) from raw.tickets") == [
        (11, "T1", 13)
    ]
    assert rows(con, "select ticket_id from raw.tickets where ticket_id = 'T5'") == []


def test_mixed_encoding_keeps_utf8_text(load_case):
    _, con = load_case("mixed_encoding")
    assert rows(
        con, "select client_id, client_name, downtime_cost_per_hour from raw.clients order by 1"
    ) == [
        ("C001", "Müller GmbH", Decimal("1250.00")),
        ("C003", "Zoë's Café", Decimal("99.00")),
    ]
    # The refused row as read (its invalid byte shown as '?'), never a corrupted id in raw.
    assert rows(con, "select record->>'line' from raw.quarantine") == [("C0?2,Broken Id,10",)]


def test_dates_in_range_load_and_nanoseconds_are_cut_to_microseconds(load_case):
    _, con = load_case("dates_out_of_range")
    assert rows(con, "select ticket_id, created_at, resolved_at from raw.tickets order by 1") == [
        ("T3", "2000-01-01 00:00:00+00:00", "2026-03-01 10:00:00.123456+00:00"),
        ("T5", "2026-03-31 12:00:00", "2026-04-01 11:59:00"),
    ]
    # Dates that plan ahead (an agreement's end) are not bounded by the as-of time.
    assert rows(con, "select agreement_id, end_date from raw.agreements") == [
        ("A2", date(2099, 12, 31))
    ]
