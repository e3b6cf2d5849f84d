"""Downloads of exactly the rows a table shows: CSV (UTF-8 with a BOM) and XLSX with an About sheet.

Pure functions, frame in and bytes out, for any page. Every text cell a spreadsheet could read
as a formula is neutralised as OWASP advises against CSV injection: a single quote goes first.
A workbook holds at most `XLSX_CELL_CAP` cells and is written row by row (openpyxl's write-only
mode), so one click costs a bounded amount of time and memory.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from dashboard.language import ENGLISH, Translator

# A cell starting with one of these may run as a formula in Excel, LibreOffice or Sheets.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_XLSX_MAX_CHARS = 32_767  # Excel's limit for one cell
_WIDTH_MIN, _WIDTH_MAX, _WIDTH_SAMPLE = 8, 60, 500
XLSX_CELL_CAP = 1_000_000


class TooManyCells(ValueError):
    """The frame is larger than one workbook download may be; the message says what to do."""


def xlsx_refusal(frame: pd.DataFrame, tr: Translator = ENGLISH) -> str | None:
    """Why `frame` cannot be downloaded as XLSX, in one line, or None when it can."""
    cells = frame.shape[0] * frame.shape[1]
    if cells <= XLSX_CELL_CAP:
        return None
    return tr._(
        "XLSX download is limited to {cap} cells and this table has {cells}: download the CSV, "
        "or narrow the query (fewer columns or a LIMIT).",
        cap=tr.number(XLSX_CELL_CAP),
        cells=tr.number(cells),
    )


def neutralise(value: object) -> object:
    """`'=1+1` for `=1+1`: text a spreadsheet would run as a formula is kept as text."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The frame as CSV, UTF-8 with a byte-order mark so that Excel reads accents correctly."""
    safe = frame.rename(columns=lambda c: neutralise(str(c))).astype(object)
    safe = safe.map(neutralise)
    return ("\ufeff" + safe.to_csv(index=False, lineterminator="\r\n")).encode("utf-8")


def _xlsx_value(value: object) -> object:
    """A value openpyxl can write as data, never as a formula."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None if math.isnan(value) else str(value)
    if hasattr(value, "item") and not isinstance(value, str | bytes):  # numpy scalars
        value = value.item()
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, datetime | time) and value.tzinfo is not None:
        return value.isoformat()  # Excel has no time zones (nor TIMETZ): keep the offset as text
    if isinstance(value, date | time):
        return value
    if isinstance(value, timedelta | pd.Timedelta):
        return str(value)
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))[:_XLSX_MAX_CHARS]
    return neutralise(text)


def _width(header: str, values: Sequence[object]) -> float:
    longest = max([len(header)] + [len(str(v)) for v in values[:_WIDTH_SAMPLE] if v is not None])
    return float(min(max(longest + 2, _WIDTH_MIN), _WIDTH_MAX))


def xlsx_bytes(
    frame: pd.DataFrame,
    about: Sequence[tuple[str, str]],
    *,
    sheet: str | None = None,
    tr: Translator = ENGLISH,
) -> bytes:
    """The frame as a workbook: a bold, frozen header row, column widths that fit the
    contents, and a second sheet "About" with `about`'s (what, value) rows.

    Raises `TooManyCells` past `XLSX_CELL_CAP` cells (see `xlsx_refusal`).
    """
    refusal = xlsx_refusal(frame, tr)
    if refusal:
        raise TooManyCells(refusal)
    book = Workbook(write_only=True)
    data = book.create_sheet(sheet or tr.pgettext("sheet", "Data"))
    headers = [_xlsx_value(str(c)) for c in frame.columns]
    # A write-only sheet takes its widths and frozen panes before its first row.
    sample = frame.head(_WIDTH_SAMPLE)
    for index, header in enumerate(headers):
        values = [_xlsx_value(v) for v in sample.iloc[:, index]]
        data.column_dimensions[get_column_letter(index + 1)].width = _width(str(header), values)
    data.freeze_panes = "A2"
    data.append([_bold(data, header) for header in headers])
    for row in frame.itertuples(index=False, name=None):
        data.append([_xlsx_value(v) for v in row])

    sheet_about = book.create_sheet(tr.pgettext("sheet", "About"))
    sheet_about.column_dimensions["A"].width = 22
    sheet_about.column_dimensions["B"].width = 100
    sheet_about.append(
        [
            _bold(sheet_about, tr.pgettext("sheet", "About")),
            _bold(sheet_about, tr.pgettext("sheet", "Value")),
        ]
    )
    for what, value in about:
        sheet_about.append([_xlsx_value(what), _xlsx_value(value)])

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _bold(sheet: object, value: object) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = Font(bold=True)
    return cell
