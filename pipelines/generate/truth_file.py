"""Streams `_truth.json` (shape in docs/ARCHITECTURE.md) one client at a time.

Sections are spooled to temporary files and joined on close, so memory stays
bounded however many clients there are. One client-month (or merged outage) per line keeps diffs readable.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from pipelines.generate.truth import ClientTruth

_SECTIONS = ("clients", "devices", "client_months", "outages")
_LISTS = ("client_months", "outages")


def _utc(ts: datetime) -> str:
    return ts.astimezone(UTC).isoformat()[:19] + "Z"


class TruthFile:
    def __init__(self, path: Path, header: dict):
        self.path = Path(path)
        self.header = header
        self._spool = tempfile.TemporaryDirectory(prefix="msp-truth-", dir=self.path.parent)
        self._files = {
            s: open(Path(self._spool.name) / s, "w+", encoding="utf-8") for s in _SECTIONS
        }  # noqa: SIM115
        self._first = dict.fromkeys(_SECTIONS, True)

    def _append(self, section: str, text: str) -> None:
        handle = self._files[section]
        handle.write(text if self._first[section] else ",\n" + text)
        self._first[section] = False

    def add_client(self, client_id: str, truth: ClientTruth) -> None:
        self._append("clients", f"{json.dumps(client_id)}: {json.dumps(truth.client)}")
        for device_id, entry in truth.devices.items():
            self._append("devices", f"{json.dumps(device_id)}: {json.dumps(entry)}")
        for row in truth.months:
            self._append("client_months", json.dumps(row))
        for outage in truth.outages:
            self._append(
                "outages",
                json.dumps(
                    {
                        "client_id": client_id,
                        "outage_start": _utc(outage.start),
                        "outage_end": _utc(outage.end),
                        "duration_minutes": outage.minutes,
                        "devices_affected": len(outage.devices),
                        "is_open": outage.is_open,
                    }
                ),
            )

    def close(self, rows: dict[str, int]) -> None:
        header = {**self.header, "rows": rows}
        with open(self.path, "w", encoding="utf-8") as out:
            out.write(json.dumps(header, indent=1)[:-2] + ",\n")
            for n, section in enumerate(_SECTIONS):
                opening, closing = ("[", "]") if section in _LISTS else ("{", "}")
                out.write(f' "{section}": {opening}\n')
                handle = self._files[section]
                handle.seek(0)
                shutil.copyfileobj(handle, out)
                out.write(f"\n {closing}{',' if n < len(_SECTIONS) - 1 else ''}\n")
            out.write("}\n")
        for handle in self._files.values():
            handle.close()
        self._spool.cleanup()
