"""Compare a built warehouse with the generator's `_truth.json`: two independent computations."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import duckdb

MINUTE_TOLERANCE = 0.01  # minutes: timestamps are whole seconds, so this is exact in practice
HOUR_TOLERANCE = 1e-6

# truth key -> (mart, column, kind)
CLIENT_MONTH_FIELDS = {
    "support_model": ("fct_client_margin_monthly", "support_model", "text"),
    "downtime_minutes": ("fct_client_downtime_monthly", "downtime_minutes", "minutes"),
    "business_hours_downtime_minutes": (
        "fct_client_downtime_monthly",
        "business_hours_downtime_minutes",
        "minutes",
    ),
    "outage_count": ("fct_client_downtime_monthly", "outage_count", "int"),
    "estimated_downtime_cost": ("fct_client_downtime_monthly", "estimated_downtime_cost", "money"),
    "fault_count": ("fct_client_faults_monthly", "fault_count", "int"),
    "recurring_fault_count": ("fct_client_faults_monthly", "recurring_fault_count", "int"),
    "tickets": ("fct_client_sla_monthly", "tickets", "int"),
    "response_met": ("fct_client_sla_monthly", "response_met", "int"),
    "response_breached": ("fct_client_sla_monthly", "response_breached", "int"),
    "resolution_met": ("fct_client_sla_monthly", "resolution_met", "int"),
    "resolution_breached": ("fct_client_sla_monthly", "resolution_breached", "int"),
    "revenue": ("fct_client_margin_monthly", "revenue", "money"),
    "labor_hours": ("fct_client_margin_monthly", "labor_hours", "hours"),
    "billable_hours": ("fct_client_margin_monthly", "billable_hours", "hours"),
    "labor_cost": ("fct_client_margin_monthly", "labor_cost", "money"),
    "parts_cost": ("fct_client_margin_monthly", "parts_cost", "money"),
    "tooling_cost": ("fct_client_margin_monthly", "tooling_cost", "money"),
    "total_cost": ("fct_client_margin_monthly", "total_cost", "money"),
    "gross_margin": ("fct_client_margin_monthly", "gross_margin", "money"),
}

CLIENT_FIELDS = {
    "client_name": "text",
    "seats": "int",
    "timezone": "text",
    "current_support_model": "text",
    "active_endpoints": "int",
    "downtime_cost_per_hour": "money",
}


def _same(kind: str, expected, actual) -> bool:
    if expected is None or actual is None:
        return expected is None and actual is None
    if kind == "minutes":
        return abs(float(expected) - float(actual)) <= MINUTE_TOLERANCE
    if kind == "hours":
        return abs(float(expected) - float(actual)) <= HOUR_TOLERANCE
    if kind == "money":
        return Decimal(str(expected)).quantize(Decimal("0.01")) == Decimal(str(actual)).quantize(
            Decimal("0.01")
        )
    if kind == "int":
        return int(expected) == int(actual)
    return str(expected) == str(actual)


def _mart_rows(
    con: duckdb.DuckDBPyConnection, mart: str, key: tuple[str, ...]
) -> dict[tuple, dict]:
    rel = con.sql(f"select * from marts.{mart}")
    cols = rel.columns
    out = {}
    for row in rel.fetchall():
        record = dict(zip(cols, row, strict=True))
        out[tuple(str(record[k]) for k in key)] = record
    return out


def truth_mismatches(warehouse: Path, truth: dict) -> list[str]:
    """Every difference between the marts and _truth.json, as readable lines (empty = equal)."""
    problems: list[str] = []
    with duckdb.connect(str(warehouse), read_only=True) as con:
        clients = _mart_rows(con, "dim_clients", ("client_id",))
        if set(clients) != {(c,) for c in truth["clients"]}:
            problems.append(
                f"dim_clients ids differ: {sorted(clients)[:5]} vs {sorted(truth['clients'])[:5]}"
            )
        for client_id, expected in truth["clients"].items():
            actual = clients.get((client_id,))
            if actual is None:
                continue
            for field, kind in CLIENT_FIELDS.items():
                if field in expected and not _same(kind, expected[field], actual.get(field)):
                    problems.append(
                        f"dim_clients {client_id}.{field}: truth {expected[field]!r} mart {actual.get(field)!r}"
                    )

        devices = _mart_rows(con, "dim_devices", ("device_id",))
        if len(devices) != len(truth["devices"]):
            problems.append(f"dim_devices: {len(devices)} rows, truth {len(truth['devices'])}")
        for device_id, expected in truth["devices"].items():
            actual = devices.get((device_id,))
            if actual is None:
                problems.append(f"dim_devices missing {device_id}")
                continue
            for field in ("client_id", "device_type", "is_critical"):
                if field in expected and str(expected[field]) != str(actual[field]):
                    problems.append(
                        f"dim_devices {device_id}.{field}: truth {expected[field]!r} mart {actual[field]!r}"
                    )

        marts = {mart for mart, _, _ in CLIENT_MONTH_FIELDS.values()}
        by_mart = {mart: _mart_rows(con, mart, ("client_id", "month")) for mart in marts}
        truth_keys = {(r["client_id"], r["month"]) for r in truth["client_months"]}
        for mart, rows in by_mart.items():
            if set(rows) != truth_keys:
                extra, missing = set(rows) - truth_keys, truth_keys - set(rows)
                problems.append(
                    f"{mart}: client-months differ (extra {sorted(extra)[:3]}, missing {sorted(missing)[:3]})"
                )
        for expected in truth["client_months"]:
            key = (expected["client_id"], expected["month"])
            for field, (mart, column, kind) in CLIENT_MONTH_FIELDS.items():
                actual_row = by_mart[mart].get(key)
                if field not in expected or actual_row is None:
                    continue
                if not _same(kind, expected[field], actual_row[column]):
                    problems.append(
                        f"{mart} {key} {column}: truth {expected[field]!r} mart {actual_row[column]!r}"
                    )
    return problems
