"""The writer interface: how generated records become landing files.

A writer serialises records into one source system's export format. The
generator calls, in this order::

    writer.open(out_dir)                  # create out_dir/<system>/..., open files
    writer.write_technicians(technicians) # once: the MSP's staff, shared by all clients
    writer.write_client(records)          # once per client, in client order
    writer.close()                        # flush and close every file

Formats are looked up by name: ``generic`` is built in; any other name ``x``
loads the module ``pipelines.generate.vendors.x``, which must define a class
``Writer`` (no-argument constructor) implementing :class:`PortfolioWriter`.
Writers must stream (write each client's rows as they come) so memory stays
bounded on large portfolios.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

from pipelines.generate.records import ClientRecords, Technician


@runtime_checkable
class PortfolioWriter(Protocol):
    def open(self, out_dir: Path) -> None: ...

    def write_technicians(self, technicians: Sequence[Technician]) -> None: ...

    def write_client(self, records: ClientRecords) -> None: ...

    def close(self) -> None: ...


def get_writer(fmt: str) -> PortfolioWriter:
    """A fresh writer for the format name (``generic`` or a vendor module name)."""
    if fmt == "generic":
        from pipelines.generate.generic import GenericCsvWriter

        return GenericCsvWriter()
    if not fmt.replace("_", "").isalnum():
        raise ValueError(f"unknown output format {fmt!r}")
    try:
        module = importlib.import_module(f"pipelines.generate.vendors.{fmt}")
    except ModuleNotFoundError as exc:
        if exc.name not in (f"pipelines.generate.vendors.{fmt}", "pipelines.generate.vendors"):
            raise  # the vendor module exists but one of its imports is missing
        raise ValueError(f"unknown output format {fmt!r}") from exc
    writer = module.Writer()
    if not isinstance(writer, PortfolioWriter):
        raise TypeError(
            f"pipelines.generate.vendors.{fmt}.Writer does not implement PortfolioWriter"
        )
    return writer
