"""Compare what two warehouses say about the same portfolio, after translating vendor ids back.

The vendor writers hand out the vendor's own numeric ids and record them in
`_vendor_ids.csv` (entity, generated_id, vendor_id); the comparisons translate every id
column of the vendor side back to the generated id, then diff the rows both ways in SQL.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from tests.compare_rows import comparable, float_columns

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

# mart id column -> entity of _vendor_ids.csv it is translated with
MART_ID_COLUMNS: dict[str, str] = {
    "ticket_id": "tickets", "merged_into_ticket_id": "tickets", "device_id": "devices",
    "agreement_id": "agreements", "current_agreement_id": "agreements",
    "event_id": "monitoring_events", "invoice_id": "invoices", "time_entry_id": "time_entries",
}  # fmt: skip


def load_vendor_ids(con: duckdb.DuckDBPyConnection, landing: Path) -> None:
    con.execute(
        "create or replace temp table vendor_ids as select * from read_csv(?, all_varchar = true)",
        [str(landing / "_vendor_ids.csv")],
    )


def translated(
    relation: str, columns: list[str], id_columns: dict[str, str], floats: set[str]
) -> str:
    """SQL selecting `columns` of `relation` with each id column mapped back to the generated id."""
    joins, select = [], []
    for n, column in enumerate(columns):
        entity = id_columns.get(column)
        if entity is None:
            select.append(comparable(column, floats, "v"))
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
    floats = float_columns(con, generic_relation)
    cols = ", ".join(comparable(c, floats) for c in columns)
    generic_sql = f"select {cols} from {generic_relation}"  # noqa: S608
    vendor_sql = translated(vendor_relation, columns, id_columns, floats)
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


def mart_problems(con: duckdb.DuckDBPyConnection, unlike: tuple[str, ...] = ()) -> list[str]:
    """Every mart of the generic warehouse (attached as g) against the vendor one (attached as v,
    its ids translated by load_vendor_ids): a line per mart that differs or is empty. `unlike`
    names marts the vendor's data cannot reproduce by design (the caller says why)."""
    marts = [
        name
        for (name,) in con.execute(
            "select table_name from information_schema.tables"
            " where table_catalog = 'g' and table_schema = 'marts' order by 1"
        ).fetchall()
    ]
    assert "fct_client_margin_monthly" in marts
    marts = [mart for mart in marts if mart not in unlike]
    problems = []
    for mart in marts:
        columns = [c for c in column_names(con, f"g.marts.{mart}") if c != "source_system"]
        (rows,) = con.execute(f"select count(*) from g.marts.{mart}").fetchall()[0]  # noqa: S608
        diff = differences(con, f"g.marts.{mart}", f"v.marts.{mart}", columns, MART_ID_COLUMNS)
        if diff or not rows:
            problems.append(f"{mart}: {rows} generic rows, {len(diff)} differ: {diff[:3]}")
    return problems
