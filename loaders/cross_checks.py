"""Rules across rows and files: keys, foreign keys, date order, schema CHECKs, status order."""

from __future__ import annotations

from datetime import date

import duckdb

from loaders.checked_rows import CheckedTable
from loaders.date_order import placed_dates
from loaders.problems import Problem
from loaders.status_history import check_status_history
from loaders.table_specs import schema_sql


def check_schema_rules(tables: dict[str, CheckedTable]) -> list[Problem]:
    """Every CHECK of schema.sql, evaluated by DuckDB itself on each row, with its line."""
    problems: list[Problem] = []
    con = duckdb.connect(":memory:")
    try:
        con.execute(schema_sql())
        for name, table in tables.items():
            if not table.spec.checks or not table.rows:
                continue
            columns = [c.name for c in table.spec.columns]
            # Same column types as the real table, without its constraints; names come from
            # schema.sql, never from a data file.
            con.execute(
                f"CREATE TEMP TABLE rows_{name} AS SELECT 0 AS row_index, * FROM {name} LIMIT 0"
            )
            con.executemany(
                f"INSERT INTO rows_{name} VALUES ({', '.join('?' * (len(columns) + 1))})",
                [[i] + [row.values[c] for c in columns] for i, row in enumerate(table.rows)],
            )
            for check_columns, expression in table.spec.checks:
                failing = con.execute(
                    f"SELECT row_index FROM rows_{name} WHERE NOT coalesce(({expression}), true) "
                    "ORDER BY row_index"
                ).fetchall()
                for (index,) in failing:
                    row = table.rows[index]
                    column = check_columns[0] if check_columns else None
                    value = row.values[column] if column else None
                    shown = f"{value.isoformat() if isinstance(value, date) else repr(value)} "
                    problems.append(
                        Problem(
                            row.path,
                            row.line,
                            column,
                            f"{shown}breaks the schema rule {expression}",
                        )
                    )
    finally:
        con.close()
    return problems


def check_relations(tables: dict[str, CheckedTable]) -> list[Problem]:
    """Duplicate keys, unique names, foreign keys, date order and schema rules, across files."""
    problems: list[Problem] = []
    keys: dict[str, set[tuple]] = {}
    for name, table in tables.items():
        spec = table.spec
        for constraint in (spec.primary_key, *spec.unique):
            first_seen: dict[tuple, str] = {}
            for row in table.rows:
                key = tuple(row.values[c] for c in constraint)
                if key in first_seen:
                    problems.append(
                        Problem(
                            row.path,
                            row.line,
                            ",".join(constraint),
                            f"duplicate {_shown(key)} (first at {first_seen[key]})",
                        )
                    )
                else:
                    first_seen[key] = f"{row.path}:{row.line}"
            if constraint == spec.primary_key:
                keys[name] = set(first_seen)
    for table in tables.values():
        for fk in table.spec.foreign_keys:
            known = keys.get(fk.table)
            if known is None:  # that file could not be read; its own problems say why
                continue
            for row in table.rows:
                key = tuple(row.values[c] for c in fk.columns)
                if None not in key and key not in known:
                    problems.append(
                        Problem(
                            row.path,
                            row.line,
                            ",".join(fk.columns),
                            f"unknown {fk.table.removesuffix('s')} "
                            f"{_shown(key)}: no such id in {fk.table}",
                        )
                    )
    # Dates are compared where the database will hold them: a year-only end ("concluded in
    # 2025") of something that started on 13 February 2025 is not before its start.
    placed = placed_dates(tables)
    for table in placed.values():
        problems.extend(_date_order_problems(table))
    # A schema rule that repeats a problem already worded above (end before start) is dropped.
    reported = {(p.path, p.line, p.column) for p in problems}
    problems += [
        p for p in check_schema_rules(placed) if (p.path, p.line, p.column) not in reported
    ]
    problems += check_status_history(tables)
    return problems


def _date_order_problems(table: CheckedTable) -> list[Problem]:
    pairs = [("started_on", "ended_on"), ("joined_on", "left_on")]
    names = {c.name for c in table.spec.columns}
    problems = []
    for start, end in pairs:
        if start in names and end in names:
            for row in table.rows:
                first, last = row.values[start], row.values[end]
                if first and last and last < first:
                    problems.append(
                        Problem(row.path, row.line, end, f"{last} is before {start} {first}")
                    )
    return problems


def _shown(key: tuple) -> str:
    return "'" + "', '".join(str(k) for k in key) + "'"
