"""Reading and changing test data files: byte snapshots, CSV rows and headers, workbooks."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import openpyxl

from tests.support.paths import FIXTURE_DATA


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def directory_snapshot(directory: Path) -> dict[str, str]:
    """Every file in `directory`, hidden ones included, with the SHA-256 of its bytes."""
    return {p.name: sha256(p) for p in sorted(directory.iterdir()) if p.is_file()}


def records_in(path: Path) -> int:
    """Data records in a CSV file, counted by the csv module rather than by the loaders."""
    with path.open(encoding="utf-8", newline="") as f:
        return sum(1 for row in csv.reader(f) if any(cell.strip() for cell in row)) - 1


def append_lines(path: Path, *lines: str) -> list[int]:
    """Append rows to a CSV file; return the line number each one lands on."""
    text = path.read_text(encoding="utf-8")
    if text and not text.endswith("\n"):
        text += "\n"
    first = text.count("\n") + 1
    path.write_text(text + "".join(line + "\n" for line in lines), encoding="utf-8")
    return list(range(first, first + len(lines)))


def csv_header(table: str) -> list[str]:
    """The header row of a table's fixture file, e.g. csv_header("events")."""
    return (FIXTURE_DATA / f"{table}.csv").read_text(encoding="utf-8").splitlines()[0].split(",")


def write_workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path
