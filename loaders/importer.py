"""Appending a CSV or XLSX file's rows to one table, only if everything stays valid."""

from __future__ import annotations

import csv
import io
import os
import uuid
from pathlib import Path

from loaders.build import (
    data_files,
    data_fingerprint,
    publish,
    remove_quietly,
    write_temporary_database,
)
from loaders.problems import DataError, Problem
from loaders.table_specs import table_specs
from loaders.tabular_files import read_table_file
from loaders.validation import (
    CheckedTable,
    check_header,
    check_relations,
    check_rows,
    validate_directory,
)


def import_file(
    upload: Path, table: str, data_dir: Path, db_path: Path, *, sheet: str | None = None
) -> int:
    """Append `upload`'s rows to `data_dir/<table>.csv` and rebuild; returns rows added.

    All or nothing: on any problem, neither the CSV files nor the database change.
    """
    specs = table_specs()
    if table not in specs:
        raise DataError(
            [
                Problem(
                    str(upload),
                    None,
                    None,
                    f"unknown table '{table}'; choose one of {', '.join(specs)}",
                )
            ]
        )
    spec = specs[table]
    raw, problems = read_table_file(upload, sheet=sheet)
    if raw is None:
        raise DataError(problems)
    header = [h.strip() for h in raw.header]
    # An upload may order its columns freely, but must have exactly the table's columns.
    if sorted(header) != sorted(spec.csv_columns) or len(set(header)) != len(header):
        raise DataError(problems + check_header(spec, raw))
    incoming, row_problems = check_rows(spec, raw)
    tables, existing_problems = validate_directory(data_dir)
    if existing_problems:
        raise DataError(
            [
                Problem(
                    str(data_dir),
                    None,
                    None,
                    "the existing data is not valid; fix it before importing",
                ),
                *existing_problems,
            ]
        )
    tables[table] = CheckedTable(spec, tables[table].rows + incoming.rows)
    problems += row_problems + check_relations(tables)
    if problems:
        raise DataError(problems)

    target = data_dir / f"{table}.csv"
    files = data_files(data_dir)
    original = files[table]
    # Appending keeps every existing byte, so a review diff shows only the new lines.
    files[table] = original if original.endswith(b"\n") or not original else original + b"\n"
    files[table] += _csv_rows(spec.csv_columns, header, [cells for _, cells in raw.rows])
    staged_csv = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    staged_db = None
    try:
        staged_csv.write_bytes(files[table])
        staged_db = write_temporary_database(tables, db_path, data_fingerprint(files))
        os.replace(staged_csv, target)
        try:
            publish(staged_db, db_path)
        except DataError:
            _write_atomically(target, original)
            raise
    finally:
        remove_quietly(staged_csv)
        if staged_db is not None:
            remove_quietly(staged_db)
    return len(incoming.rows)


def _csv_rows(columns: tuple[str, ...], header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    for cells in rows:
        values = dict(zip(header, cells, strict=True))
        writer.writerow([values[c] for c in columns])
    return out.getvalue().encode("utf-8")


def _write_atomically(target: Path, content: bytes) -> None:
    staged = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    staged.write_bytes(content)
    os.replace(staged, target)
