"""Datto RMM API v2 exports in `landing/datto_rmm/`: devices and alerts, paged as the API returns.

Each client is a site; ids are UUIDs; times are Unix milliseconds. A device carries
deviceType {category, type} and deviceClass; what Datto RMM has no field for (criticality,
retirement) travels in user-defined fields udf1 / udf2. An alert carries its monitor's
alertContext with the "@class" discriminator: a critical ping event is written as Datto RMM
raises a device offline, an online_offline_status_ctx alert (priority High: the down rule,
not the priority, makes it critical); the generated check name travels in `diagnostics`.
`--format datto_rmm` writes the PSA half generic.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from pipelines.generate.records import ClientRecords, Technician
from pipelines.generate.vendors.base import JsonArrayFile, PairWriter, UidMap

CATEGORIES = {
    "server": "Server", "workstation": "Desktop", "laptop": "Laptop", "network": "Network Device",
    "firewall": "Firewall", "storage": "NAS", "printer": "Printer", "other": "Unknown",
}  # fmt: skip
DEVICE_CLASSES = {
    "printer": "printer",
    "network": "rmmnetworkdevice",
    "firewall": "rmmnetworkdevice",
}
# alertContext "@class" of the monitor behind each generated check (Datto RMM's own classes).
CONTEXT_CLASSES = {
    "cpu_load": "perf_resource_usage_ctx", "memory": "perf_resource_usage_ctx",
    "disk_space": "perf_disk_usage_ctx", "service_down": "srvc_status_ctx",
    "antivirus": "antivirus_ctx", "patch_missing": "patch_ctx", "ping": "ping_ctx",
}  # fmt: skip
PRIORITIES = {
    "critical": "Critical", "major": "High", "minor": "Moderate", "warning": "Low", "info": "Information",
}  # fmt: skip


def _ms(moment: datetime | None) -> int | None:
    return None if moment is None else int(moment.timestamp()) * 1000


class DattoRmmMonitoringWriter:
    def __init__(self) -> None:
        self.sites = UidMap("clients", "datto_rmm")
        self.devices = UidMap("devices", "datto_rmm")
        self.alerts = UidMap("monitoring_events", "datto_rmm")
        self.id_maps = (self.devices, self.alerts)
        self._client_map: IO[str] | None = None

    def open(self, out_dir: Path) -> None:
        folder = Path(out_dir) / "datto_rmm"
        folder.mkdir(parents=True, exist_ok=True)
        self._devices = JsonArrayFile(folder / "devices.json", "devices")
        self._alerts = JsonArrayFile(folder / "alerts.json", "alerts")
        self._client_map = open(folder / "client_map.csv", "w", encoding="utf-8", newline="")  # noqa: SIM115
        self._map_csv = csv.writer(self._client_map, lineterminator="\n")
        self._map_csv.writerow(("site_uid", "site_name", "client_id"))

    def close(self) -> None:
        self._devices.close()
        self._alerts.close()
        if self._client_map:
            self._client_map.close()

    def device_ref(self, device_id: str) -> str:
        return self.devices(device_id)

    def write_technicians(self, technicians: Sequence[Technician]) -> None:
        pass  # an RMM has no technicians

    def write_client(self, records: ClientRecords) -> None:
        client = records.client
        site_uid = self.sites(client.client_id)
        self._map_csv.writerow((site_uid, client.client_name, client.client_id))
        names = {}
        for d in records.devices:
            names[d.device_id] = d.device_name
            created = None
            if d.active_from:
                created = datetime(
                    d.active_from.year, d.active_from.month, d.active_from.day, tzinfo=UTC
                )
            self._devices.write({
                "uid": self.devices(d.device_id), "siteUid": site_uid, "siteName": client.client_name,
                "hostname": d.device_name,
                "deviceClass": DEVICE_CLASSES.get(d.device_type, "device"),
                "deviceType": {"category": CATEGORIES[d.device_type], "type": CATEGORIES[d.device_type]},
                "creationDate": _ms(created), "deleted": False,
                "udf": {"udf1": "critical" if d.is_critical else "standard",
                        "udf2": d.retired_at.isoformat() if d.retired_at else None},
            })  # fmt: skip
        for e in records.monitoring_events:
            offline = e.severity == "critical" and e.check_name == "ping"
            context = (
                {"@class": "online_offline_status_ctx", "status": "offline"}
                if offline
                else {"@class": CONTEXT_CLASSES.get(e.check_name, "comp_script_ctx")}
            )
            self._alerts.write({
                "alertUid": self.alerts(e.event_id),
                "priority": "High" if offline else PRIORITIES[e.severity],
                "diagnostics": e.check_name, "resolved": e.resolved_at is not None,
                "resolvedBy": None, "resolvedOn": _ms(e.resolved_at), "muted": e.in_maintenance,
                "ticketNumber": None, "timestamp": _ms(e.started_at),
                "alertMonitorInfo": {"sendsEmails": False, "createsTicket": e.severity == "critical"},
                "alertContext": context,
                "alertSourceInfo": {"deviceUid": self.devices(e.device_id),
                                    "deviceName": names.get(e.device_id), "siteUid": site_uid,
                                    "siteName": client.client_name},
            })  # fmt: skip


class Writer(PairWriter):
    """`--format datto_rmm`: Datto RMM monitoring files, the PSA half in the generic format."""

    def __init__(self) -> None:
        super().__init__(None, DattoRmmMonitoringWriter())
