"""What an editor's upload would do to one table, worked out without writing anything.

The policy for a row whose key (the table's primary key, `id` for most tables) already
exists: it replaces that record, in place; a row identical to its record (same values once
read, e.g. `yes` and `true`) is skipped as unchanged. Every other row is added at the end.
Records are never deleted by an import. The CLI's `import` stays append-only.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from loaders.build import data_files, data_fingerprint
from loaders.importer import checked_upload, csv_rows, table_spec, valid_existing_tables
from loaders.problems import DataError, Problem
from loaders.quote_checks import check_quotes, reference_texts
from loaders.table_specs import TableSpec, table_specs
from loaders.tabular_files import read_table_bytes, workbook_sheet_names
from loaders.validation import CheckedRow, CheckedTable, check_relations

UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class AddedRow:
    line: int  # in the upload (the sheet's row number for a workbook)
    cells: dict[str, str]


@dataclass(frozen=True)
class ChangedRow:
    line: int
    before: dict[str, str]  # the record as data/ holds it
    after: dict[str, str]  # the upload's row
    changed_columns: tuple[str, ...]


@dataclass(frozen=True)
class ImportPreview:
    table: str
    file_name: str
    file_sha256: str
    sheet: str | None
    columns: tuple[str, ...] = ()
    added: tuple[AddedRow, ...] = ()
    changed: tuple[ChangedRow, ...] = ()
    unchanged: int = 0
    problems: tuple[Problem, ...] = ()
    data_fingerprint: str = ""  # of data/ as this preview read it
    new_table_file: bytes = field(default=b"", repr=False)  # what "Confirm import" writes

    @property
    def token(self) -> str:
        """Names exactly what was reviewed: this file, table and sheet, over this data."""
        parts = (self.file_sha256, self.table, self.sheet or "", self.data_fingerprint)
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()

    @property
    def can_confirm(self) -> bool:
        return not self.problems and bool(self.added or self.changed)


def upload_sheets(content: bytes, file_name: str) -> list[str]:
    """The sheets to choose from when the upload is a workbook; [] for a CSV file."""
    if Path(file_name).suffix.lower() != ".xlsx":
        return []
    return workbook_sheet_names(content, file_name)


def preview_import(
    content: bytes, file_name: str, table: str, data_dir: Path, *, sheet: str | None = None
) -> ImportPreview:
    """Read and check the upload against data/, exactly as validate does; changes nothing."""
    summary: dict[str, Any] = {
        "table": table,
        "file_name": file_name,
        "file_sha256": hashlib.sha256(content).hexdigest(),
        "sheet": sheet,
    }
    try:
        spec = table_spec(table, file_name)
        raw, problems = read_table_bytes(content, file_name, sheet=sheet)
        if raw is None:
            raise DataError(problems)
        incoming, row_problems = checked_upload(spec, raw, problems)
        files = data_files(data_dir)
        tables = valid_existing_tables(data_dir)
        if data_files(data_dir) != files:
            raise DataError([Problem(str(data_dir), None, None, _CHANGED_WHILE_READING)])
    except DataError as exc:
        columns = table_specs()[table].csv_columns if table in table_specs() else ()
        return ImportPreview(**summary, columns=columns, problems=tuple(exc.problems))

    header = [h.strip() for h in raw.header]
    upload_cells = {line: dict(zip(header, cells, strict=True)) for line, cells in raw.rows}
    existing = tables[table]
    records = _records(files[table])
    by_key = {_key(spec, row): row for row in existing.rows}
    upload_keys = {_key(spec, row) for row in incoming.rows}
    added, changed, replaced = [], [], {}
    unchanged = 0
    seen: set[tuple] = set()
    for row in incoming.rows:
        key = _key(spec, row)
        if key in seen:  # a repeated key: check_relations reports it below
            continue
        seen.add(key)
        cells = {c: upload_cells[row.line][c] for c in spec.csv_columns}
        old = by_key.get(key)
        if old is None:
            added.append(AddedRow(row.line, cells))
            continue
        differing = tuple(c for c in spec.csv_columns if _differs(spec, old, row, c))
        if not differing:
            unchanged += 1
            continue
        before = dict(zip(spec.csv_columns, records[old.line][2], strict=True))
        changed.append(ChangedRow(row.line, before, cells, differing))
        replaced[old.line] = cells
    # The table as it would be: the records the upload does not touch, then every upload row.
    merged = [row for row in existing.rows if _key(spec, row) not in upload_keys] + incoming.rows
    tables[table] = CheckedTable(spec, merged)
    problems += row_problems + check_relations(tables)
    problems += check_quotes(tables, reference_texts(data_dir))
    return ImportPreview(
        **summary,
        columns=spec.csv_columns,
        added=tuple(added),
        changed=tuple(changed),
        unchanged=unchanged,
        problems=tuple(problems),
        data_fingerprint=data_fingerprint(files),
        new_table_file=_new_table_file(spec, files[table], records, replaced, added),
    )


_CHANGED_WHILE_READING = "changed while it was being read (another import?); upload the file again"


def _key(spec: TableSpec, row: CheckedRow) -> tuple:
    return tuple(row.values[c] for c in spec.primary_key)


def _differs(spec: TableSpec, old: CheckedRow, new: CheckedRow, column: str) -> bool:
    # Compared as read, so "2017-06" vs "2017-06-01" differ (their precision does) but
    # "yes" vs "true" do not.
    precision = f"{column}_precision"
    return old.values[column] != new.values[column] or (
        spec.is_precision_column(precision) and old.values[precision] != new.values[precision]
    )


def _records(content: bytes) -> dict[int, tuple[int, int, list[str]]]:
    """Each record of a data file by its first line: (first line, last line, cells).

    Lines are numbered as `tabular_files` numbers them, so a CheckedRow's line finds its record.
    """
    text = content.removeprefix(UTF8_BOM).decode("utf-8")
    lines = io.StringIO(text, newline="").readlines()
    reader = csv.reader(iter(lines), strict=True)
    records: dict[int, tuple[int, int, list[str]]] = {}
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return records
        records[start] = (start, reader.line_num, cells)


def _new_table_file(
    spec: TableSpec,
    original: bytes,
    records: dict[int, tuple[int, int, list[str]]],
    replaced: dict[int, dict[str, str]],
    added: list[AddedRow],
) -> bytes:
    """The table file with replaced records rewritten in place and new rows appended; every
    other byte is kept, so a review diff shows only what the import changed."""
    bom = UTF8_BOM if original.startswith(UTF8_BOM) else b""
    lines = io.StringIO(original[len(bom) :].decode("utf-8"), newline="").readlines()
    columns = list(spec.csv_columns)
    for first_line, cells in sorted(replaced.items(), reverse=True):
        start, end, _ = records[first_line]
        row = csv_rows(spec.csv_columns, columns, [[cells[c] for c in columns]]).decode("utf-8")
        lines[start - 1 : end] = [row]
    text = "".join(lines)
    if text and not text.endswith(("\n", "\r")):
        text += "\n"
    appended = csv_rows(spec.csv_columns, columns, [[r.cells[c] for c in columns] for r in added])
    return bom + text.encode("utf-8") + appended
