"""What one check said about one table: the unit the history table and Dagster both report."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

CRITICAL = "critical"  # blocks publish and reports (Dagster ERROR)
WARNING = "warning"  # reported only (Dagster WARN)

EXAMPLE_ROWS = 5


@dataclass
class CheckOutcome:
    table_name: str
    check_name: str
    expectation: str
    column_name: str | None
    passed: bool
    severity: str
    observed_value: str | None = None
    # Free-form facts for people: counts, the rule's parameters, "examples" (a list of row dicts).
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def blocks(self) -> bool:
        return not self.passed and self.severity == CRITICAL


def normalise_severity(value: object) -> str:
    """GX's FailureSeverity or a plain string -> 'critical' | 'warning' (info counts as warning)."""
    text = str(getattr(value, "value", value) or CRITICAL).lower()
    return CRITICAL if text == CRITICAL else WARNING


def markdown_table(rows: list[dict[str, Any]]) -> str:
    """A small markdown table for Dagster metadata and the build's failure message."""
    if not rows:
        return ""
    columns = list(rows[0])
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in rows:
        cells = ("" if row.get(c) is None else str(row.get(c)).replace("|", "\\|") for c in columns)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
