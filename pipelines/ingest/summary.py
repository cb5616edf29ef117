"""What one ingest run did, per file and per entity, for the build's console and Dagster metadata."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field


@dataclass(frozen=True)
class FileResult:
    file_path: str  # relative to the landing dir
    source_system: str
    entity: str
    status: str  # loaded | rejected | skipped
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    message: str = ""


@dataclass(frozen=True)
class EntityTotals:
    files: int = 0
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0


@dataclass
class IngestSummary:
    files: list[FileResult] = field(default_factory=list)
    # raw tables emptied and read again from the landing files -> why (ingest/reread.py)
    reread: dict[str, str] = field(default_factory=dict)

    def _with(self, status: str) -> list[FileResult]:
        return [f for f in self.files if f.status == status]

    @property
    def loaded(self) -> list[FileResult]:
        return self._with("loaded")

    @property
    def rejected(self) -> list[FileResult]:
        return self._with("rejected")

    @property
    def skipped(self) -> list[FileResult]:
        return self._with("skipped")

    @property
    def messages(self) -> list[str]:
        return [f.message for f in self.files if f.message]

    def by_table(self) -> dict[str, EntityTotals]:
        """Totals per raw table name (`clients`, `connectwise__tickets`) over loaded files."""
        totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
        for f in self.loaded:
            t = totals[table_name(f.source_system, f.entity)]
            t[0] += 1
            t[1] += f.rows_read
            t[2] += f.rows_loaded
            t[3] += f.rows_quarantined
        return {name: EntityTotals(*t) for name, t in sorted(totals.items())}

    @property
    def rows_loaded(self) -> int:
        return sum(f.rows_loaded for f in self.files)

    @property
    def rows_quarantined(self) -> int:
        return sum(f.rows_quarantined for f in self.files)

    def format(self) -> str:
        lines = [
            f"ingest: {len(self.loaded)} file(s) loaded, {len(self.rejected)} rejected, "
            f"{len(self.skipped)} skipped (already loaded); "
            f"{self.rows_loaded} row(s) loaded, {self.rows_quarantined} quarantined"
        ]
        for name, t in self.by_table().items():
            lines.append(
                f"  raw.{name}: {t.rows_loaded} loaded, {t.rows_quarantined} quarantined"
                f" ({t.rows_read} read from {t.files} file(s))"
            )
        lines += [f"  read again from landing: raw.{t} ({why})" for t, why in self.reread.items()]
        lines += [f"  REJECTED {f.message}" for f in self.rejected]
        if self.rows_quarantined:
            lines.append("  quarantined rows and reasons: select * from raw.quarantine")
        return "\n".join(lines)

    __str__ = format


def table_name(source_system: str, entity: str) -> str:
    """Generic entities land in raw.<entity>, vendor ones in raw.<vendor>__<entity>."""
    return entity if source_system == "generic" else f"{source_system}__{entity}"
