"""One client's complete records: plan, fleet, monitoring, service desk, billing."""

from __future__ import annotations

import random

from pipelines.generate.billing import make_invoice_lines
from pipelines.generate.fleet import make_events, make_fleet
from pipelines.generate.ids import IdSequence
from pipelines.generate.plan import plan_client
from pipelines.generate.records import ClientRecords
from pipelines.generate.service_desk import make_tickets
from pipelines.generate.timeline import Window


def client_rng(seed: int, index: int) -> random.Random:
    """Each client draws from its own stream, so one client's volume never shifts another's."""
    return random.Random(f"msp-portfolio:{seed}:{index}")


def build_client(
    index: int,
    window: Window,
    ids: IdSequence,
    seed: int,
    technician_ids: list[str],
    same_downtime_for_all_models: bool = False,
) -> ClientRecords:
    rng = client_rng(seed, index)
    plan = plan_client(index, window, ids, rng)
    plan.same_downtime_for_all_models = same_downtime_for_all_models
    fleet = make_fleet(plan, window, ids, rng)
    events = make_events(plan, fleet, window, ids, rng)
    tickets, time_entries = make_tickets(plan, fleet, events, window, ids, rng, technician_ids)
    invoice_lines = make_invoice_lines(plan, time_entries, window, ids, rng)
    return ClientRecords(
        client=plan.client,
        devices=fleet.devices,
        agreements=plan.agreements,
        sla_targets=plan.sla_targets,
        monitoring_events=events,
        tickets=tickets,
        time_entries=time_entries,
        invoice_lines=invoice_lines,
    )
