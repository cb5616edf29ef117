"""NinjaOne public API v2 exports in `landing/ninjaone/`: devices and condition activities.

Each client is an organization; a device (/v2/devices-detailed) carries its nodeClass, its
system.chassisType (which tells a laptop from a desktop) and its custom fields in `fields`;
each monitoring event is a condition's TRIGGERED activity plus, once resolved, a RESET
activity of the same series, in /v2/activities' envelope {"lastActivityId", "activities"}.
`--format ninjaone` writes the PSA half generic.
"""

from __future__ import annotations

import csv
import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any

from pipelines.generate.records import ClientRecords, Technician
from pipelines.generate.vendors.base import IdMap, JsonArrayFile, PairWriter


class ActivitiesFile(JsonArrayFile):
    """/v2/activities' response: {"activities": [...], "lastActivityId": n}."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, "activities")
        self.last_activity_id = 0

    def write(self, obj: dict[str, Any]) -> None:
        super().write(obj)
        self.last_activity_id = max(self.last_activity_id, obj["id"])

    def close(self) -> None:
        self._handle.write(f'\n], "lastActivityId": {self.last_activity_id}}}\n')
        self._handle.close()


NODE_CLASSES = {
    "server": "WINDOWS_SERVER", "workstation": "WINDOWS_WORKSTATION", "laptop": "WINDOWS_WORKSTATION",
    "network": "NMS_SWITCH", "firewall": "NMS_FIREWALL", "storage": "NMS_APPLIANCE",
    "printer": "NMS_PRINTER", "other": "NMS_OTHER",
}  # fmt: skip
SEVERITIES = {
    "critical": "CRITICAL", "major": "MAJOR", "minor": "MODERATE", "warning": "MINOR", "info": "NONE",
}  # fmt: skip
RESET_ID_OFFSET = 50_000_000


def _epoch(moment: datetime) -> int:
    return int(moment.timestamp())


class NinjaOneMonitoringWriter:
    def __init__(self) -> None:
        self.organizations = IdMap("clients", 1)
        self.devices = IdMap("devices", 1001)
        self.activities = IdMap("monitoring_events", 3_000_001)
        self.id_maps = (self.devices, self.activities)
        self._client_map: IO[str] | None = None

    def open(self, out_dir: Path) -> None:
        folder = Path(out_dir) / "ninjaone"
        folder.mkdir(parents=True, exist_ok=True)
        self._devices = JsonArrayFile(folder / "devices.json")
        self._activities = ActivitiesFile(folder / "activities.json")
        self._client_map = open(folder / "client_map.csv", "w", encoding="utf-8", newline="")  # noqa: SIM115
        self._map_csv = csv.writer(self._client_map, lineterminator="\n")
        self._map_csv.writerow(("organization_id", "organization_name", "client_id"))

    def close(self) -> None:
        self._devices.close()
        self._activities.close()
        if self._client_map:
            self._client_map.close()

    def device_ref(self, device_id: str) -> str:
        return str(self.devices(device_id))

    def write_technicians(self, technicians: Sequence[Technician]) -> None:
        pass  # an RMM has no technicians

    def write_client(self, records: ClientRecords) -> None:
        client = records.client
        organization_id = self.organizations(client.client_id)
        self._map_csv.writerow((organization_id, client.client_name, client.client_id))
        for d in records.devices:
            fields: dict[str, Any] = {"criticality": "critical" if d.is_critical else "standard"}
            if d.retired_at:
                fields["retiredAt"] = d.retired_at.isoformat()
            self._devices.write({
                "id": self.devices(d.device_id), "organizationId": organization_id,
                "locationId": organization_id * 10, "nodeClass": NODE_CLASSES[d.device_type],
                "approvalStatus": "APPROVED", "offline": False, "displayName": d.device_name,
                "systemName": d.device_name.upper().replace(" ", "-")[:15],
                "created": _epoch_of_day(d.active_from), "lastContact": None,
                "system": {"chassisType": "LAPTOP" if d.device_type == "laptop" else "DESKTOP"},
                "tags": [], "fields": fields,
            })  # fmt: skip
        for e in records.monitoring_events:
            trigger_id = self.activities(e.event_id)
            series = str(uuid.uuid5(uuid.NAMESPACE_URL, f"ninjaone-series:{e.event_id}"))
            common = {
                "deviceId": self.devices(e.device_id), "seriesUid": series,
                "activityType": "CONDITION", "severity": SEVERITIES[e.severity],
                "priority": "HIGH" if e.severity == "critical" else "MEDIUM",
                "sourceConfigUid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"ninjaone-condition:{e.check_name}")),
                "sourceName": e.check_name, "subject": "", "type": "Condition",
            }  # fmt: skip
            self._activities.write({
                "id": trigger_id, "activityTime": float(_epoch(e.started_at)),
                "statusCode": "TRIGGERED", "status": "Triggered", **common,
                "message": f"{e.check_name} condition triggered",
                "data": {"maintenance": e.in_maintenance},
            })  # fmt: skip
            if e.resolved_at is not None:
                self._activities.write({
                    "id": trigger_id + RESET_ID_OFFSET, "activityTime": float(_epoch(e.resolved_at)),
                    "statusCode": "RESET", "status": "Reset", **common,
                    "message": f"{e.check_name} condition reset",
                })  # fmt: skip


def _epoch_of_day(day: date | None) -> int | None:
    return (
        None if day is None else int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())
    )


class Writer(PairWriter):
    """`--format ninjaone`: NinjaOne monitoring files, the PSA half in the generic format."""

    def __init__(self) -> None:
        super().__init__(None, NinjaOneMonitoringWriter())
