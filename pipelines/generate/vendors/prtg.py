"""PRTG Network Monitor table.json exports in `landing/prtg/`: devices, sensors, state messages.

Each client is a device group; each (device, check) a sensor; each monitoring event a
sensor state change (Down, Down (Partial), Unusual, Warning, Unknown) and, once resolved,
the sensor's Up message. Times are OLE Automation dates in UTC (`datetime_raw`). PRTG has no
device class or lifecycle fields: the MSP's device tags carry them. `--format prtg` writes
the PSA half generic.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from pipelines.generate.records import ClientRecords, Technician
from pipelines.generate.vendors.base import IdMap, JsonArrayFile, PairWriter

STATES = {
    "critical": "Down", "major": "Down (Partial)", "minor": "Unusual", "warning": "Warning",
    "info": "Unknown",
}  # fmt: skip
# status_raw of each sensor state (PRTG's log status codes).
STATUS_CODES = {
    "Down": 608,
    "Down (Partial)": 620,
    "Unusual": 610,
    "Warning": 609,
    "Unknown": 601,
    "Up": 607,
}
OLE_EPOCH_OFFSET_DAYS = 25569
PRTG_VERSION = "24.1.92.1554"  # 1899-12-30 to 1970-01-01


class TableFile(JsonArrayFile):
    """A table.json answer: {"prtg-version": ..., "<content>": [...], "treesize": n}."""

    def __init__(self, path: Path, content: str) -> None:  # noqa: D107 - its own envelope
        self._handle = open(path, "w", encoding="utf-8")  # noqa: SIM115
        self._key = content
        self._count = 0
        self._handle.write(f'{{"prtg-version": "{PRTG_VERSION}", "{content}": [')

    def close(self) -> None:
        self._handle.write(f'\n], "treesize": {self._count}}}\n')
        self._handle.close()


def _epoch(moment: datetime) -> int:
    return int(moment.timestamp())


def _ole(moment: datetime) -> float:
    return _epoch(moment) / 86400 + OLE_EPOCH_OFFSET_DAYS


def _shown(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%m/%d/%Y %I:%M:%S %p")


class PrtgMonitoringWriter:
    def __init__(self) -> None:
        self.groups = IdMap("clients", 1001)
        self.devices = IdMap("devices", 100001)
        self.events = IdMap("monitoring_events", 0)  # ids set below: "<sensor objid>/<epoch>"
        self.id_maps = (self.devices, self.events)
        self._sensors = IdMap("sensors", 1000001)
        self._client_map: IO[str] | None = None

    def open(self, out_dir: Path) -> None:
        folder = Path(out_dir) / "prtg"
        folder.mkdir(parents=True, exist_ok=True)
        self._files = {
            name: TableFile(folder / f"{name}.json", name)
            for name in ("devices", "sensors", "messages")
        }
        self._client_map = open(folder / "client_map.csv", "w", encoding="utf-8", newline="")  # noqa: SIM115
        self._map_csv = csv.writer(self._client_map, lineterminator="\n")
        self._map_csv.writerow(("group_id", "group_name", "client_id"))

    def close(self) -> None:
        for array in self._files.values():
            array.close()
        if self._client_map:
            self._client_map.close()

    def device_ref(self, device_id: str) -> str:
        return str(self.devices(device_id))

    def write_technicians(self, technicians: Sequence[Technician]) -> None:
        pass  # a monitoring tool has no technicians

    def write_client(self, records: ClientRecords) -> None:
        client = records.client
        group_id = self.groups(client.client_id)
        self._map_csv.writerow((group_id, client.client_name, client.client_id))
        names = {}
        for d in records.devices:
            names[d.device_id] = d.device_name
            tags = [d.device_type, "msp-critical" if d.is_critical else "msp-noncritical"]
            if d.active_from:
                tags.append(f"msp-from-{d.active_from.isoformat()}")
            if d.retired_at:
                tags.append(f"msp-retired-{d.retired_at.isoformat()}")
            self._files["devices"].write({
                "objid": self.devices(d.device_id), "device": d.device_name,
                "host": d.device_name.lower().replace(" ", "-"), "group": client.client_name,
                "parentid": group_id, "tags": " ".join(tags),
            })  # fmt: skip
        for e in records.monitoring_events:
            sensor_key = json.dumps([e.device_id, e.check_name])
            is_new_sensor = sensor_key not in self._sensors.ids
            sensor_id = self._sensors(sensor_key)
            if is_new_sensor:
                self._files["sensors"].write({
                    "objid": sensor_id, "name": e.check_name, "parentid": self.devices(e.device_id),
                    "device": names.get(e.device_id), "group": client.client_name,
                    "type": e.check_name.replace("_", " ").title(), "type_raw": e.check_name,
                    "tags": f"{e.check_name.replace('_', '')}sensor",
                })  # fmt: skip
            self.events.ids[e.event_id] = f"{sensor_id}/{_epoch(e.started_at)}"
            message = f"{e.check_name}: {STATES[e.severity]}"
            if e.in_maintenance:
                message += " (during maintenance window)"
            device = (names.get(e.device_id), client.client_name)
            self._state(sensor_id, e.check_name, device, e.started_at, STATES[e.severity], message)
            if e.resolved_at is not None:
                self._state(sensor_id, e.check_name, device, e.resolved_at, "Up", "OK")

    def _state(
        self, sensor_id: int, name: str, device: tuple, at: datetime, status: str, message: str
    ) -> None:
        row: dict[str, Any] = {
            "objid": sensor_id, "datetime": _shown(at), "datetime_raw": _ole(at),
            "parent": device[0], "type": name.replace("_", " ").title(), "type_raw": name,
            "name": name, "sensor": name, "device": device[0], "group": device[1],
            "status": status, "status_raw": STATUS_CODES[status],
            "message": f'<div class="logmessage">{message}<div class="moreicon"></div></div>',
            "message_raw": message,
        }  # fmt: skip
        self._files["messages"].write(row)


class Writer(PairWriter):
    """`--format prtg`: PRTG monitoring files, the PSA half in the generic format."""

    def __init__(self) -> None:
        super().__init__(None, PrtgMonitoringWriter())
