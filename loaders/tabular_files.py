"""Reading an uploaded or shipped table file (CSV or XLSX) into raw text cells, safely.

Structure only: encoding, delimiters, quoting, ragged rows, file type and size. What the cells
mean is checked by `validation`.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from loaders.problems import Problem

if TYPE_CHECKING:
    from openpyxl import Workbook

MAX_FILE_BYTES = 10 * 1024 * 1024
# A real spreadsheet of programme records is a few MB unpacked; more means a zip bomb.
MAX_XLSX_UNPACKED_BYTES = 50 * 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls and encrypted workbooks


@dataclass
class RawTable:
    """A table's header and rows as text, each row with the line (or sheet row) it came from."""

    path: str
    header: list[str]
    rows: list[tuple[int, list[str]]]


def read_table_file(
    path: Path, *, shown_as: str | None = None, sheet: str | None = None
) -> tuple[RawTable | None, list[Problem]]:
    """Read a .csv or .xlsx file, or say precisely why it cannot be read."""
    name = shown_as or str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        return None, [Problem(name, None, None, f"cannot be read: {exc.strerror}")]
    if size > MAX_FILE_BYTES:  # checked before reading, so a huge file is never loaded
        return None, [_too_large(name, size)]
    return read_table_bytes(path.read_bytes(), name, sheet=sheet, suffix=path.suffix)


def read_table_bytes(
    content: bytes, name: str, *, sheet: str | None = None, suffix: str | None = None
) -> tuple[RawTable | None, list[Problem]]:
    """Read an uploaded file's bytes; its type comes from `suffix` (default: `name`'s) and is
    then checked against the content's magic bytes."""
    if len(content) > MAX_FILE_BYTES:
        return None, [_too_large(name, len(content))]
    suffix = (Path(name).suffix if suffix is None else suffix).lower()
    if suffix == ".xlsm":
        return None, [
            Problem(
                name,
                None,
                None,
                "macro-enabled workbooks (.xlsm) are refused; save it as .xlsx or .csv",
            )
        ]
    if suffix == ".xlsx":
        if not content.startswith(ZIP_MAGIC):
            return None, [_not_a_workbook(name)]
        return _read_xlsx(content, name, sheet)
    if suffix == ".csv":
        if content.startswith((ZIP_MAGIC, OLE_MAGIC)) or b"\x00" in content[:4096]:
            return None, [
                Problem(
                    name,
                    None,
                    None,
                    "is named .csv but holds binary data "
                    "(a spreadsheet?); export it as CSV UTF-8 or upload it as .xlsx",
                )
            ]
        if (nul := content.find(b"\x00")) >= 0:
            # Past the first 4 KB a NUL is no sign of a spreadsheet, but no text CSV holds one:
            # imported, it would make data/ a binary file.
            line = content[:nul].count(b"\n") + 1
            return None, [
                Problem(
                    name,
                    line,
                    None,
                    "holds a NUL byte (0x00), which a text file never contains; "
                    "export it again as CSV UTF-8",
                )
            ]
        return _read_csv(content, name)
    return None, [
        Problem(
            name, None, None, f"unsupported file type '{suffix or '(none)'}'; use .csv or .xlsx"
        )
    ]


def workbook_sheet_names(content: bytes, name: str) -> list[str]:
    """The sheets of an .xlsx upload, so the editor can choose one; [] if it cannot be read
    (reading it then says why)."""
    if len(content) > MAX_FILE_BYTES or not content.startswith(ZIP_MAGIC):
        return []
    book, _ = _open_workbook(content, name)
    if book is None:
        return []
    try:
        return list(book.sheetnames)
    finally:
        book.close()


def _too_large(name: str, size: int) -> Problem:
    return Problem(
        name,
        None,
        None,
        f"is {size / 1e6:.1f} MB; the limit is {MAX_FILE_BYTES // (1024 * 1024)} MB",
    )


def _not_a_workbook(name: str) -> Problem:
    return Problem(
        name,
        None,
        None,
        "is not an XLSX workbook (its content does not start with the ZIP signature)",
    )


def _read_csv(content: bytes, name: str) -> tuple[RawTable | None, list[Problem]]:
    try:
        # utf-8-sig accepts the BOM that Excel's "CSV UTF-8" writes.
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        return None, [
            Problem(
                name,
                line,
                None,
                f"is not UTF-8 text (byte 0x{content[exc.start]:02X}"
                "); save it as 'CSV UTF-8' (a cp1252/Latin-1 file is refused)",
            )
        ]
    if not text.strip():
        return None, [Problem(name, None, None, "is empty; it needs at least a header row")]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    problems: list[Problem] = []
    header: list[str] | None = None
    while True:
        start = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(
                Problem(name, start, None, f"malformed CSV: {exc} (an unterminated quote?)")
            )
            break
        if not any(cell.strip() for cell in record):
            continue
        if header is None:
            header = record
            continue
        if len(record) != len(header):
            problems.append(
                Problem(
                    name,
                    start,
                    None,
                    f"row has {len(record)} fields but the header has {len(header)}",
                )
            )
            continue
        rows.append((start, record))
    if header is None:
        return None, problems or [Problem(name, None, None, "has no header row")]
    return RawTable(name, header, rows), problems


def _open_workbook(content: bytes, name: str) -> tuple[Workbook | None, list[Problem]]:
    """Open a workbook after the archive checks (macros, zip bomb); or say why not."""
    import openpyxl  # imported here: only imports need it, and it is slow to import

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            if any(info.filename.lower().endswith("vbaproject.bin") for info in archive.infolist()):
                return None, [Problem(name, None, None, "contains macros; they are refused")]
    except zipfile.BadZipFile:
        return None, [Problem(name, None, None, "is not a valid XLSX workbook (broken ZIP)")]
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        return None, [
            Problem(
                name,
                None,
                None,
                f"unpacks to {unpacked / 2**20:.0f} MB, over the "
                f"{MAX_XLSX_UNPACKED_BYTES // 2**20} MB limit (a zip bomb?)",
            )
        ]
    try:
        # openpyxl parses through defusedxml when it is installed (it is a dependency), which
        # refuses entity-expansion ("billion laughs") documents.
        return openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False), []
    except Exception as exc:  # openpyxl raises many types for a broken workbook
        return None, [
            Problem(name, None, None, f"is not a readable XLSX workbook: {_one_line(exc)}")
        ]


def _read_xlsx(
    content: bytes, name: str, sheet: str | None
) -> tuple[RawTable | None, list[Problem]]:
    book, problems = _open_workbook(content, name)
    if book is None:
        return None, problems
    try:
        names = book.sheetnames
        if sheet is None and len(names) > 1:
            return None, [
                Problem(
                    name,
                    None,
                    None,
                    f"has {len(names)} sheets ({', '.join(names)}); choose one (--sheet NAME)",
                )
            ]
        chosen = sheet or names[0]
        if chosen not in names:
            return None, [
                Problem(name, None, None, f"has no sheet '{chosen}' (it has {', '.join(names)})")
            ]
        try:
            return _sheet_rows(book[chosen], f"{name}[{chosen}]")
        except Exception as exc:  # read-only mode parses the sheet's XML only while iterating
            return None, [
                Problem(name, None, None, f"is not a readable XLSX workbook: {_one_line(exc)}")
            ]
    finally:
        book.close()


def _sheet_rows(worksheet, name: str) -> tuple[RawTable | None, list[Problem]]:
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    problems: list[Problem] = []
    for number, cells in enumerate(worksheet.iter_rows(), start=1):
        texts = []
        for cell in cells:
            if cell.data_type == "f":
                problems.append(
                    Problem(
                        name,
                        number,
                        getattr(cell, "coordinate", None),
                        f"holds a formula ({cell.value}); paste values instead",
                    )
                )
            texts.append(_cell_text(cell.value))
        if not any(t.strip() for t in texts):
            continue
        if header is None:
            header = list(texts)
            while header and not header[-1]:
                header.pop()
            continue
        extra = texts[len(header) :]
        if any(t.strip() for t in extra):
            problems.append(
                Problem(
                    name, number, None, f"row has values beyond the {len(header)} header columns"
                )
            )
            continue
        rows.append((number, (texts + [""] * len(header))[: len(header)]))
    if header is None:
        return None, [Problem(name, None, None, "is empty; it needs at least a header row")]
    return RawTable(name, header, rows), problems


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return (
            value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
