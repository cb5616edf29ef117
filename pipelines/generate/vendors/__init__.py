"""Generator writers for vendor export formats (docs/vendors.md).

`--format <vendor>` loads `pipelines.generate.vendors.<vendor>.Writer` (see
pipelines.generate.writers.get_writer): that vendor's half of the portfolio, the other half
generic. `pair_writer(psa, monitoring)` writes both halves in vendor formats.
"""

from __future__ import annotations

import importlib

from pipelines.generate.vendors.base import PairWriter
from pipelines.generate.writers import PortfolioWriter, get_writer

PSA_FORMATS = ("connectwise", "autotask", "halopsa")
MONITORING_FORMATS = ("zabbix", "ninjaone", "datto_rmm", "prtg")


def pair_writer(psa: str = "generic", monitoring: str = "generic") -> PortfolioWriter:
    """A writer with the PSA half in `psa` format and the monitoring half in `monitoring`."""
    if psa == monitoring == "generic":
        return get_writer("generic")
    if psa not in ("generic", *PSA_FORMATS):
        raise ValueError(f"unknown PSA format {psa!r}; one of generic, {', '.join(PSA_FORMATS)}")
    if monitoring not in ("generic", *MONITORING_FORMATS):
        raise ValueError(
            f"unknown monitoring format {monitoring!r}; one of generic, {', '.join(MONITORING_FORMATS)}"
        )
    psa_half = (
        importlib.import_module(f"pipelines.generate.vendors.{psa}").Writer().psa
        if psa != "generic"
        else None
    )
    monitoring_half = (
        importlib.import_module(f"pipelines.generate.vendors.{monitoring}").Writer().monitoring
        if monitoring != "generic"
        else None
    )
    return PairWriter(psa_half, monitoring_half)
