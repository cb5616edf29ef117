"""`pull` against local servers that speak each vendor's protocol: pages of two, cursors,
retries, refused credentials, secrets, and nothing half-written."""

from __future__ import annotations

import json
import logging
from collections import Counter
from pathlib import Path

import dlt
import pytest

from pipelines.pull.run import configured_sources, pull
from tests.pull import records

pytestmark = pytest.mark.build

VENDORS = sorted(records.SAMPLES)


def landed(landing: Path, vendor: str) -> dict[str, list[dict]]:
    """Every landed record per entity, from the files a pull wrote."""
    out: dict[str, list[dict]] = {}
    for path in sorted((landing / vendor).glob("*.json")):
        entity = path.name.split("_pull_")[0]
        out.setdefault(entity, []).extend(json.loads(path.read_text()))
    return out


@pytest.mark.parametrize("vendor", VENDORS)
def test_every_record_arrives_once_across_pages_of_two(vendor, vendor_server, data_dir):
    server = vendor_server(vendor)
    run = pull([vendor], data_dir=data_dir, landing_dir=data_dir / "landing", page_size=2)
    assert run.ok, run.summary()
    got = landed(data_dir / "landing", vendor)
    for entity, key in records.KEYS[vendor].items():
        served = server.records[entity] if entity != "alerts" else server.records["alerts"]
        counts = Counter(str(r[key]) for r in got.get(entity, []))
        assert counts == Counter(str(r[key]) for r in served), (entity, counts)
    # Records land exactly as the API answered them: nesting and nulls kept.
    first_entity = next(iter(records.KEYS[vendor]))
    key = records.KEYS[vendor][first_entity]
    by_key = {str(r[key]): r for r in got[first_entity]}
    for record in server.records[first_entity]:
        assert by_key[str(record[key])] == record
    # Paged entities took more than one request with pages of two.
    assert len(server.seen) > len(records.KEYS[vendor])


CHANGE_FILTERS = {
    "connectwise": ("service/tickets", lambda s: s.query.get("conditions"),
                    "lastUpdated>[2026-02-05T09:00:00Z]"),
    "autotask": ("Tickets/query", lambda s: json.loads(s.query["search"])["filter"][0]["items"][0]["value"],
                 "2026-02-05T09:30:00Z"),
    "halopsa": ("/api/Tickets", lambda s: s.query.get("lastupdatefromdate"), "2026-02-05T09:30:00"),
    "ninjaone": ("/v2/activities", lambda s: s.query.get("newerThan"), "1005"),
    # The last message's datetime_raw (46003.5, 2025-12-12 12:00 UTC) less 12 hours: PRTG reads
    # the filter in its user's zone (the server's is UTC-8), so the pull asks from earlier.
    "prtg": ("api/table.json", lambda s: s.query.get("filter_dstart"), "2025-12-12-00-00-00"),
    "zabbix": ("api_jsonrpc", lambda s: s.body["params"].get("time_from")
               if s.body["method"] == "event.get" else None, 1767228600),
}


def _touch_one(vendor: str, server) -> str:
    """Change one record on the server as a technician would; return its key."""
    if vendor == "connectwise":
        server.records["tickets"].append(records._cw(106, "2026-03-01T00:00:00Z", summary="New",
                                                     company={"id": 1}))
        return "106"
    if vendor == "autotask":
        server.records["tickets"][0]["lastActivityDate"] = "2026-03-01T00:00:00Z"
        return "101"
    if vendor == "halopsa":
        server.records["tickets"][0]["last_update"] = "2026-03-01T00:00:00"
        return "101"
    if vendor == "prtg":  # an hour after the last message: inside the server zone's 8 hours
        server.records["messages"].append({"objid": 3002, "datetime_raw": 46003.5 + 1 / 24,
                                           "status": "Down", "message": "Ping timeout"})
        return str(46003.5 + 1 / 24)
    if vendor == "ninjaone":
        server.records["activities"].append({"id": 1006, "activityTime": 1767300000, "deviceId": 2,
                                             "seriesUid": "s6", "statusCode": "NODE_OFFLINE"})
        return "1006"
    server.records["events"].append({"eventid": "906", "objectid": "500", "clock": "1767300000",
                                     "value": "1", "r_eventid": "0", "severity": "4", "name": "x"})
    return "906"


@pytest.mark.parametrize("vendor", sorted(CHANGE_FILTERS))
def test_second_pull_asks_only_for_what_changed(vendor, vendor_server, data_dir):
    server = vendor_server(vendor)
    landing = data_dir / "landing"
    assert pull([vendor], data_dir=data_dir, landing_dir=landing, page_size=2).ok
    entity = {"connectwise": "tickets", "autotask": "tickets", "halopsa": "tickets",
              "ninjaone": "activities", "prtg": "messages", "zabbix": "events"}[vendor]
    before = {p.name for p in (landing / vendor).glob(f"{entity}_pull_*.json")}
    changed_key = _touch_one(vendor, server)
    server.seen.clear()

    run = pull([vendor], data_dir=data_dir, landing_dir=landing, page_size=2)
    assert run.ok, run.summary()
    path_part, read_filter, expected = CHANGE_FILTERS[vendor]
    sent = [read_filter(s) for s in server.requests_to(path_part)]
    assert expected in sent, sent
    new_files = [p for p in (landing / vendor).glob(f"{entity}_pull_*.json") if p.name not in before]
    new_records = [r for p in new_files for r in json.loads(p.read_text())]
    key = records.KEYS[vendor][entity]
    assert [str(r[key]) for r in new_records] == [changed_key]
    assert run.sources[0].cursors[entity]["last_value"] is not None


def test_datto_rmm_has_no_change_filter_so_each_pull_reads_it_whole(vendor_server, data_dir):
    """Datto RMM's alert and device lists take only page, max and muted (docs/pull.md): the
    second pull asks exactly as the first and lands every alert again (the build keeps one)."""
    server = vendor_server("datto_rmm")
    landing = data_dir / "landing"
    assert pull(["datto_rmm"], data_dir=data_dir, landing_dir=landing, page_size=2).ok
    first = sorted((s.path, tuple(sorted(s.query))) for s in server.requests_to("/alerts/"))
    server.seen.clear()
    run = pull(["datto_rmm"], data_dir=data_dir, landing_dir=landing, page_size=2)
    assert run.ok, run.summary()
    again = sorted((s.path, tuple(sorted(s.query))) for s in server.requests_to("/alerts/"))
    assert again == first and {q for _, query in again for q in query} <= {"max", "page"}
    assert run.sources[0].rows["alerts"] == len(server.records["alerts"])
    assert run.sources[0].cursors == {}


def test_full_pull_asks_for_everything_again(vendor_server, data_dir):
    server = vendor_server("connectwise")
    landing = data_dir / "landing"
    pull(["connectwise"], data_dir=data_dir, landing_dir=landing, page_size=2)
    server.seen.clear()
    pull(["connectwise"], data_dir=data_dir, landing_dir=landing, page_size=2, full=True)
    conditions = {s.query.get("conditions") for s in server.requests_to("service/tickets")}
    assert conditions == {"lastUpdated>[1970-01-01T00:00:00Z]"}


def test_429_and_503_are_retried(vendor_server, data_dir):
    server = vendor_server("connectwise")
    server.failures = [(429, {"Retry-After": "1"}), (503, {}), (503, {})]
    run = pull(["connectwise"], data_dir=data_dir, landing_dir=data_dir / "landing", page_size=2)
    assert run.ok, run.summary()
    assert len(landed(data_dir / "landing", "connectwise")["tickets"]) == 5
    # The retry after the 429 waited the second Retry-After asked for (backoff is 0 here).
    first, retry = server.seen[0], server.seen[1]
    assert (first.path, first.query) == (retry.path, retry.query)
    assert retry.at - first.at >= 0.95


@pytest.mark.parametrize("vendor", VENDORS)
def test_wrong_credentials_give_one_clear_line(vendor, vendor_server, data_dir, monkeypatch):
    secret_variable = {
        "connectwise": "MSP_CONNECTWISE_PRIVATE_KEY", "autotask": "MSP_AUTOTASK_SECRET",
        "halopsa": "MSP_HALOPSA_CLIENT_SECRET", "ninjaone": "MSP_NINJAONE_CLIENT_SECRET",
        "datto_rmm": "MSP_DATTO_RMM_API_SECRET", "prtg": "MSP_PRTG_API_TOKEN",
        "zabbix": "MSP_ZABBIX_TOKEN",
    }[vendor]  # fmt: skip
    vendor_server(vendor, **{secret_variable: "wrong-secret-value"})
    run = pull([vendor], data_dir=data_dir, landing_dir=data_dir / "landing", page_size=2)
    (result,) = run.sources
    assert not result.ok
    assert "\n" not in result.error
    assert "refused the credentials" in result.error and secret_variable in result.error
    assert "wrong-secret-value" not in run.summary()
    assert not list((data_dir / "landing").rglob("*.json"))


def test_one_failing_source_does_not_stop_the_others(vendor_server, data_dir, monkeypatch):
    vendor_server("connectwise")
    vendor_server("prtg", MSP_PRTG_URL="http://127.0.0.1:9")  # nothing listens on port 9
    assert configured_sources() == ["connectwise", "prtg"]
    run = pull(data_dir=data_dir, landing_dir=data_dir / "landing", page_size=2)
    by_source = {s.source: s for s in run.sources}
    assert by_source["connectwise"].ok
    assert "MSP_PRTG_URL" in by_source["prtg"].error
    assert landed(data_dir / "landing", "connectwise")["tickets"]


@pytest.mark.parametrize("vendor", VENDORS)
def test_secrets_appear_in_no_file(vendor, vendor_server, data_dir):
    vendor_server(vendor)
    pull([vendor], data_dir=data_dir, landing_dir=data_dir / "landing", page_size=2)
    secrets = [b"priv", b"s3cret", b"client-secret", b"prtg-token", b"zbx-token", b"tok-123"]
    for path in data_dir.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            assert not [s for s in secrets if s in content], path


def test_no_log_record_holds_a_secret_and_dlt_telemetry_is_off(vendor_server, data_dir, caplog):
    """PRTG's token travels in the query string: dlt's retry warnings and urllib3's DEBUG
    request lines would print it. And no usage telemetry leaves the MSP's network."""
    server = vendor_server("prtg")
    server.failures = [(503, {}), (429, {"Retry-After": "0"})]
    caplog.set_level(logging.DEBUG)
    run = pull(["prtg"], data_dir=data_dir, landing_dir=data_dir / "landing", page_size=2)
    assert run.ok, run.summary()
    assert any("/api/table.json" in r.getMessage() for r in caplog.records)  # URLs were logged
    assert not [r.getMessage() for r in caplog.records if "prtg-token" in r.getMessage()]
    assert str(dlt.config["runtime.dlthub_telemetry"]).lower() == "false"
