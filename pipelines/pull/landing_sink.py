"""A dlt destination that writes landing files: `landing/<vendor>/<entity>_pull_<load>_<n>.json`.

Each record travels through dlt as its exact JSON text (`wrap_record`), so the landed file
holds the API's records as the API returned them: nested objects, nulls and date strings
untouched, which is what the vendor adapters read. A file is written under a temporary name
in the data folder and renamed into the landing folder when complete, so the build never
sees half a file; a load job that dlt retries after a kill rewrites the same name.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from pathlib import Path
from typing import Any

import dlt

RECORD_COLUMN = "record_json"


def wrap_record(record: dict[str, Any]) -> dict[str, str]:
    return {RECORD_COLUMN: json.dumps(record, ensure_ascii=False, separators=(",", ":"))}


def _rows(path: str) -> list[dict[str, Any]]:
    """The rows of a load job file: JSON lines, each a row or a list of rows, maybe gzipped."""
    with open(path, "rb") as f:
        head = f.read(2)
    opener = gzip.open if head == b"\x1f\x8b" else open
    rows: list[dict[str, Any]] = []
    with opener(path, "rt", encoding="utf-8") as f:  # type: ignore[operator]
        for line in f:
            if line.strip():
                value = json.loads(line)
                rows.extend(value if isinstance(value, list) else [value])
    return rows


def landing_destination(vendor_dir: Path, temp_dir: Path) -> Any:
    vendor_dir.mkdir(parents=True, exist_ok=True)
    temp_dir.mkdir(parents=True, exist_ok=True)

    @dlt.destination(
        name="landing_files", batch_size=0, loader_file_format="typed-jsonl",
        naming_convention="direct", skip_dlt_columns_and_tables=True, max_table_nesting=0,
    )  # fmt: skip
    def write_landing_file(items: str, table: dict[str, Any]) -> None:
        records = [json.loads(row[RECORD_COLUMN]) for row in _rows(items)]
        if not records:
            return
        # The load package's file name is unique and stable across retries of the same job.
        job = hashlib.sha256(os.path.basename(items).encode()).hexdigest()[:10]
        load_id = Path(items).parent.parent.name
        name = f"{table['name']}_pull_{load_id}_{job}.json"
        tmp = temp_dir / f".{name}.part"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(records, f, ensure_ascii=False)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, vendor_dir / name)

    return write_landing_file()
