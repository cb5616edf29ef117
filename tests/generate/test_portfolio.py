"""The generated portfolio: deterministic, documented headers, every rule exercised, truth consistent."""

from __future__ import annotations

import csv
import json
import re
import sys
import types
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from statistics import mean
from zoneinfo import ZoneInfo

import pytest

from pipelines.generate import generate_portfolio
from pipelines.generate.records import ENTITY_COLUMNS
from pipelines.generate.writers import get_writer

pytestmark = pytest.mark.unit

TIMESTAMP_COLUMNS = {
    "monitoring_events": ("started_at", "resolved_at"),
    "tickets": ("created_at", "first_response_at", "resolved_at"),
    "time_entries": ("started_at",),
}


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    return generate_portfolio(tmp_path_factory.mktemp("small"), clients=5, months=3, seed=7).parent


def read(out: Path, entity: str) -> list[dict[str, str]]:
    with open(out / "generic" / f"{entity}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def truth_of(out: Path) -> dict:
    return json.loads((out / "_truth.json").read_text())


def parse_timestamp(text: str, zone: ZoneInfo) -> datetime:
    """The landing rule: offset when given, else the client's timezone."""
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=zone).astimezone(UTC)


def test_same_seed_gives_identical_files_and_another_seed_does_not(small, tmp_path):
    again = generate_portfolio(tmp_path / "again", clients=5, months=3, seed=7).parent
    other = generate_portfolio(tmp_path / "other", clients=5, months=3, seed=8).parent
    files = sorted(p.relative_to(small) for p in small.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    for name in files:
        assert (small / name).read_bytes() == (again / name).read_bytes(), name
    assert (small / "generic/tickets.csv").read_bytes() != (
        other / "generic/tickets.csv"
    ).read_bytes()


def test_every_entity_has_its_documented_header_and_truth_counts_its_rows(small):
    truth = truth_of(small)
    for entity, columns in ENTITY_COLUMNS.items():
        with open(small / "generic" / f"{entity}.csv", encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        assert tuple(rows[0]) == columns, entity
        assert truth["rows"][entity] == len(rows) - 1 > 0, entity
        assert all(len(row) == len(columns) for row in rows), entity
    assert len(truth["clients"]) == 5 and len(truth["devices"]) == truth["rows"]["devices"]


def test_ids_are_unique_and_references_resolve(small):
    clients = {r["client_id"] for r in read(small, "clients")}
    devices = {r["device_id"]: r["client_id"] for r in read(small, "devices")}
    tickets = {r["ticket_id"]: r for r in read(small, "tickets")}
    assert len(tickets) == len(read(small, "tickets"))
    for event in read(small, "monitoring_events"):
        assert devices[event["device_id"]] == event["client_id"] in clients
    for ticket in tickets.values():
        assert not ticket["device_id"] or devices[ticket["device_id"]] == ticket["client_id"]
        assert not ticket["merged_into_ticket_id"] or ticket["merged_into_ticket_id"] in tickets
    technicians = {r["technician_id"] for r in read(small, "technicians")}
    assert {r["technician_id"] for r in read(small, "time_entries")} <= technicians
    lines = [(r["invoice_id"], r["line_number"]) for r in read(small, "invoice_lines")]
    assert len(lines) == len(set(lines))


def test_timestamps_are_whole_seconds_unambiguous_and_end_exactly_at_as_of(small):
    truth = truth_of(small)
    as_of = datetime.fromisoformat(truth["as_of"].replace("Z", "+00:00"))
    zones = {r["client_id"]: ZoneInfo(r["timezone"] or "UTC") for r in read(small, "clients")}
    spellings, latest = set(), []
    for entity, columns in TIMESTAMP_COLUMNS.items():
        for row in read(small, entity):
            zone = zones[row["client_id"]]
            for column in columns:
                text = row[column]
                if not text:
                    continue
                assert re.fullmatch(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)?", text), (
                    text
                )
                naive = not re.search(r"(Z|[+-]\d\d:\d\d)$", text)
                spellings.add("Z" if text.endswith("Z") else "naive" if naive else "offset")
                if naive:  # never inside a DST gap or overlap hour
                    local = datetime.fromisoformat(text)
                    assert (
                        local.replace(tzinfo=zone, fold=0).utcoffset()
                        == local.replace(tzinfo=zone, fold=1).utcoffset()
                    )
                value = parse_timestamp(text, zone)
                assert value <= as_of, (entity, row)
                if entity != "time_entries":
                    latest.append(value)
    assert max(latest) == as_of
    assert spellings == {"Z", "naive", "offset"}
    assert any(re.search(r"\+10:00$|\+11:00$", r["created_at"]) for r in read(small, "tickets"))


def test_small_portfolio_exercises_every_rule(small):
    truth = truth_of(small)
    months = truth["client_months"]
    agreements = read(small, "agreements")
    events = read(small, "monitoring_events")
    tickets = read(small, "tickets")
    lines = read(small, "invoice_lines")
    clients = read(small, "clients")

    assert {a["support_model"] for a in agreements} == {"managed", "break_fix", "hybrid"}
    assert {m["support_model"] for m in months} >= {"managed", "break_fix", "hybrid", "unassigned"}
    models = defaultdict(list)
    for m in months:
        models[m["client_id"]].append(m["support_model"])
    assert any(
        seq.count("break_fix") and seq[-1] == "managed" for seq in models.values()
    )  # switches
    assert any(a["covered_device_types"] for a in agreements)
    assert {c["timezone"] for c in clients} >= {
        "Europe/London",
        "America/New_York",
        "Australia/Sydney",
        "",
    }
    assert any(not c["has_monitoring"] for c in truth["clients"].values())
    assert any(m["downtime_minutes"] is None for m in months)
    assert any(c["report_recipients"].startswith("it@client-") for c in clients)
    devices = read(small, "devices")
    assert any("2025-01-01" < d["active_from"] < "2025-03-12" for d in devices)  # added mid-range
    assert any("2025-01-01" < d["retired_at"] < "2025-03-12" for d in devices)  # retired mid-range
    assert any(_has_tie_month(agreements, c["client_id"]) for c in clients)

    assert any(
        e["resolved_at"] == "" and e["severity"] == "critical" for e in events
    )  # open at as-of
    assert any(e["in_maintenance"] in ("true", "yes", "1", "True") for e in events)
    assert {e["severity"] for e in events} == {"critical", "major", "minor", "warning", "info"}
    assert any(m["outage_count"] and m["downtime_minutes"] > 0 for m in months)
    assert any(m["business_hours_downtime_minutes"] for m in months)

    assert any(t["merged_into_ticket_id"] for t in tickets)
    assert any(not t["first_response_at"] for t in tickets if not t["merged_into_ticket_id"])
    assert sum(m["response_breached"] for m in months) and sum(m["response_met"] for m in months)
    assert sum(m["resolution_breached"] for m in months) and sum(
        m["resolution_met"] for m in months
    )
    assert sum(m["recurring_fault_count"] for m in months) > 0

    assert {line["line_type"] for line in lines} >= {
        "recurring_fee",
        "labor",
        "emergency_labor",
        "parts",
        "credit",
        "project",
    }
    assert any(
        line["period_start"][:7] != line["period_end"][:7] for line in lines if line["period_end"]
    )
    assert any(line["period_start"] and not line["period_end"] for line in lines)
    assert any(line["unit_cost"] for line in lines if line["line_type"] == "parts")
    assert any(re.match(r"[£$€]\d{1,3}(,\d{3})+\.\d\d$", line["amount"]) for line in lines)


def _has_tie_month(agreements: list[dict], client_id: str) -> bool:
    """Two agreements covering the same number of days of one month."""
    own = [a for a in agreements if a["client_id"] == client_id]
    for month in (date(2025, 1, 1), date(2025, 2, 1)):
        last = date(2025, month.month + 1, 1) - timedelta(days=1)
        days = []
        for a in own:
            start = max(date.fromisoformat(a["start_date"]), month)
            end = min(date.fromisoformat(a["end_date"]), last) if a["end_date"] else last
            if end >= start:
                days.append((end - start).days + 1)
        if len(days) == 2 and days[0] == days[1]:
            return True
    return False


def test_recurrence_boundary_pair_is_in_the_small_portfolio(small):
    faults = defaultdict(list)
    for t in read(small, "tickets"):
        if t["subcategory"] in ("raid_degraded", "psu_fault"):
            faults[t["subcategory"]].append(
                datetime.fromisoformat(t["created_at"].replace("Z", "+00:00"))
            )
    ny = ZoneInfo("America/New_York")
    gaps = {
        k: (v[1].astimezone(ny) if v[1].tzinfo else v[1].replace(tzinfo=ny))
        - (v[0].astimezone(ny) if v[0].tzinfo else v[0].replace(tzinfo=ny))
        for k, v in faults.items()
    }
    assert gaps == {"raid_degraded": timedelta(days=30), "psu_fault": timedelta(days=30, seconds=1)}


def test_truth_rows_are_consistent(small):
    truth = truth_of(small)
    for m in truth_of(small)["client_months"]:
        assert m["response_met"] + m["response_breached"] <= m["tickets"]
        assert m["recurring_fault_count"] <= m["fault_count"]
        if m["downtime_minutes"] is not None:
            assert 0 <= m["availability_pct"] <= 100
            assert m["business_hours_downtime_minutes"] <= m["downtime_minutes"] + 1e-9
        total = sum(float(m[k]) for k in ("labor_cost", "parts_cost", "tooling_cost"))
        assert float(m["total_cost"]) == pytest.approx(total)
    assert truth["as_of"] == "2025-03-12T14:00:00Z"


def test_break_fix_clients_suffer_more_downtime_than_managed(tmp_path):
    out = generate_portfolio(tmp_path, clients=60, months=4, seed=11).parent
    by_model = defaultdict(list)
    for m in truth_of(out)["client_months"]:
        if m["downtime_minutes"] is not None and m["support_model"] in ("managed", "break_fix"):
            by_model[m["support_model"]].append(m["downtime_minutes"])
    assert len(by_model["managed"]) > 20 and len(by_model["break_fix"]) > 20
    assert mean(by_model["break_fix"]) > 1.5 * mean(by_model["managed"])


class _CountingWriter:
    """A stand-in vendor writer: proves the format lookup and the call order."""

    calls: list[str] = []

    def open(self, out_dir):
        self.calls.append("open")

    def write_technicians(self, technicians):
        self.calls.append(f"technicians:{len(technicians)}")

    def write_client(self, records):
        self.calls.append(records.client.client_id)

    def close(self):
        self.calls.append("close")


def test_vendor_writers_plug_in_by_module_name(tmp_path, monkeypatch):
    module = types.ModuleType("pipelines.generate.vendors.counting")
    module.Writer = _CountingWriter
    monkeypatch.setitem(sys.modules, "pipelines.generate.vendors.counting", module)
    _CountingWriter.calls = []
    generate_portfolio(tmp_path, clients=2, months=1, fmt="counting")
    assert _CountingWriter.calls == ["open", "technicians:4", "C0001", "C0002", "close"]
    assert truth_of(tmp_path)["format"] == "counting"
    with pytest.raises(ValueError, match="unknown output format"):
        get_writer("no_such_vendor")
