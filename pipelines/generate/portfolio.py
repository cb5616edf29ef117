"""`generate_portfolio`: the synthetic portfolio as landing files plus `_truth.json`."""

from __future__ import annotations

import os
import random
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from tqdm import tqdm

from pipelines.generate.catalog import TECHNICIAN_FIRST, TECHNICIAN_LAST
from pipelines.generate.client import build_client
from pipelines.generate.ids import IdSequence
from pipelines.generate.records import ENTITIES, ClientRecords, Technician
from pipelines.generate.timeline import DEFAULT_AS_OF, Window
from pipelines.generate.truth import client_truth
from pipelines.generate.truth_file import TruthFile
from pipelines.generate.truth_model_pays import ModelPaysTruth
from pipelines.generate.writers import PortfolioWriter, get_writer

PROGRESS_FROM_CLIENTS = 200


def make_technicians(clients: int, seed: int, ids: IdSequence) -> list[Technician]:
    """The MSP's staff: roughly one technician per eight clients."""
    rng = random.Random(f"msp-portfolio:{seed}:technicians")
    technicians = []
    for _ in range(max(4, min(250, clients // 8 + 3))):
        name = f"{rng.choice(TECHNICIAN_FIRST)} {rng.choice(TECHNICIAN_LAST)}"
        cost = Decimal(rng.randrange(3200, 7800, 25)) / 100
        technicians.append(Technician(ids.next("technician"), name, cost))
    return technicians


class Portfolio:
    """The records of a portfolio, one client at a time (the same for every output format)."""

    def __init__(
        self,
        clients: int,
        months: int,
        seed: int,
        as_of: datetime | None = None,
        same_downtime_for_all_models: bool = False,
    ):
        if clients < 1 or months < 1:
            raise ValueError("clients and months must be at least 1")
        self.count, self.seed = clients, seed
        self.same_downtime_for_all_models = same_downtime_for_all_models
        self.window = Window(
            (as_of or DEFAULT_AS_OF).astimezone(UTC).replace(microsecond=0), months
        )
        self._ids = IdSequence()
        self.technicians = make_technicians(clients, seed, self._ids)

    def clients(self) -> Iterator[ClientRecords]:
        """Call once: ids are handed out in client order."""
        technician_ids = [t.technician_id for t in self.technicians]
        for index in range(self.count):
            yield build_client(
                index,
                self.window,
                self._ids,
                self.seed,
                technician_ids,
                self.same_downtime_for_all_models,
            )


def portfolio_writer(fmt: str, monitoring_fmt: str | None) -> PortfolioWriter:
    """One writer for ``fmt``; with ``monitoring_fmt``, a PSA/monitoring pair (see vendors.base)."""
    if monitoring_fmt is None or (fmt == "generic" and monitoring_fmt == "generic"):
        return get_writer(fmt)
    from pipelines.generate.vendors import pair_writer

    return pair_writer(psa=fmt, monitoring=monitoring_fmt)


def generate_portfolio(
    out_dir: str | os.PathLike,
    clients: int = 20,
    months: int = 12,
    seed: int = 7,
    fmt: str = "generic",
    show_progress: bool | None = None,
    as_of: datetime | None = None,
    monitoring_fmt: str | None = None,
    same_downtime_for_all_models: bool = False,
) -> Path:
    """Write landing files under ``out_dir`` and ``out_dir/_truth.json``; return the truth's path.

    ``fmt`` names the writer (``generic`` or a vendor module); ``monitoring_fmt``, when
    given, writes devices and monitoring events in that format and the rest in ``fmt``.
    ``months`` whole UTC months end at ``as_of`` (default 2025-03-12T14:00:00Z, a
    fixed anchor so the output depends only on the arguments); the last month is
    partial. Every timestamp is at or before as-of, and one ticket is created
    exactly at it. ``show_progress`` None shows a bar on stderr from 200 clients.
    The records, and so the truth, depend only on clients, months, seed and as-of.
    ``same_downtime_for_all_models`` (test portfolios) makes outages as frequent and as long
    under every support model, so no model reduces downtime.
    """
    portfolio = Portfolio(clients, months, seed, as_of, same_downtime_for_all_models)
    as_of, technicians = portfolio.window.as_of, portfolio.technicians
    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    hourly_cost = {t.technician_id: t.hourly_cost for t in technicians}
    rows = Counter(dict.fromkeys(ENTITIES, 0))
    rows["technicians"] = len(technicians)

    writer = portfolio_writer(fmt, monitoring_fmt)
    truth = TruthFile(
        out / "_truth.json",
        {
            "seed": seed,
            "clients_count": clients,
            "months": months,
            "format": fmt,
            "monitoring_format": monitoring_fmt,
            "as_of": as_of.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "settings": {
                "recurrence_window_days": 30,
                "downtime_cost_per_seat_hour": "50.00",
                "tooling_cost_per_endpoint_month": "6.00",
            },
        },
    )
    model_pays = ModelPaysTruth(as_of)
    show = clients >= PROGRESS_FROM_CLIENTS if show_progress is None else show_progress
    writer.open(out)
    try:
        writer.write_technicians(technicians)
        progress = tqdm(
            portfolio.clients(),
            total=clients,
            disable=not show,
            file=sys.stderr,
            unit="client",
            desc=f"generating {fmt}",
        )
        for records in progress:
            writer.write_client(records)
            client = client_truth(records, hourly_cost, as_of)
            truth.add_client(records.client.client_id, client)
            model_pays.add_client(records, client)
            rows.update(records.row_counts())
    finally:
        writer.close()
    truth.header["model_pays"] = model_pays.result()
    truth.close(dict(rows))
    return truth.path
