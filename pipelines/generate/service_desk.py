"""Tickets and the technicians' time on them.

Ticket volume, response speed and repeat faults depend on the support model in
force at creation: break-fix clients call more, wait longer and see the same
fault come back. Fixed scenes exercise the rules: merged duplicates, open
tickets on both sides of their targets at as-of, a ticket created exactly at
as-of, a lead-in ticket before any agreement, and repeat faults exactly 30 days
apart and 30 days plus one second apart.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from pipelines.generate.catalog import (
    BOUNDARY_FAULTS,
    FAULTS_BY_DEVICE_TYPE,
    OUTAGE_FAULTS,
    REQUEST_CATEGORIES,
)
from pipelines.generate.fleet import CRITICAL_TYPES, Fleet
from pipelines.generate.ids import IdSequence
from pipelines.generate.plan import ClientPlan, model_on
from pipelines.generate.records import Agreement, Device, MonitoringEvent, Ticket, TimeEntry
from pipelines.generate.timeline import Window, at_midnight

NOMINAL_RESPONSE = {"P1": 30, "P2": 60, "P3": 240, "P4": 720}
NOMINAL_RESOLUTION = {"P1": 480, "P2": 1440, "P3": 2880, "P4": 7200}
# Median share of the target a response takes, by support model (lognormal noise on top).
SPEED = {"managed": 0.4, "hybrid": 0.6, "break_fix": 1.0, None: 1.2}
# Calls a month: a base per client plus a share per seat.
TICKETS_BASE_MONTH = 2.0
TICKETS_PER_SEAT_MONTH = {"managed": 0.22, "hybrid": 0.28, "break_fix": 0.34, None: 0.34}
REPEAT_CHANCE = {"managed": 0.08, "hybrid": 0.18, "break_fix": 0.35, None: 0.35}
REPEAT_MEAN_DAYS = {"managed": 24.0, "hybrid": 16.0, "break_fix": 11.0, None: 11.0}


class ServiceDesk:
    def __init__(
        self,
        plan: ClientPlan,
        fleet: Fleet,
        window: Window,
        ids: IdSequence,
        rng: random.Random,
        technician_ids: list[str],
    ):
        self.plan, self.fleet, self.window, self.ids, self.rng = plan, fleet, window, ids, rng
        self.technician_ids = technician_ids
        self.zone = ZoneInfo(plan.client.timezone or "UTC")
        self.tickets: list[Ticket] = []
        self.time_entries: list[TimeEntry] = []
        self.targets = {(s.agreement_id, s.priority): s for s in plan.sla_targets}

    # -- helpers -------------------------------------------------------------
    def agreement_at(self, ts: datetime) -> Agreement | None:
        return model_on(self.plan.agreements, ts.date())

    def model_at(self, ts: datetime, device: Device | None = None) -> str | None:
        agreement = self.agreement_at(ts)
        if agreement is None:
            return None
        if agreement.support_model == "hybrid" and device is not None:
            covered = device.device_type in agreement.covered_device_types
            return "managed" if covered else "break_fix"
        return agreement.support_model

    def target_minutes(self, ts: datetime, priority: str) -> tuple[int | None, int | None]:
        agreement = self.agreement_at(ts)
        target = self.targets.get((agreement.agreement_id, priority)) if agreement else None
        return (target.response_minutes, target.resolution_minutes) if target else (None, None)

    def active_devices(self, ts: datetime) -> list[Device]:
        day = ts.date()
        return [
            d
            for d in self.fleet.devices
            if (d.active_from is None or d.active_from <= day)
            and (d.retired_at is None or d.retired_at >= day)
        ]

    def in_business_hours(self, ts: datetime) -> bool:
        local = ts.astimezone(self.zone)
        return local.weekday() < 5 and 8 <= local.hour < 18

    def office_time(self, ts: datetime) -> datetime:
        """Move a time into the client's office hours (most calls come then)."""
        day = ts.astimezone(self.zone).date()
        minute, second = self.rng.randint(8 * 60, 18 * 60 - 1), self.rng.randint(0, 59)
        while True:
            if day.weekday() < 5:
                moved = datetime(
                    day.year,
                    day.month,
                    day.day,
                    minute // 60,
                    minute % 60,
                    second,
                    tzinfo=self.zone,
                ).astimezone(UTC)
                if moved >= ts:  # only ever later: never before the client or agreement started
                    return moved if moved <= self.window.as_of else ts
            day += timedelta(days=1)

    # -- tickets -------------------------------------------------------------
    def add_ticket(
        self,
        created: datetime,
        device: Device | None,
        ticket_type: str,
        priority: str,
        signature: tuple[str | None, str | None],
        source: str,
        respond: bool = True,
        resolve: bool = True,
    ) -> Ticket | None:
        if created.microsecond:
            created = created.replace(microsecond=0)
        as_of = self.window.as_of
        if created > as_of:
            return None
        model = self.model_at(created, device)
        response_target, resolution_target = self.target_minutes(created, priority)
        speed = SPEED[model]
        response_minutes = (
            (response_target or NOMINAL_RESPONSE[priority])
            * speed
            * self.rng.lognormvariate(0, 0.8)
        )
        resolution_minutes = (
            (resolution_target or NOMINAL_RESOLUTION[priority])
            * speed
            * self.rng.lognormvariate(0, 0.7)
        )
        responded = created + timedelta(seconds=max(60, round(response_minutes * 60)))
        resolved = responded + timedelta(seconds=max(300, round(resolution_minutes * 60)))
        responded = responded if respond and responded <= as_of else None
        resolved = resolved if resolve and responded is not None and resolved <= as_of else None
        status = "closed" if resolved else ("in progress" if responded else "new")
        category, subcategory = signature
        summary = f"{(subcategory or 'general').replace('_', ' ')} - {device.device_name if device else 'user'}"
        ticket = Ticket(
            self.ids.next("ticket"),
            self.plan.client.client_id,
            device.device_id if device else None,
            created,
            responded,
            resolved,
            priority,
            ticket_type,
            category,
            subcategory,
            source,
            status,
            summary,
        )
        self.tickets.append(ticket)
        self.add_work(ticket, device, model)
        return ticket

    def add_merged_duplicate(self, original: Ticket, device: Device | None) -> None:
        created = original.created_at + timedelta(minutes=self.rng.randint(2, 40))
        if created > self.window.as_of:
            return
        closed = created + timedelta(minutes=self.rng.randint(1, 20))
        self.tickets.append(
            Ticket(
                self.ids.next("ticket"),
                original.client_id,
                original.device_id,
                created,
                None,
                closed if closed <= self.window.as_of else None,
                original.priority,
                original.ticket_type,
                original.category,
                original.subcategory,
                "email",
                "merged",
                f"duplicate of {original.ticket_id}",
                merged_into_ticket_id=original.ticket_id,
            )
        )

    def add_work(self, ticket: Ticket, device: Device | None, model: str | None) -> None:
        """Time entries between the first response and resolution (or as-of)."""
        if ticket.first_response_at is None:
            return
        rng = self.rng
        until = ticket.resolved_at or self.window.as_of
        emergency = (
            model == "break_fix"
            and ticket.priority == "P1"
            or (
                model == "break_fix"
                and ticket.priority == "P2"
                and not self.in_business_hours(ticket.created_at)
            )
        )
        entries = (
            1 + (rng.random() < 0.4) + (ticket.priority in ("P1", "P2") and rng.random() < 0.5)
        )
        for n in range(entries):
            started = (
                ticket.first_response_at
                if n == 0
                else self.between(ticket.first_response_at, until)
            )
            billable = model in ("break_fix", None) or (model == "hybrid" and rng.random() < 0.5)
            self.time_entries.append(
                TimeEntry(
                    self.ids.next("time_entry"),
                    ticket.client_id,
                    ticket.ticket_id,
                    rng.choice(self.technician_ids),
                    started,
                    rng.choice((0.25, 0.5, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0)),
                    billable or (n == 0 and rng.random() < 0.03),
                    "emergency" if emergency else "reactive",
                )
            )

    def between(self, earliest: datetime, latest: datetime) -> datetime:
        seconds = max(0, int((latest - earliest).total_seconds()))
        return earliest + timedelta(seconds=self.rng.randint(0, seconds))

    def random_incident(self, created: datetime) -> None:
        rng = self.rng
        devices = self.active_devices(created)
        ticket_type = rng.choices(("incident", "request", "problem", "change"), (66, 25, 3, 6))[0]
        device = (
            rng.choice(devices)
            if devices and (ticket_type != "request" or rng.random() < 0.2)
            else None
        )
        if ticket_type == "request":
            signature = rng.choice(REQUEST_CATEGORIES)
            priority = rng.choice(("P3", "P4", "P4"))
        else:
            catalog = FAULTS_BY_DEVICE_TYPE[device.device_type if device else "workstation"]
            signature = rng.choice(catalog) if rng.random() > 0.04 else (None, None)
            priority = rng.choices(("P1", "P2", "P3", "P4"), (5, 15, 50, 30))[0]
        source = rng.choice(("phone", "email", "email", "portal", "onsite"))
        ticket = self.add_ticket(created, device, ticket_type, priority, signature, source)
        if ticket is None:
            return
        if rng.random() < 0.04:
            self.add_merged_duplicate(ticket, device)
        # The same fault coming back on the same device.
        model = self.model_at(created, device)
        while (
            ticket_type == "incident" and device is not None and rng.random() < REPEAT_CHANCE[model]
        ):
            created = created + timedelta(days=rng.expovariate(1 / REPEAT_MEAN_DAYS[model]))
            if created > self.window.as_of:
                break
            self.add_ticket(
                self.office_time(created), device, "incident", priority, signature, "phone"
            )
            model = self.model_at(created, device)

    def random_tickets(self) -> None:
        rng, plan = self.rng, self.plan

        # Thinning: draw at the highest rate, keep each by the model in force.
        def per_second(model: str | None) -> float:
            monthly = TICKETS_BASE_MONTH + TICKETS_PER_SEAT_MONTH[model] * plan.client.seats
            return monthly * plan.fragility / (30 * 86400)

        top = per_second("break_fix")
        t = at_midnight(plan.start) + timedelta(seconds=int(rng.expovariate(top)))
        while t < self.window.as_of:
            rate = per_second(self.model_at(t))
            if rng.random() < rate / top:
                self.random_incident(self.office_time(t) if rng.random() < 0.8 else t)
            t += timedelta(seconds=int(rng.expovariate(top)))

    def outage_tickets(self, events: list[MonitoringEvent]) -> None:
        devices = {d.device_id: d for d in self.fleet.devices}
        for event in events:
            device = devices[event.device_id]
            if (
                event.severity != "critical"
                or event.in_maintenance
                or not device.is_critical
                or device.device_type not in CRITICAL_TYPES
                or self.rng.random() > 0.5
            ):
                continue
            created = event.started_at + timedelta(seconds=self.rng.randint(0, 300))
            priority = "P1" if device.device_type in ("server", "network", "firewall") else "P2"
            self.add_ticket(
                created,
                device,
                "incident",
                priority,
                OUTAGE_FAULTS[device.device_type],
                "monitoring",
            )

    def routine_work(self) -> None:
        """Time without a ticket: patching and checks under a fee, admin, the odd project."""
        rng, as_of = self.rng, self.window.as_of
        for month in self.window.month_starts:
            begin = max(at_midnight(month), at_midnight(self.plan.start))
            end = min(at_midnight(month) + timedelta(days=28), as_of)
            if end <= begin:
                continue
            model = self.model_at(begin)
            kinds = []
            if model in ("managed", "hybrid"):
                kinds += ["proactive"] * rng.randint(1, 5)
            if rng.random() < 0.3:
                kinds.append("admin")
            if model == "managed" and rng.random() < 0.08:
                kinds += ["project"] * rng.randint(1, 4)
            for work_type in kinds:
                started = self.office_time(self.between(begin, end))
                hours = rng.choice((0.5, 1.0, 1.5, 2.0)) * (3 if work_type == "project" else 1)
                self.time_entries.append(
                    TimeEntry(
                        self.ids.next("time_entry"),
                        self.plan.client.client_id,
                        None,
                        rng.choice(self.technician_ids),
                        started,
                        hours,
                        work_type == "project",
                        work_type,
                    )
                )

    # -- scenes --------------------------------------------------------------
    def recurrence_boundaries(self) -> None:
        """Same fault exactly 30 days later (recurring) and 30 days + 1 s later (not)."""
        server, as_of = self.fleet.core["server"], self.window.as_of
        latest = as_of - timedelta(days=31)
        earliest = at_midnight(self.plan.start) + timedelta(hours=9)
        if latest <= earliest:
            return
        for signature, gap in zip(
            BOUNDARY_FAULTS, (timedelta(days=30), timedelta(days=30, seconds=1)), strict=True
        ):
            first = self.office_time(self.between(earliest, latest))
            if first + gap > as_of:
                continue
            self.add_ticket(first, server, "incident", "P2", signature, "monitoring")
            self.add_ticket(first + gap, server, "incident", "P2", signature, "monitoring")

    def open_at_as_of(self) -> None:
        """Open tickets on both sides of their targets, and one created exactly at as-of."""
        as_of = self.window.as_of
        device = self.fleet.core["server"]
        response, resolution = self.target_minutes(as_of, "P1")
        wait = timedelta(minutes=(response or 30) + 30)
        self.add_ticket(
            as_of - wait,
            device,
            "incident",
            "P1",
            ("server", "service_stopped"),
            "phone",
            respond=False,
        )  # response breached while open
        self.add_ticket(
            as_of - timedelta(minutes=5),
            None,
            "request",
            "P4",
            ("account", "password_reset"),
            "portal",
            respond=False,
        )  # pending: before its target
        response, resolution = self.target_minutes(as_of, "P2")
        ticket = self.add_ticket(
            as_of - timedelta(minutes=(resolution or 480) + 90),
            device,
            "incident",
            "P2",
            ("backup", "job_failed"),
            "email",
            resolve=False,
        )
        if ticket is not None and ticket.first_response_at is None:
            ticket.first_response_at = ticket.created_at + timedelta(minutes=3)
            ticket.status = "in progress"
        self.add_ticket(
            as_of - timedelta(minutes=20),
            device,
            "incident",
            "P2",
            ("server", "high_cpu"),
            "phone",
            resolve=False,
        )  # resolution pending
        self.add_ticket(
            as_of, None, "request", "P3", ("account", "new_user"), "email", respond=False
        )

    def lead_in(self) -> None:
        """A call before any agreement exists: the client's first month is unassigned."""
        first_agreement = min(a.start_date for a in self.plan.agreements)
        earliest = at_midnight(self.plan.start)
        latest = min(at_midnight(first_agreement), self.window.as_of) - timedelta(hours=1)
        if latest > earliest:
            created = self.between(earliest, latest)
            self.add_ticket(created, None, "request", "P3", ("hardware", "new_equipment"), "phone")


def make_tickets(
    plan: ClientPlan,
    fleet: Fleet,
    events: list[MonitoringEvent],
    window: Window,
    ids: IdSequence,
    rng: random.Random,
    technician_ids: list[str],
) -> tuple[list[Ticket], list[TimeEntry]]:
    desk = ServiceDesk(plan, fleet, window, ids, rng, technician_ids)
    if plan.kind == "late_start":
        desk.lead_in()
    desk.random_tickets()
    desk.outage_tickets(events)
    desk.routine_work()
    if plan.index == 1 or (not plan.is_showcase and rng.random() < 0.05):
        desk.recurrence_boundaries()
    if plan.index == 0 or (not plan.is_showcase and rng.random() < 0.1):
        desk.open_at_as_of()
    desk.tickets.sort(key=lambda t: (t.created_at, t.ticket_id))
    desk.time_entries.sort(key=lambda e: (e.started_at, e.time_entry_id))
    return desk.tickets, desk.time_entries
