"""A client's devices and what monitoring saw of them.

Random events follow a Poisson process per device (thinned by the support model
in force: break-fix estates fail more often and stay down longer). On top come
fixed "scenes" that exercise every downtime rule: outages overlapping across
devices, touching intervals, an outage across a month end, one still open at
as-of, a critical event in maintenance, a critical event on a non-critical
device, and an outage in the business hours of a DST-change week.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from pipelines.generate.catalog import CHECKS_BY_DEVICE_TYPE
from pipelines.generate.ids import IdSequence
from pipelines.generate.plan import ClientPlan, model_on
from pipelines.generate.records import Device, MonitoringEvent
from pipelines.generate.timeline import Window, at_midnight

CRITICAL_TYPES = {"server", "network", "firewall", "storage"}
# Chance that an event is critical, by support model in force (unassigned: like break-fix).
CRITICAL_SHARE = {"managed": 0.06, "hybrid": 0.10, "break_fix": 0.16, None: 0.16}
# Median minutes of a critical outage by support model.
OUTAGE_MEDIAN_MINUTES = {"managed": 20.0, "hybrid": 35.0, "break_fix": 60.0, None: 60.0}
OTHER_SEVERITIES = ("major", "minor", "warning", "info")
OTHER_CUM_WEIGHTS = (12, 34, 68, 100)
EVENTS_PER_DEVICE_DAY = 0.05


@dataclass
class Fleet:
    devices: list[Device]
    core: dict[
        str, Device
    ]  # always-active critical devices that scenes use: server, network, firewall


def _device_mix(seats: int, rng: random.Random) -> list[str]:
    total = max(5, min(60, int(seats * rng.uniform(0.5, 0.9)) + 4))
    types = ["server", "network", "firewall"]
    types += ["server"] * min(3, seats // 40)
    types += ["network"] * (1 if total > 20 else 0)
    types += ["storage"] * (1 if seats > 30 or rng.random() < 0.3 else 0)
    types += ["printer"] * rng.randint(0, 3) + ["other"] * rng.randint(0, 1)
    while len(types) < total:
        types.append("workstation" if rng.random() < 0.6 else "laptop")
    return types[:total]


def make_fleet(plan: ClientPlan, window: Window, ids: IdSequence, rng: random.Random) -> Fleet:
    client_id = plan.client.client_id
    prefix = client_id.lower()
    devices: list[Device] = []
    core: dict[str, Device] = {}
    counts: dict[str, int] = {}
    last_day = window.as_of_date - timedelta(days=1)
    span_days = (last_day - plan.start).days
    for device_type in _device_mix(plan.client.seats, rng):
        counts[device_type] = counts.get(device_type, 0) + 1
        critical = device_type in CRITICAL_TYPES
        if device_type == "server" and counts["server"] > 1 and rng.random() < 0.3:
            critical = False  # a test/print server nobody pages for
        elif device_type == "workstation" and rng.random() < 0.04:
            critical = True  # the reception PC that runs the booking system
        device = Device(
            ids.next("device"),
            client_id,
            f"{prefix}-{device_type}-{counts[device_type]:02d}",
            device_type,
            critical,
        )
        if device_type in ("server", "network", "firewall") and device_type not in core:
            core[device_type] = device  # kept active throughout: scenes happen on these
        elif span_days > 20:
            # The first showcase client always has its 4th device added and its 5th retired mid-range.
            roll = {3: 0.0, 4: 0.05}.get(len(devices), 1.0) if plan.index == 0 else rng.random()
            if roll < 0.05:
                device.active_from = plan.start + timedelta(days=rng.randint(1, span_days - 1))
            elif roll < 0.10:
                device.retired_at = plan.start + timedelta(days=rng.randint(1, span_days - 1))
            elif roll < 0.15:
                device.active_from = plan.start - timedelta(days=rng.randint(30, 900))
        devices.append(device)
    return Fleet(devices, core)


def _active_span(device: Device, plan: ClientPlan, window: Window) -> tuple[datetime, datetime]:
    start = at_midnight(max(plan.start, device.active_from or plan.start))
    end = window.as_of
    if device.retired_at is not None:
        end = min(end, at_midnight(device.retired_at + timedelta(days=1)))
    return start, end


class EventMaker:
    def __init__(self, plan: ClientPlan, window: Window, ids: IdSequence, rng: random.Random):
        self.plan, self.window, self.ids, self.rng = plan, window, ids, rng
        self.events: list[MonitoringEvent] = []
        self.earliest = at_midnight(plan.start)

    def add(
        self,
        device: Device,
        severity: str,
        start: datetime,
        minutes: float | None,
        check: str | None = None,
        in_maintenance: bool = False,
    ) -> MonitoringEvent | None:
        if start.microsecond:
            start = start.replace(microsecond=0)
        if start > self.window.as_of or start < self.earliest:
            return None
        end = None if minutes is None else start + timedelta(seconds=max(60, round(minutes * 60)))
        if end is not None and end > self.window.as_of:
            end = None  # not resolved yet at as-of
        check = check or self.rng.choice(CHECKS_BY_DEVICE_TYPE[device.device_type])
        event = MonitoringEvent(
            self.ids.next("event"),
            device.client_id,
            device.device_id,
            check,
            severity,
            start,
            end,
            in_maintenance,
        )
        self.events.append(event)
        return event

    def random_events(self, devices: list[Device]) -> None:
        rng, plan = self.rng, self.plan
        rate = EVENTS_PER_DEVICE_DAY * plan.fragility / 86400.0
        for device in devices:
            start, end = _active_span(device, plan, self.window)
            t = start + timedelta(seconds=int(rng.expovariate(rate)))
            while t < end:
                agreement = model_on(plan.agreements, t.date())
                model = agreement.support_model if agreement else None
                if model == "hybrid" and device.device_type in agreement.covered_device_types:
                    model = "managed"
                if plan.same_downtime_for_all_models:
                    model = "break_fix"
                if rng.random() < CRITICAL_SHARE[model]:
                    minutes = min(
                        36 * 60, rng.lognormvariate(0, 1.1) * OUTAGE_MEDIAN_MINUTES[model]
                    )
                    self.add(device, "critical", t, minutes, in_maintenance=rng.random() < 0.04)
                else:
                    severity = rng.choices(OTHER_SEVERITIES, cum_weights=OTHER_CUM_WEIGHTS)[0]
                    self.add(device, severity, t, rng.lognormvariate(2.3, 1.0))
                t += timedelta(seconds=int(rng.expovariate(rate)))

    def random_time(self, earliest: datetime, latest: datetime) -> datetime:
        seconds = max(0, int((latest - earliest).total_seconds()))
        return earliest + timedelta(seconds=self.rng.randint(0, seconds))


def _first_dst_change(zone: ZoneInfo, first: date, last: date) -> date | None:
    day = first
    while day < last:
        noon = datetime(day.year, day.month, day.day, 12, tzinfo=zone)
        if (noon + timedelta(days=1)).utcoffset() != noon.utcoffset():
            return day + timedelta(days=1)
        day += timedelta(days=1)
    return None


def _scenes(maker: EventMaker, fleet: Fleet, plan: ClientPlan, window: Window) -> None:
    """Fixed situations that every downtime rule must handle."""
    rng, core, as_of = maker.rng, fleet.core, window.as_of
    server, network, firewall = core["server"], core["network"], core["firewall"]
    earliest = at_midnight(plan.start) + timedelta(hours=1)
    latest = as_of - timedelta(days=1)
    if latest <= earliest:
        return
    # Three devices overlapping: one merged outage, devices_affected 3.
    t = maker.random_time(earliest, latest)
    maker.add(network, "critical", t, 60, "interface_down")
    maker.add(server, "critical", t + timedelta(minutes=10), 30, "ping")
    maker.add(firewall, "critical", t + timedelta(minutes=50), 40, "wan_down")
    # Touching intervals (end == next start) merge into one outage.
    t = maker.random_time(earliest, latest)
    maker.add(server, "critical", t, 20, "service_down")
    maker.add(firewall, "critical", t + timedelta(minutes=20), 25, "vpn_tunnel_down")
    # Across a month end: counts in both months.
    boundaries = [m for m in window.month_starts[1:] if at_midnight(m) > earliest]
    if boundaries:
        b = at_midnight(rng.choice(boundaries))
        maker.add(server, "critical", b - timedelta(minutes=25), 95, "ping")
    # Critical but in maintenance; critical on a non-critical device; non-critical severities.
    maker.add(
        server,
        "critical",
        maker.random_time(earliest, latest),
        45,
        "service_down",
        in_maintenance=True,
    )
    others = [
        d
        for d in fleet.devices
        if not d.is_critical and d.active_from is None and d.retired_at is None
    ]
    if others:
        maker.add(rng.choice(others), "critical", maker.random_time(earliest, latest), 30, "ping")
    maker.add(server, "major", maker.random_time(earliest, latest), 50, "memory")
    # An outage during business hours of a DST-change week (Monday 07:30-11:00 local).
    zone = ZoneInfo(plan.client.timezone or "UTC")
    change = _first_dst_change(zone, plan.start, window.as_of_date - timedelta(days=7))
    if change is not None:
        monday = change + timedelta(days=(7 - change.weekday()) % 7 or 7)
        local = datetime(monday.year, monday.month, monday.day, 7, 30, tzinfo=zone)
        maker.add(network, "critical", local.astimezone(UTC), 210, "switch_down")
    # Still open at as-of, plus an event resolved exactly at as-of.
    if plan.index == 0 or rng.random() < 0.5:
        maker.add(network, "critical", as_of - timedelta(minutes=95), None, "interface_down")
    if plan.index == 0:
        maker.add(firewall, "warning", as_of - timedelta(minutes=10), 10, "ha_failover")


def make_events(
    plan: ClientPlan, fleet: Fleet, window: Window, ids: IdSequence, rng: random.Random
) -> list[MonitoringEvent]:
    if not plan.monitored:
        return []
    maker = EventMaker(plan, window, ids, rng)
    if plan.is_showcase or rng.random() < 0.3:
        _scenes(maker, fleet, plan, window)
    maker.random_events(fleet.devices)
    maker.events.sort(key=lambda e: (e.started_at, e.event_id))
    return maker.events
