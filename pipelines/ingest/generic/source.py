"""The generic source system: `landing/generic/<entity>[_<anything>].csv` (docs/design.md 3.1)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import duckdb

from pipelines.ingest.client_timezones import client_timezones_sql
from pipelines.ingest.generic.checks import RowChecks, staging_sql
from pipelines.ingest.generic.csv_reader import LandedRows, load_rows, read_header
from pipelines.ingest.generic.entities import BY_NAME, ENTITIES, Entity
from pipelines.ingest.landing import FileRejected, LandingFile
from pipelines.ingest.loader import good_keys_repeat
from pipelines.ingest.raw_tables import RawTable

STAGED = "_generic_staged"


def entity_of(file_name: str) -> str:
    """'time_entries_2024-w10.csv' -> 'time_entries'; '' when no entity matches."""
    stem = file_name.lower().removesuffix(".csv")
    # Longest first, so that an entity name that prefixes another cannot steal its files.
    for name in sorted(BY_NAME, key=len, reverse=True):
        if stem == name or stem.startswith(name + "_"):
            return name
    return ""


class GenericSource:
    name = "generic"

    def raw_tables(self) -> Sequence[RawTable]:
        return [e.raw_table for e in ENTITIES]

    def discover(self, landing_dir: Path) -> list[LandingFile]:
        """Entities in load order (clients first), then file names in order; hidden files skipped."""
        folder = landing_dir / self.name
        if not folder.is_dir():
            return []
        order = {e.name: i for i, e in enumerate(ENTITIES)}
        files = [
            LandingFile(p, p.relative_to(landing_dir).as_posix(), self.name, entity_of(p.name))
            for p in folder.iterdir()
            if p.is_file() and not p.name.startswith(".")
        ]
        # Unrecognised files last: they are only recorded as rejected.
        return sorted(files, key=lambda f: (order.get(f.entity, len(order)), f.path.name))

    def stage(
        self, con: duckdb.DuckDBPyConnection, file: LandingFile, text_path: Path
    ) -> tuple[RawTable, str, bool]:
        entity = _entity(file)
        header = read_header(text_path)
        missing = [c for c in entity.required if c not in header]
        if missing:
            raise FileRejected(
                f"missing required column(s) {', '.join(missing)} for {entity.name}"
                f" (header: {', '.join(header)[:200]})"
            )
        landed = load_rows(con, text_path, len(header))
        checks = _row_checks(file, landed)
        # Only entities whose checks compare client times look zones up (a catalog query per
        # file, and a join over the file's rows).
        zones = client_timezones_sql(con) if entity.checks_need_zone else "raw.clients"
        # Most files repeat no key: stage without the window that finds repeated keys, and
        # only when good rows do share a key, stage again keeping their records for quarantine.
        con.execute(staging_sql(entity, header, STAGED, zones, keys_repeat=False, checks=checks))
        keys_repeat = good_keys_repeat(con, STAGED, entity.key)
        if keys_repeat:
            con.execute(staging_sql(entity, header, STAGED, zones, keys_repeat=True, checks=checks))
        con.execute("drop table _landing_rows")
        return entity.raw_table, STAGED, keys_repeat


def _row_checks(file: LandingFile, landed: LandedRows) -> RowChecks:
    """The costly checks (NUL bytes, control characters) only where the bytes call for them."""
    scan = file.scan
    if scan is None:
        return RowChecks()
    if scan.has_control:
        controls = "all"
    elif scan.has_quote and (scan.has_cr or landed.line_breaks_in_fields):
        controls = "line_breaks"  # CR or LF can only be inside a field between quotes
    else:
        controls = "none"
    return RowChecks(nul=scan.has_nul, controls=controls)


def _entity(file: LandingFile) -> Entity:
    if not file.path.name.lower().endswith(".csv"):
        raise FileRejected("not a .csv file: the generic format is one CSV per entity")
    if file.entity not in BY_NAME:
        raise FileRejected(
            "unknown entity in file name: expected <entity>.csv or <entity>_<anything>.csv"
            f" with entity one of {', '.join(BY_NAME)}"
        )
    return BY_NAME[file.entity]
