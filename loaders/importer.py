"""Appending a CSV or XLSX file's rows to one table, only if everything stays valid.

The steps shared with the editors' import (`loaders.import_preview`) are public here: which
table, the upload's header and rows, and the existing data it is checked against.
"""

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
from loaders.import_lock import import_lock
from loaders.problems import DataError, Problem
from loaders.quote_checks import check_quotes, reference_texts
from loaders.table_specs import TableSpec, table_specs
from loaders.tabular_files import RawTable, read_table_file
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
    spec = table_spec(table, str(upload))
    raw, problems = read_table_file(upload, sheet=sheet)
    if raw is None:
        raise DataError(problems)
    incoming, row_problems = checked_upload(spec, raw, problems)
    with import_lock(data_dir, f"python -m loaders import {upload.name}"):
        tables = valid_existing_tables(data_dir)
        tables[table] = CheckedTable(spec, tables[table].rows + incoming.rows)
        problems += row_problems + check_relations(tables)
        problems += check_quotes(tables, reference_texts(data_dir))
        if problems:
            raise DataError(problems)
        _append_and_rebuild(spec, raw, tables, data_dir, db_path)
    return len(incoming.rows)


def table_spec(table: str, shown_as: str) -> TableSpec:
    specs = table_specs()
    if table not in specs:
        choices = ", ".join(specs)
        raise DataError(
            [Problem(shown_as, None, None, f"unknown table '{table}'; choose one of {choices}")]
        )
    return specs[table]


def checked_upload(
    spec: TableSpec, raw: RawTable, problems: list[Problem]
) -> tuple[CheckedTable, list[Problem]]:
    """The upload's rows, type-checked; raises if its header is not exactly the table's columns."""
    header = [h.strip() for h in raw.header]
    # An upload may order its columns freely, but must have exactly the table's columns.
    if sorted(header) != sorted(spec.csv_columns) or len(set(header)) != len(header):
        raise DataError(problems + check_header(spec, raw))
    return check_rows(spec, raw)


def valid_existing_tables(data_dir: Path) -> dict[str, CheckedTable]:
    """Every table of `data_dir`; raises if the data is already invalid: nothing is added to it."""
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
    return tables


def csv_rows(columns: tuple[str, ...], header: list[str], rows: list[list[str]]) -> bytes:
    """Rows given in `header`'s column order, written as CSV lines in the table's order."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    for cells in rows:
        values = dict(zip([h.strip() for h in header], cells, strict=True))
        writer.writerow([values[c] for c in columns])
    return out.getvalue().encode("utf-8")


def _append_and_rebuild(
    spec: TableSpec,
    raw: RawTable,
    tables: dict[str, CheckedTable],
    data_dir: Path,
    db_path: Path,
) -> None:
    target = data_dir / f"{spec.name}.csv"
    files = data_files(data_dir)
    original = files[spec.name]
    # Appending keeps every existing byte, so a review diff shows only the new lines.
    files[spec.name] = original if original.endswith(b"\n") or not original else original + b"\n"
    files[spec.name] += csv_rows(spec.csv_columns, raw.header, [cells for _, cells in raw.rows])
    staged_csv = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    staged_db = None
    try:
        staged_csv.write_bytes(files[spec.name])
        staged_db = write_temporary_database(tables, db_path, data_fingerprint(files))
        os.replace(staged_csv, target)
        try:
            publish(staged_db, db_path)
        except DataError:
            write_atomically(target, original)
            raise
    finally:
        remove_quietly(staged_csv)
        if staged_db is not None:
            remove_quietly(staged_db)


def write_atomically(target: Path, content: bytes) -> None:
    """Replace `target` with `content` in one rename, so no reader sees half a file."""
    staged = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    try:
        staged.write_bytes(content)
        os.replace(staged, target)
    finally:
        remove_quietly(staged)
