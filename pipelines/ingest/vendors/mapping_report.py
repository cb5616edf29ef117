"""What the build summary says about vendor values: per source, the share of records mapped
cleanly, and each value seeds/vendor_value_map.csv does not know (it took its field's default).

dbt computes both (quality.vendor_mapping_coverage and
quality.unmapped_vendor_values, macros/vendor_values.sql); this only reads them, so
an MSP sees after its first build what its seed needs.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

SEED = "dbt_project/seeds/vendor_value_map.csv"
COVERAGE = "vendor_mapping_coverage"
UNMAPPED = "unmapped_vendor_values"
COVERAGE_SQL = (
    "select source_system, records, records_mapped_cleanly, records_without_client,"
    " pct_mapped_cleanly from quality.vendor_mapping_coverage order by source_system"
)
UNMAPPED_SQL = (
    "select source_system, field, vendor_value, records, default_value_used, entity,"
    " example_record_id, example_source_file from quality.unmapped_vendor_values"
    " order by source_system, field, records desc, vendor_value"
)


# Monitored clients whose events can never be an outage (no critical device): a 100 %
# availability that means nothing, named so the MSP fixes its device classes or tags.
NO_CRITICAL_DEVICE_SQL = (
    "select source_system, reason from intermediate.int_monitored_clients_without_critical_device"
    " order by client_id"
)


def _no_critical_device_lines(con: duckdb.DuckDBPyConnection, most: int) -> list[str]:
    (exists,) = con.execute(
        "select count(*) from information_schema.tables where table_schema = 'intermediate'"
        " and table_name = 'int_monitored_clients_without_critical_device'"
    ).fetchall()[0]
    if not exists:
        return []
    rows = con.execute(NO_CRITICAL_DEVICE_SQL).fetchall()
    lines = [f"  no critical device, {source}: {reason}" for source, reason in rows[:most]]
    if len(rows) > most:
        more = len(rows) - most
        listing = "select * from intermediate.int_monitored_clients_without_critical_device"
        lines.append(f"    ... and {more} more: {listing}")
    return lines


def _has_tables(con: duckdb.DuckDBPyConnection) -> bool:
    (count,) = con.execute(
        "select count(*) from information_schema.tables"
        " where table_schema = 'quality' and table_name in (?, ?)",
        [COVERAGE, UNMAPPED],
    ).fetchall()[0]
    return count == 2


def vendor_mapping_lines(warehouse: Path, most: int = 15) -> list[str]:
    """Summary lines (indented like the build summary's); none when no vendor file was loaded."""
    if not Path(warehouse).exists():
        return []
    try:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            if not _has_tables(con):
                return []
            coverage = con.execute(COVERAGE_SQL).fetchall()
            unmapped = con.execute(UNMAPPED_SQL).fetchall()
            no_critical_device = _no_critical_device_lines(con, most)
    except duckdb.Error as error:
        return [f"  vendor values: not read ({str(error).splitlines()[0]})"]
    lines = []
    for source, records, clean, without_client, pct in coverage:
        share = "n/a" if pct is None else f"{pct:.1f} %"
        lines.append(
            f"  vendor values, {source}: {clean:,} of {records:,} records mapped cleanly ({share})"
            + (f", {without_client:,} without a client (see quality.unmatched_vendor_records)"
               if without_client else "")
        )  # fmt: skip
    for source, field, value, records, default, entity, example_id, example_file in unmapped[:most]:
        given = "no value" if default is None else f"the default {default!r}"
        lines.append(
            f"    unmapped {source} {field} {value!r}: {records:,} records, given {given}"
            f" (e.g. {entity} {example_id} in {example_file})"
        )
    if len(unmapped) > most:
        more = len(unmapped) - most
        lines.append(f"    ... and {more} more: select * from staging.{UNMAPPED}")  # noqa: S608
    if unmapped:
        lines.append(
            f"    map them: add rows (vendor, field, vendor_value, value) to {SEED}, then build again"
        )
    return lines + no_critical_device
