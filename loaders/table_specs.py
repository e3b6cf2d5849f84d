"""What each table is, read from `schema.sql` itself so the validator and the database agree."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import duckdb

SCHEMA_PATH = Path(__file__).with_name("schema.sql")
PRECISION_SUFFIX = "_precision"
# Filled by the build itself rather than from a CSV file.
DERIVED_TABLES = frozenset({"build_info"})


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    data_type: str  # DuckDB's type name: VARCHAR, DATE, BOOLEAN, BIGINT, ... or ENUM
    nullable: bool
    enum_values: tuple[str, ...] = ()


@dataclass(frozen=True)
class ForeignKey:
    columns: tuple[str, ...]
    table: str
    referenced: tuple[str, ...]


@dataclass(frozen=True)
class TableSpec:
    name: str
    columns: tuple[ColumnSpec, ...]
    primary_key: tuple[str, ...]
    unique: tuple[tuple[str, ...], ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = field(default_factory=tuple)
    checks: tuple[tuple[tuple[str, ...], str], ...] = ()  # (columns, SQL expression)

    @property
    def csv_columns(self) -> tuple[str, ...]:
        """The header a CSV file of this table must have: every column but derived precisions."""
        return tuple(c.name for c in self.columns if not self.is_precision_column(c.name))

    def column(self, name: str) -> ColumnSpec:
        return next(c for c in self.columns if c.name == name)

    def is_precision_column(self, name: str) -> bool:
        stem = name.removesuffix(PRECISION_SUFFIX)
        return name.endswith(PRECISION_SUFFIX) and any(
            c.name == stem and c.data_type == "DATE" for c in self.columns
        )


def schema_sql() -> str:
    return SCHEMA_PATH.read_text(encoding="utf-8")


@cache
def table_specs() -> dict[str, TableSpec]:
    """Every CSV-backed table, in the order `schema.sql` creates them (dependency order)."""
    con = duckdb.connect(":memory:")
    try:
        con.execute(schema_sql())
        order = _creation_order(schema_sql())
        columns: dict[str, list[ColumnSpec]] = {t: [] for t in order}
        for table, name, data_type, nullable in con.execute(
            "SELECT table_name, column_name, data_type, is_nullable FROM duckdb_columns() "
            "WHERE NOT internal ORDER BY table_name, column_index"
        ).fetchall():
            enum_values: tuple[str, ...] = ()
            if data_type.startswith("ENUM("):
                enum_values = tuple(re.findall(r"'((?:[^']|'')*)'", data_type))
                data_type = "ENUM"
            columns[table].append(ColumnSpec(name, data_type, bool(nullable), enum_values))
        keys: dict[str, tuple[str, ...]] = {}
        unique: dict[str, list[tuple[str, ...]]] = {t: [] for t in order}
        fks: dict[str, list[ForeignKey]] = {t: [] for t in order}
        checks: dict[str, list[tuple[tuple[str, ...], str]]] = {t: [] for t in order}
        for table, kind, cols, ref_table, ref_cols, expression in con.execute(
            "SELECT table_name, constraint_type, constraint_column_names, referenced_table, "
            "referenced_column_names, expression FROM duckdb_constraints()"
        ).fetchall():
            if kind == "PRIMARY KEY":
                keys[table] = tuple(cols)
            elif kind == "UNIQUE":
                unique[table].append(tuple(cols))
            elif kind == "FOREIGN KEY":
                fks[table].append(ForeignKey(tuple(cols), ref_table, tuple(ref_cols)))
            elif kind == "CHECK":
                checks[table].append((tuple(cols), expression))
    finally:
        con.close()
    return {
        t: TableSpec(
            t, tuple(columns[t]), keys.get(t, ()), tuple(unique[t]), tuple(fks[t]), tuple(checks[t])
        )
        for t in order
        if t not in DERIVED_TABLES
    }


def _creation_order(sql: str) -> list[str]:
    return re.findall(r"^CREATE TABLE (\w+)", sql, flags=re.MULTILINE)
