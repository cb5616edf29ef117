"""Compare what two warehouses say about the same portfolio, after translating vendor ids back.

The vendor writers hand out the vendor's own numeric ids and record them in
`_vendor_ids.csv` (entity, generated_id, vendor_id); the comparisons translate every id
column of the vendor side back to the generated id, then diff the rows both ways in SQL.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

# staging entity -> {id column: entity of _vendor_ids.csv it is translated with}
STAGING_ID_COLUMNS: dict[str, dict[str, str]] = {
    "clients": {},
    "technicians": {"technician_id": "technicians"},
    "agreements": {"agreement_id": "agreements"},
    "sla_targets": {"agreement_id": "agreements"},
    "tickets": {"ticket_id": "tickets", "device_id": "devices", "merged_into_ticket_id": "tickets"},
    "time_entries": {
        "time_entry_id": "time_entries",
        "ticket_id": "tickets",
        "technician_id": "technicians",
    },
    "invoice_lines": {"invoice_id": "invoices"},
    "devices": {"device_id": "devices"},
    "monitoring_events": {"event_id": "monitoring_events", "device_id": "devices"},
}


def load_vendor_ids(con: duckdb.DuckDBPyConnection, landing: Path) -> None:
    con.execute(
        "create or replace temp table vendor_ids as select * from read_csv(?, all_varchar = true)",
        [str(landing / "_vendor_ids.csv")],
    )


def translated(relation: str, columns: list[str], id_columns: dict[str, str]) -> str:
    """SQL selecting `columns` of `relation` with each id column mapped back to the generated id."""
    joins, select = [], []
    for n, column in enumerate(columns):
        entity = id_columns.get(column)
        if entity is None:
            select.append(f'v."{column}"')
            continue
        joins.append(
            f"left join vendor_ids as m{n} on m{n}.entity = '{entity}'"
            f' and m{n}.vendor_id = v."{column}"::varchar'
        )
        select.append(f'coalesce(m{n}.generated_id, v."{column}"::varchar) as "{column}"')
    return f"select {', '.join(select)} from {relation} as v {' '.join(joins)}"  # noqa: S608


def differences(
    con: duckdb.DuckDBPyConnection,
    generic_relation: str,
    vendor_relation: str,
    columns: list[str],
    id_columns: dict[str, str],
) -> list[tuple]:
    """Rows in one side and not the other, tagged with the side they are missing from."""
    cols = ", ".join(f'"{c}"' for c in columns)
    generic_sql = f"select {cols} from {generic_relation}"  # noqa: S608
    vendor_sql = translated(vendor_relation, columns, id_columns)
    return con.execute(
        f"""
        (select 'only generic' as side, * from ({generic_sql} except all {vendor_sql}))
        union all
        (select 'only vendor' as side, * from ({vendor_sql} except all {generic_sql}))
        order by 2, 1
        """  # noqa: S608
    ).fetchall()


def column_names(con: duckdb.DuckDBPyConnection, relation: str) -> list[str]:
    return [row[0] for row in con.execute(f"describe {relation}").fetchall()]  # noqa: S608
