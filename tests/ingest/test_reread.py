"""A bad row never sticks: raw tables read again from the landing files (ingest/reread.py).

Each test loads a landing folder over several builds (one connection, `loaded_at` a week
apart), changing files between them as an MSP would, and asserts what raw holds after.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import duckdb
import pytest

from pipelines.ingest import ingest
from tests.ingest.helpers import rows

pytestmark = pytest.mark.unit

START = datetime(2026, 3, 2, 9, 0)
HEADER = "invoice_id,line_number,client_id,invoice_date,line_type,amount\n"
GOOD = HEADER + "INV1,1,C001,2026-03-01,labor,100.00\nINV1,2,C001,2026-03-01,labor,50.00\n"
# Valid-looking but wrong: an amount off by far, and a corrupted client id.
POISONED = HEADER + "INV1,1,C001,2026-03-01,labor,999999.00\nINV1,2,C0O1,2026-03-01,labor,50.00\n"
CORRECTED = HEADER + "INV1,1,C001,2026-03-01,labor,100.00\n"


class Landing:
    """A landing folder and a warehouse ingested build after build."""

    def __init__(self, tmp_path):
        self.root = tmp_path / "landing"
        self.generic = self.root / "generic"
        self.generic.mkdir(parents=True)
        self.con = duckdb.connect(str(tmp_path / "w.duckdb"))
        self.builds = 0

    def write(self, name: str, text: str) -> None:
        (self.generic / name).write_text(text)

    def remove(self, name: str) -> None:
        (self.generic / name).unlink()

    def build(self, **options):
        self.builds += 1
        at = START + timedelta(weeks=self.builds)
        return ingest(self.root, self.con, loaded_at=at, **options)

    def invoice_lines(self):
        return rows(
            self.con,
            "select invoice_id, line_number, client_id, amount, _source_file"
            " from raw.invoice_lines order by 1, 2",
        )

    def accounted(self) -> bool:
        """rows read = loaded + quarantined per registry row, and quarantine holds no orphan."""
        per_file = rows(
            self.con,
            "select rows_read, rows_loaded, rows_quarantined from raw.ingested_files",
        )
        (orphans,) = rows(
            self.con,
            "select count(*) from raw.quarantine q where not exists (select 1 from"
            " raw.ingested_files f where f.file_path = q.file_path and f.loaded_at = q.quarantined_at)",
        )[0]
        return orphans == 0 and all(r == ld + q for r, ld, q in per_file)


@pytest.fixture
def landing(tmp_path):
    landing = Landing(tmp_path)
    yield landing
    landing.con.close()


def _good(source: str = "generic/invoice_lines.csv"):
    return [
        ("INV1", 1, "C001", Decimal("100.00"), source),
        ("INV1", 2, "C001", Decimal("50.00"), source),
    ]


def test_putting_the_original_back_after_a_poisoned_export_restores_it(landing):
    landing.write("invoice_lines.csv", GOOD)
    landing.build()
    landing.write("invoice_lines.csv", POISONED)
    landing.build()
    assert ("INV1", 2, "C0O1", Decimal("50.00"), "generic/invoice_lines.csv") in (
        landing.invoice_lines()
    )
    landing.write("invoice_lines.csv", GOOD)  # its hash was loaded in the first build
    summary = landing.build()
    assert summary.reread == {
        "invoice_lines": "generic/invoice_lines.csv was replaced by other content"
    }
    assert landing.invoice_lines() == _good()
    assert [(f.file_path, f.status, f.rows_loaded) for f in summary.files] == [
        ("generic/invoice_lines.csv", "loaded", 2)
    ]
    # The registry describes raw as it now is, one load of the file, and keeps the history:
    # the loads read again are marked replaced.
    assert rows(
        landing.con,
        "select file_path, status, rows_read from raw.ingested_files where entity = 'invoice_lines'"
        " and status = 'loaded'",
    ) == [("generic/invoice_lines.csv", "loaded", 2)]
    assert {r[0] for r in rows(
        landing.con,
        "select status from raw.ingested_files where entity = 'invoice_lines' and status <> 'loaded'",
    )} == {"replaced"}
    assert landing.accounted()


def test_a_corrected_reexport_drops_the_rows_it_no_longer_holds(landing):
    landing.write("invoice_lines.csv", GOOD)
    landing.write("invoice_lines_march.csv", POISONED.replace("INV1", "INV2"))
    landing.build()
    landing.write("invoice_lines_march.csv", CORRECTED.replace("INV1", "INV2"))
    summary = landing.build()
    assert list(summary.reread) == ["invoice_lines"]
    assert landing.invoice_lines() == [
        *_good(),
        ("INV2", 1, "C001", Decimal("100.00"), "generic/invoice_lines_march.csv"),
    ]  # INV2 line 2 (client C0O1) is gone: the corrected export no longer holds it
    assert landing.accounted()


def test_a_poisoned_drop_taken_away_leaves_nothing_behind(landing):
    landing.write("invoice_lines.csv", GOOD)
    landing.build()
    landing.write("invoice_lines_fix.csv", POISONED)
    landing.build()
    landing.remove("invoice_lines_fix.csv")
    summary = landing.build()
    assert list(summary.reread) == ["invoice_lines"]
    assert (
        "no longer in landing and was loaded after files that still are"
        in (summary.reread["invoice_lines"])
    )
    assert landing.invoice_lines() == _good()
    assert landing.accounted()


def test_archived_weekly_drops_keep_their_rows(landing):
    """Old files moved out of landing are history, not a mistake: nothing is read again."""
    landing.write("invoice_lines_w1.csv", GOOD)
    landing.build()
    landing.write("invoice_lines_w2.csv", HEADER + "INV3,1,C001,2026-03-08,labor,70.00\n")
    landing.build()
    landing.remove("invoice_lines_w1.csv")
    summary = landing.build()
    assert summary.reread == {}
    assert landing.invoice_lines() == [
        *_good("generic/invoice_lines_w1.csv"),
        ("INV3", 1, "C001", Decimal("70.00"), "generic/invoice_lines_w2.csv"),
    ]
    # A weekly drop sent under a fresh name adds up as always, with nothing read again.
    landing.write("invoice_lines_w3.csv", HEADER + "INV4,1,C001,2026-03-15,labor,10.00\n")
    assert landing.build().reread == {}
    assert len(landing.invoice_lines()) == 4


def test_a_quarantined_bad_row_comes_back_with_full_when_bounds_allow(landing):
    """`full` reads every table again: a row the as-of bound refused loads with a later one."""
    landing.write("invoice_lines.csv", GOOD)
    landing.write(
        "tickets.csv",
        "ticket_id,client_id,created_at,priority\nT1,C001,2026-03-01T10:00:00Z,P1\n"
        "T2,C001,2026-04-20T10:00:00Z,P1\n",
    )
    first = landing.build()  # "now" is 2026-03-09: T2 is in the future
    assert first.rows_quarantined == 1
    assert landing.build().reread == {}  # nothing changed: nothing read again, nothing loaded
    summary = landing.build(full=True, as_of=datetime(2026, 4, 30))
    assert set(summary.reread) >= {"tickets", "invoice_lines", "clients"}
    assert rows(landing.con, "select ticket_id from raw.tickets order by 1") == [("T1",), ("T2",)]
    assert rows(landing.con, "select count(*) from raw.quarantine") == [(0,)]
    assert landing.invoice_lines() == _good()
    assert landing.accounted()


def test_loading_unchanged_files_again_reads_nothing_again(landing):
    landing.write("invoice_lines.csv", GOOD)
    landing.write("invoice_lines_copy.csv", GOOD)  # same content under two names
    landing.build()
    summary = landing.build()
    assert summary.reread == {}
    assert [f.status for f in summary.files] == ["skipped", "skipped"]
    assert landing.invoice_lines() == _good()


def test_the_build_plan_learns_which_tables_ingest_will_read_again(landing, tmp_path):
    """pipelines/build_plan.py rebuilds what reads them, though no new file landed."""
    from pipelines.ingest.reread import planned_rereads

    landing.write("invoice_lines.csv", GOOD)
    landing.write("clients.csv", "client_id,client_name\nC001,Acme\n")
    landing.build()
    landing.write("invoice_lines.csv", POISONED)
    landing.build()
    landing.write("invoice_lines.csv", GOOD)
    landing.con.close()
    assert planned_rereads(tmp_path / "w.duckdb", landing.root) == {"invoice_lines"}
    assert planned_rereads(tmp_path / "nowhere.duckdb", landing.root) == set()
    landing.con = duckdb.connect(str(tmp_path / "w.duckdb"))
    assert set(landing.build().reread) == {"invoice_lines"}


def test_an_unreadable_reexport_at_the_same_path_keeps_the_last_good_rows(landing):
    """Issue 18 case 1: `amount` renamed in a re-export. The file is rejected whole (the lost-
    data gate blocks the build); raw keeps what the path loaded before, so nothing is lost."""
    landing.write("invoice_lines.csv", GOOD)
    landing.write("clients.csv", "client_id,client_name\nC001,Acme\n")
    landing.build()
    landing.write("invoice_lines.csv", GOOD.replace(",amount\n", ",amount_gbp\n"))
    summary = landing.build()
    statuses = {f.file_path: f.status for f in summary.files}
    assert statuses["generic/invoice_lines.csv"] == "rejected"
    assert landing.invoice_lines() == _good()
    assert rows(
        landing.con,
        "select status, rows_loaded from raw.ingested_files where entity = 'invoice_lines'"
        " order by loaded_at",
    ) == [("loaded", 2), ("rejected", 0)]
    assert landing.accounted()
