"""Row-level damage stays row-level (issue 18, item 4), and the landing folder's housekeeping.

Files too large or too hostile to keep in tests/data/broken are written here: a 50 MiB field,
rows the reader refuses around quoted line breaks, a symbolic link to a file outside landing.
Every case asserts rows read = rows loaded + rows quarantined and the exact reasons.
"""

from __future__ import annotations

import shutil
from datetime import datetime

import pytest

from pipelines.ingest.landing import scan
from tests.ingest.helpers import DATA, ingest_dir, rows

pytestmark = pytest.mark.unit

NOW = datetime(2026, 3, 31, 12, 0)
TOO_LONG = "row longer than 1 MiB (the limit per row): not read"
MIXED = (
    "invalid UTF-8 bytes in a file that is otherwise UTF-8: row not read"
    " (export the file again as UTF-8)"
)
HEADER = "ticket_id,client_id,created_at,priority,summary\n"


def _ticket(i: int, summary: str = "ok") -> str:
    return f"T{i},C001,2024-03-04T09:{i:02d}:00Z,P3,{summary}\n"


def _load(tmp_path, files: dict[str, bytes]):
    generic = tmp_path / "landing" / "generic"
    generic.mkdir(parents=True)
    for name, data in files.items():
        (generic / name).write_bytes(data)
    summary, con = ingest_dir(tmp_path / "landing", tmp_path / "w.duckdb", loaded_at=NOW)
    return summary, con


def _registry(con):
    return rows(
        con,
        "select file_path, status, rows_read, rows_loaded, rows_quarantined, message"
        " from raw.ingested_files order by file_path",
    )


def _quarantine(con):
    return rows(con, "select line_number, reason from raw.quarantine order by line_number")


def _accounted(con) -> bool:
    return all(
        read == loaded + quarantined == loaded + in_quarantine
        for read, loaded, quarantined, in_quarantine in rows(
            con,
            "select rows_read, rows_loaded, rows_quarantined,"
            " (select count(*) from raw.quarantine q where q.file_path = f.file_path)"
            " from raw.ingested_files f",
        )
    )


def test_a_50_mib_field_quarantines_its_row_not_the_file(tmp_path):
    big = "x" * (50 << 20)
    text = HEADER + _ticket(1) + _ticket(2, big) + _ticket(3) + _ticket(4)
    _, con = _load(tmp_path, {"tickets.csv": text.encode()})
    assert _registry(con) == [("generic/tickets.csv", "loaded", 4, 3, 1, None)]
    assert _quarantine(con) == [(3, TOO_LONG)]
    assert rows(con, "select ticket_id, _source_line from raw.tickets order by 1") == [
        ("T1", 2), ("T3", 4), ("T4", 5),
    ]  # fmt: skip
    # The quarantine keeps the start of the row, not 50 MiB.
    assert rows(con, "select length(record->>'line') from raw.quarantine") == [(200,)]
    assert _accounted(con)


def test_refused_rows_among_quoted_line_breaks_keep_every_line_number(tmp_path):
    """Lines: quoted line breaks before and after the refused rows, two refused in a row."""
    text = (
        HEADER.encode()
        + _ticket(1, '"two\nlines"').encode()  # lines 2-3
        + _ticket(2, "M\xfcller").encode("latin-1")  # line 4: invalid UTF-8
        + _ticket(3, "y" * (1 << 21)).encode()  # line 5: too long
        + _ticket(4, '"three\nmore\nlines"').encode()  # lines 6-8
        + _ticket(5, "Müller").encode()  # line 9: valid UTF-8 (the file is mixed)
        + _ticket(6, "\xe9").encode("latin-1")  # line 10: invalid
        + _ticket(7).encode()  # line 11
    )
    _, con = _load(tmp_path, {"tickets.csv": text})
    assert rows(con, "select ticket_id, summary, _source_line from raw.tickets order by 1") == [
        ("T1", "two\nlines", 2),
        ("T4", "three\nmore\nlines", 6),
        ("T5", "Müller", 9),
        ("T7", "ok", 11),
    ]
    assert _quarantine(con) == [(4, MIXED), (5, TOO_LONG), (10, MIXED)]
    assert _registry(con)[0][1:5] == ("loaded", 7, 4, 3)
    assert _accounted(con)


def test_refused_rows_in_a_quote_free_file_keep_every_line_number(tmp_path):
    text = (
        HEADER.encode()
        + _ticket(1, "Zoë").encode()
        + _ticket(2, "\xfc").encode("latin-1")
        + _ticket(3, "\xfc").encode("latin-1")
        + _ticket(4).encode()
        + _ticket(5, "z" * (1 << 21)).encode()
        + _ticket(6).encode()
    )
    _, con = _load(tmp_path, {"tickets.csv": text})
    assert rows(con, "select ticket_id, _source_line from raw.tickets order by 1") == [
        ("T1", 2), ("T4", 5), ("T6", 7),
    ]  # fmt: skip
    assert _quarantine(con) == [(3, MIXED), (4, MIXED), (6, TOO_LONG)]
    assert _accounted(con)


def test_a_file_wholly_in_windows_1252_still_loads_as_before(tmp_path):
    text = "client_id,client_name,downtime_cost_per_hour\nC001,Müller GmbH,£99\nC002,Café,£1\n"
    _, con = _load(tmp_path, {"clients.csv": text.encode("cp1252")})
    assert _registry(con) == [
        ("generic/clients.csv", "loaded", 2, 2, 0, "generic/clients.csv: read as Windows-1252")
    ]
    assert rows(con, "select client_name from raw.clients order by 1") == [
        ("Café",), ("Müller GmbH",),
    ]  # fmt: skip


def test_many_nul_bytes_still_mean_a_binary_file(tmp_path):
    """A text export with a damaged row is not a binary file, a zeroed block is."""
    damaged = (HEADER + "".join(_ticket(i) for i in range(1, 30))).encode()
    zeroed = damaged + b"\x00" * 4096
    _, con = _load(tmp_path, {"tickets.csv": damaged.replace(b"ok\n", b"o\x00k\n", 1),
                              "tickets_zeroed.csv": zeroed})  # fmt: skip
    assert _registry(con) == [
        ("generic/tickets.csv", "loaded", 29, 28, 1, None),
        ("generic/tickets_zeroed.csv", "rejected", 0, 0, 0,
         "generic/tickets_zeroed.csv: binary content, not a text file"),
    ]  # fmt: skip
    assert _quarantine(con) == [(2, "NUL byte (binary data) in summary")]


@pytest.mark.parametrize(
    ("data", "mixed"),
    [
        ("a,b\n1,Müller\n".encode() + b"2,M\xfcller\n", True),
        (b"a,b\n2,M\xfcller\n" + "1,Müller\n".encode(), True),
        ("a,b\n1,Müller £5\n".encode("cp1252"), False),
        ("a,b\n1,Müller\n".encode(), False),
    ],
)
def test_scan_tells_mixed_utf8_from_windows_1252(tmp_path, monkeypatch, data, mixed):
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    # Chunks of 3 bytes: sequences cut between chunks must not look invalid or multi-byte.
    monkeypatch.setattr("pipelines.ingest.landing.CHUNK_BYTES", 3)
    assert scan(path).is_mixed_utf8 is mixed


def test_a_symlink_in_landing_is_refused_and_never_read(tmp_path):
    landing = tmp_path / "landing"
    shutil.copytree(DATA / "good", landing)
    secret = tmp_path / "secret.csv"
    secret.write_text("client_id,client_name\nSECRET-ID,root:x:0:0\n")
    (landing / "generic" / "clients_link.csv").symlink_to(secret)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "tickets.csv").write_text("ticket_id\nSECRET-T\n")
    (landing / "connectwise").symlink_to(outside, target_is_directory=True)
    (outside / "tickets.json").write_text('[{"id": 1, "summary": "SECRET"}]')
    summary, con = ingest_dir(landing, tmp_path / "w.duckdb", loaded_at=NOW)
    refused = rows(
        con,
        "select file_path, status, sha256, message from raw.ingested_files"
        " where message like '%symbolic link%' order by 1",
    )
    link = "a symbolic link; refused, not followed (copy the export itself into the landing folder)"
    assert refused == [
        (f"connectwise/{name}", "rejected", None, f"connectwise/{name}: {link}")
        for name in ("tickets.csv", "tickets.json")  # every file under a linked folder
    ] + [
        ("generic/clients_link.csv", "rejected", None, f"generic/clients_link.csv: {link}"),
    ]
    everything = " ".join(str(r) for r in rows(con, "select * from raw.ingested_files"))
    everything += " ".join(str(r) for r in rows(con, "select * from raw.quarantine"))
    assert "SECRET" not in everything and "root:x" not in everything
    assert rows(con, "select count(*) from raw.clients where client_id = 'SECRET-ID'") == [(0,)]
    assert len(summary.rejected) == 3
