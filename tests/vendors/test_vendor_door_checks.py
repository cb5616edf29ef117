"""Vendor records are checked at the door like generic rows (issue 18, items 3 and 4).

Each case: one vendor file with two good records and one bad one in the middle. The bad record
is quarantined with its position and a reason naming the field and value; the good ones load;
rows read = rows loaded + rows quarantined. The bounds are the generic reader's
(pipelines/ingest/generic/entities.py): money +-999,999,999.99, hours 0 to 24 per entry,
quantity +-1,000,000, times from 2000-01-01 to the as-of time plus a day.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from pipelines.ingest import ingest

pytestmark = pytest.mark.unit

FIXTURES = Path(__file__).parents[1] / "data" / "vendors"
NOW = datetime(2026, 3, 31, 12, 0)  # as-of bound: 2026-04-01 12:00 UTC


def _cw_time_entry(i: str, hours: str = "1.5", start: str = '"2026-03-02T09:00:00Z"') -> str:
    return (
        f'{{"id": {i}, "company": {{"id": 7}}, "member": {{"identifier": "jdoe"}},'
        f' "timeStart": {start}, "actualHours": {hours}, "billableOption": "Billable"}}'
    )


def _at_billing_item(i: str, price: str = "120.00", quantity: str = "1") -> str:
    return (
        f'{{"id": {i}, "invoiceID": 1, "companyID": 7, "itemDate": "2026-03-01T00:00:00",'
        f' "billingItemType": 1, "extendedPrice": {price}, "rate": 120, "quantity": {quantity}}}'
    )


def _at_ticket(i: str, created: str = "2026-03-02T09:00:00Z") -> str:
    return (
        f'{{"id": {i}, "ticketNumber": "T{i}", "companyID": 7, "createDate": "{created}",'
        f' "priority": 2}}'
    )


def _halo_action(i: str, taken: str = "0.5") -> str:
    return (
        f'{{"id": {i}, "who_agentid": 3, "actionarrivaldate": "2026-03-02T09:00:00",'
        f' "timetaken": {taken}}}'
    )


def _halo_invoice(i: str, net: str = "100.0") -> str:
    lines = [{"qty_order": 1, "unit_price": 100.0, "net_amount": 100.0}]
    first = json.dumps(lines[0])
    return (
        f'{{"id": {i}, "client_id": 7, "invoice_date": "2026-03-01",'
        f' "lines": [{first}, {{"qty_order": 1, "net_amount": {net}}}]}}'
    )


def _datto_alert(i: str, ms: str = "1772442000000") -> str:
    return (
        f'{{"alertUid": "a-{i}", "priority": "High", "timestamp": {ms},'
        f' "alertSourceInfo": {{"deviceUid": "d-1"}}}}'
    )


def _zabbix_event(i: str, clock: str = '"1772442000"') -> str:
    return f'{{"eventid": "{i}", "clock": {clock}, "value": "1"}}'


def _ninja_activity(i: str, t: str = "1772442000.5") -> str:
    return (
        f'{{"id": {i}, "activityTime": {t}, "deviceId": 4, "seriesUid": "s-{i}",'
        f' "statusCode": "TRIGGERED"}}'
    )


def _prtg_message(i: str, days: str = "46082.25") -> str:
    return f'{{"objid": {i}, "datetime_raw": {days}, "status": "Down"}}'


# vendor, file, wrapper, raw table, record maker, bad record, ids loaded, reason
CASES = {
    "id with CR LF": (
        "connectwise", "time_entries.json", None, "connectwise__time_entries",
        _cw_time_entry, _cw_time_entry('"TE9\\r\\nBcc: victim@evil.example"'), {"1", "3"},
        "id: control character (line break, tab...) in an id: 'TE9\\r\\nBcc: victim@evil.example'",
    ),
    "hours 1e308": (
        "connectwise", "time_entries.json", None, "connectwise__time_entries",
        _cw_time_entry, _cw_time_entry("2", hours="1e308"), {"1", "3"},
        "actualHours: out of range (0 to 24): '1e308'",
    ),
    "hours over a day": (
        "connectwise", "time_entries.json", None, "connectwise__time_entries",
        _cw_time_entry, _cw_time_entry("2", hours="25"), {"1", "3"},
        "actualHours: out of range (0 to 24): '25'",
    ),
    "ISO time before 2000": (
        "connectwise", "time_entries.json", None, "connectwise__time_entries",
        _cw_time_entry, _cw_time_entry("2", start='"0001-01-01T00:00:00Z"'), {"1", "3"},
        "timeStart: before 2000-01-01: '0001-01-01T00:00:00Z'",
    ),
    "amount 9999999999999999.99": (
        "autotask", "billing_items.json", "items", "autotask__billing_items",
        _at_billing_item, _at_billing_item("2", price="9999999999999999.99"), {"1", "3"},
        "extendedPrice: out of range (-999,999,999.99 to 999,999,999.99): '10000000000000000.0'",
    ),
    "amount as text": (
        "autotask", "billing_items.json", "items", "autotask__billing_items",
        _at_billing_item, _at_billing_item("2", price='"12,50 EUR"'), {"1", "3"},
        "extendedPrice: not a number: '12,50 EUR'",
    ),
    "quantity beyond a million": (
        "autotask", "billing_items.json", "items", "autotask__billing_items",
        _at_billing_item, _at_billing_item("2", quantity="2000000"), {"1", "3"},
        "quantity: out of range (-1,000,000 to 1,000,000): '2000000'",
    ),
    "date 0001-01-01": (
        "autotask", "tickets.json", "items", "autotask__tickets",
        _at_ticket, _at_ticket("2", created="0001-01-01"), {"1", "3"},
        "createDate: before 2000-01-01: '0001-01-01'",
    ),
    "date in the far future": (
        "autotask", "tickets.json", "items", "autotask__tickets",
        _at_ticket, _at_ticket("2", created="2099-01-01T00:00:00Z"), {"1", "3"},
        "createDate: after the as-of time plus 1 day (2026-04-01 12:00 UTC):"
        " '2099-01-01T00:00:00Z'",
    ),
    "NaN hours as a string": (
        "halopsa", "actions.json", "actions", "halopsa__actions",
        _halo_action, _halo_action("2", taken='"NaN"'), {"1", "3"},
        "timetaken: not a finite number: 'NaN'",
    ),
    "infinite amount in an invoice line": (
        "halopsa", "invoices.json", "invoices", "halopsa__invoices",
        _halo_invoice, _halo_invoice("2", net='"Infinity"'), {"1", "3"},
        "lines[*].net_amount: not a finite number: 'Infinity'",
    ),
    "epoch milliseconds before 2000": (
        "datto_rmm", "alerts.json", "alerts", "datto_rmm__alerts",
        _datto_alert, _datto_alert("2", ms="86400000"), {"a-1", "a-3"},
        "timestamp: before 2000-01-01: '86400000'",
    ),
    "epoch seconds in the future": (
        "zabbix", "events.json", "result", "zabbix__events",
        _zabbix_event, _zabbix_event("2", clock='"4102444800"'), {"1", "3"},
        "clock: after the as-of time plus 1 day (2026-04-01 12:00 UTC): '4102444800'",
    ),
    "epoch milliseconds where seconds belong": (
        "ninjaone", "activities.json", "activities", "ninjaone__activities",
        _ninja_activity, _ninja_activity("2", t="1772442000000"), {"1", "3"},
        "activityTime: after the as-of time plus 1 day (2026-04-01 12:00 UTC): '1772442000000'",
    ),
    "OLE date before 2000": (
        "prtg", "messages.json", "messages", "prtg__messages",
        _prtg_message, _prtg_message("2", days="1.5"), {"1/46082.25/Down", "3/46082.25/Down"},
        "datetime_raw: before 2000-01-01: '1.5'",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", list(CASES))
def test_bad_record_is_quarantined_and_the_others_load(tmp_path, case):
    vendor, file_name, wrapper, table, make, bad, loaded_ids, reason = CASES[case]
    records = f"[{make('1')}, {bad}, {make('3')}]"
    text = f'{{"{wrapper}": {records}}}' if wrapper else records
    folder = tmp_path / "landing" / vendor
    folder.mkdir(parents=True)
    (folder / file_name).write_text(text, encoding="utf-8")
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    ingest(tmp_path / "landing", con, loaded_at=NOW, as_of=NOW)

    quarantined = con.execute(
        "select file_path, line_number, reason from raw.quarantine"
    ).fetchall()
    assert quarantined == [(f"{vendor}/{file_name}", 2, reason)]
    ids = {i for (i,) in con.execute(f"select record_id from raw.{table}").fetchall()}  # noqa: S608
    assert ids == loaded_ids
    files = con.execute(
        "select rows_read, rows_loaded, rows_quarantined from raw.ingested_files"
    ).fetchall()
    assert files == [(3, 2, 1)]


def test_good_vendor_records_pass_every_check(tmp_path):
    """The checks refuse nothing in the real-shaped vendor samples (tests/data/vendors)."""
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    ingest(FIXTURES, con, loaded_at=NOW)
    assert con.execute("select count(*) from raw.quarantine").fetchall() == [(0,)]
    (read, loaded, quarantined) = con.execute(
        "select sum(rows_read), sum(rows_loaded), sum(rows_quarantined) from raw.ingested_files"
    ).fetchall()[0]
    assert read == loaded + quarantined and read > 0
