"""Shared parts of the vendor writers: vendor ids, streamed JSON arrays, the PSA/monitoring pair.

A portfolio in vendor formats is a PSA (clients, agreements, SLA targets, tickets, time,
technicians, invoices) plus a monitoring tool (devices, monitoring events). `PairWriter`
sends each entity to the writer of its half; a half without a vendor is written in the
generic CSV format. Tickets name devices by the monitoring tool's id, as a PSA synced
with an RMM does, so `PairWriter` rewrites ticket device ids before the PSA writer runs.
"""

from __future__ import annotations

import csv
import json
import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, Protocol

from pipelines.generate.generic import GenericCsvWriter
from pipelines.generate.records import ClientRecords, Technician

PSA_ENTITIES = (
    "clients", "technicians", "agreements", "sla_targets", "tickets", "time_entries", "invoice_lines",
)  # fmt: skip
MONITORING_ENTITIES = ("devices", "monitoring_events")
VENDOR_IDS_FILE = "_vendor_ids.csv"


class IdMap:
    """The vendor's numeric id for each generated id, handed out in order of first use."""

    def __init__(self, entity: str, first: int) -> None:
        self.entity = entity
        self._next = first
        self.ids: dict[str, int] = {}

    def __call__(self, generic_id: str) -> int:
        if generic_id not in self.ids:
            self.ids[generic_id] = self._next
            self._next += 1
        return self.ids[generic_id]


class UidMap(IdMap):
    """Like IdMap, for vendors whose ids are UUIDs (Datto RMM): a stable uuid5 per generated id."""

    def __init__(self, entity: str, vendor: str) -> None:
        super().__init__(entity, 0)
        self._namespace = uuid.uuid5(uuid.NAMESPACE_URL, f"msp-insights:{vendor}:{entity}")

    def __call__(self, generic_id: str) -> str:  # type: ignore[override]
        if generic_id not in self.ids:
            self.ids[generic_id] = str(uuid.uuid5(self._namespace, generic_id))
        return self.ids[generic_id]


def utc_text(ts: datetime | None) -> str | None:
    """The REST APIs' timestamp spelling: UTC with Z."""
    return None if ts is None else ts.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def midnight_text(day: date | None) -> str | None:
    """ConnectWise-style date fields: a date at midnight UTC."""
    return None if day is None else f"{day.isoformat()}T00:00:00Z"


def money(amount: Decimal | None) -> float | None:
    # Two-decimal amounts round-trip exactly through float's shortest repr.
    return None if amount is None else float(amount)


class JsonArrayFile:
    """One JSON array written object by object, so a large portfolio never sits in memory.

    With `key`, the array sits in the API's page envelope: {"<key>": [...], "pageDetails": ...}.
    """

    def __init__(self, path: Path, key: str | None = None) -> None:
        self._handle: IO[str] = open(path, "w", encoding="utf-8")  # noqa: SIM115
        self._key = key
        self._handle.write(f'{{"{key}": [' if key else "[")
        self._count = 0

    def write(self, obj: dict[str, Any]) -> None:
        self._handle.write(",\n" if self._count else "\n")
        self._handle.write(json.dumps(obj, ensure_ascii=False))
        self._count += 1

    def close(self) -> None:
        if self._key:
            self._handle.write(
                f'\n], "pageDetails": {{"count": {self._count}, "nextPageUrl": null}}}}\n'
            )
        else:
            self._handle.write("\n]\n")
        self._handle.close()


class VendorHalf(Protocol):
    """A writer for one half of the portfolio (PSA or monitoring)."""

    id_maps: Sequence[IdMap]

    def open(self, out_dir: Path) -> None: ...

    def write_technicians(self, technicians: Sequence[Technician]) -> None: ...

    def write_client(self, records: ClientRecords) -> None: ...

    def close(self) -> None: ...

    def device_ref(self, device_id: str) -> str: ...


class _Discard:
    def writerow(self, row: Sequence[Any]) -> None:
        pass

    def writerows(self, rows: Any) -> None:
        for _ in rows:  # consume generators so nothing is left half-evaluated
            pass


class GenericSubsetWriter(GenericCsvWriter):
    """The generic CSV writer limited to some entities (the half no vendor covers)."""

    def __init__(self, entities: Sequence[str]) -> None:
        super().__init__()
        self.entities = tuple(entities)
        self.id_maps: Sequence[IdMap] = ()

    def open(self, out_dir: Path) -> None:
        super().open(out_dir)
        folder = Path(out_dir) / "generic"
        for entity in list(self._files):
            if entity not in self.entities:
                self._files.pop(entity).close()
                (folder / f"{entity}.csv").unlink()
                self._csv[entity] = _Discard()

    def device_ref(self, device_id: str) -> str:
        return device_id


class PairWriter:
    """A `PortfolioWriter` (pipelines.generate.writers) made of a PSA half and a monitoring half."""

    def __init__(self, psa: VendorHalf | None, monitoring: VendorHalf | None) -> None:
        self.psa = psa or GenericSubsetWriter(PSA_ENTITIES)
        self.monitoring = monitoring or GenericSubsetWriter(MONITORING_ENTITIES)
        self._out_dir: Path | None = None

    def open(self, out_dir: Path) -> None:
        self._out_dir = Path(out_dir)
        self.monitoring.open(out_dir)
        self.psa.open(out_dir)

    def write_technicians(self, technicians: Sequence[Technician]) -> None:
        self.psa.write_technicians(technicians)

    def write_client(self, records: ClientRecords) -> None:
        self.monitoring.write_client(records)
        tickets = [
            replace(t, device_id=self.monitoring.device_ref(t.device_id)) if t.device_id else t
            for t in records.tickets
        ]
        self.psa.write_client(replace(records, tickets=tickets))

    def close(self) -> None:
        self.monitoring.close()
        self.psa.close()
        self._write_vendor_ids()

    def _write_vendor_ids(self) -> None:
        """generated id -> vendor id, for tests and for reading _truth.json against the marts."""
        assert self._out_dir is not None
        with open(self._out_dir / VENDOR_IDS_FILE, "w", encoding="utf-8", newline="") as f:
            out = csv.writer(f, lineterminator="\n")
            out.writerow(("entity", "generated_id", "vendor_id"))
            for id_map in [*self.monitoring.id_maps, *self.psa.id_maps]:
                out.writerows((id_map.entity, g, v) for g, v in id_map.ids.items())
