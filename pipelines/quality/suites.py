"""The guarded tables: one GX suite JSON per table in the expectations folder.

A suite's ``meta`` says what it guards and which SQL checks run beside the GX expectations:

    "meta": {"table": "marts.fct_client_margin_monthly",
             "key_columns": ["client_id", "month"],
             "sql_checks": [{"check": "client_periods_complete", "severity": "critical", ...}]}

Reading a suite needs only ``json``: Dagster definitions load without importing GX.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# schema.table, lower-case words: table names are put into SQL as identifiers, so only these pass.
_TABLE_NAME = re.compile(r"^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$")
_COLUMN_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")
_COLUMN_KWARGS = ("column", "column_A", "column_B")
_COLUMN_LIST_KWARGS = ("column_list",)


@dataclass(frozen=True)
class GuardedTable:
    table_name: str
    suite: dict[str, Any]
    path: Path

    @property
    def asset_key(self) -> list[str]:
        return list(self.suite["meta"].get("asset_key") or self.table_name.split("."))

    @property
    def key_columns(self) -> list[str]:
        return list(self.suite["meta"].get("key_columns") or [])

    @property
    def sql_checks(self) -> list[dict[str, Any]]:
        return list(self.suite["meta"].get("sql_checks") or [])

    def columns_needed(self) -> list[str]:
        """Only the columns the expectations and example rows use: what is fetched into pandas.

        ``meta.extra_columns`` adds columns that only a string ``row_condition`` names.
        """
        columns = self.key_columns + list(self.suite["meta"].get("extra_columns") or [])
        for expectation in self.suite.get("expectations", []):
            kwargs = expectation.get("kwargs", {})
            columns += [kwargs[k] for k in _COLUMN_KWARGS if k in kwargs]
            for k in _COLUMN_LIST_KWARGS:
                columns += list(kwargs.get(k) or [])
            columns += _condition_columns(kwargs.get("row_condition"))
        return [check_identifier(c, _COLUMN_NAME) for c in dict.fromkeys(columns)]


def _condition_columns(condition: Any) -> list[str]:
    """Columns a GX row condition names: {"column": {"name": "revenue"}, "operator": ">", ...},
    possibly nested in and/or conditions."""
    if isinstance(condition, list):
        return [c for part in condition for c in _condition_columns(part)]
    if not isinstance(condition, dict):
        return []
    found = []
    for key, value in condition.items():
        if key == "column" and isinstance(value, dict) and "name" in value:
            found.append(value["name"])
        else:
            found += _condition_columns(value)
    return found


def check_identifier(name: str, pattern: re.Pattern[str] = _COLUMN_NAME) -> str:
    if not isinstance(name, str) or not pattern.match(name):
        raise ValueError(f"not a plain lower-case SQL name: {name!r}")
    return name


def check_table_name(name: str) -> str:
    """A schema-qualified table name a suite gives, e.g. 'intermediate.int_monitoring_events'."""
    return check_identifier(name, _TABLE_NAME)


def quoted(name: str) -> str:
    """'marts.fct_x' -> '"marts"."fct_x"' for a name already checked by check_identifier."""
    return ".".join(f'"{part}"' for part in name.split("."))


def load_guarded_table(path: Path) -> GuardedTable:
    try:
        suite = json.loads(path.read_text(encoding="utf-8"))
        table_name = (suite.get("meta") or {}).get("table") or suite.get("name")
        check_identifier(table_name, _TABLE_NAME)
    except (ValueError, AttributeError) as error:
        raise ValueError(f"expectation suite {path} is not usable: {error}") from error
    return GuardedTable(table_name=table_name, suite=suite, path=path)


def load_guarded_tables(expectations_dir: Path) -> list[GuardedTable]:
    """Every ``*.json`` suite in the folder, sorted by file name."""
    return [load_guarded_table(p) for p in sorted(Path(expectations_dir).glob("*.json"))]


def find_guarded_table(expectations_dir: Path, table_name: str) -> GuardedTable:
    for guarded in load_guarded_tables(expectations_dir):
        if guarded.table_name == table_name:
            return guarded
    raise LookupError(f"no expectation suite for {table_name} in {expectations_dir}")
