"""Rows that passed their type checks, with where each came from (file and line)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from loaders.table_specs import TableSpec


@dataclass(frozen=True)
class CheckedRow:
    path: str
    line: int
    values: dict[str, Any]  # the database row, with date precisions filled in


@dataclass
class CheckedTable:
    spec: TableSpec
    rows: list[CheckedRow]
