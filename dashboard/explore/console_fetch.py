"""A console query's result, fetched within the console's budgets of rows, cells and bytes.

Runs inside the console's worker process (console_worker.py), so that the time limit and the
memory ceiling cover building the DataFrame too. Text longer than `CELL_CHARS` is cut, and
values a table cannot hold (HUGEINT, TIMETZ, lists, structs, blobs) become text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import duckdb
import pandas as pd

ROW_CAP = 10_000
CELL_CAP = 1_000_000
# 10 MB of cell contents (text as UTF-8 plus a 4-byte offset, 8 bytes a number or date). The
# worker holds a result about three times over (batches, DataFrame, pickled copy), and the
# server up to ten times for short text (Streamlit's Arrow copy of a 20 MB result of 1,000,000
# short strings added 219 MB): 10 MB keeps a query well within its 512 MB.
BYTE_CAP = 10 * 2**20
# Enough for the EXPLAIN plan of every example query (the longest is 16,124 characters), and
# under Excel's 32,767 a cell, so the screen and the XLSX hold the same cut text.
CELL_CHARS = 20_000
CUT_MARK = "…"
_NUMBER_BYTES = 8
_FETCH_CELLS = 50_000  # one fetchmany() at a time holds at most about this many cells
_FETCH_ROWS = 256  # and this many rows: 256 cells of 20,000 characters are 5 MB
_TEXT_OFFSET_BYTES = 4
_INT64 = range(-(2**63), 2**63)
# Types whose values Python holds in a few bytes and a table shows as they are: these columns
# skip the per-cell work, so 1,000,000 numbers cost no more than fetching them.
_FIXED_WIDTH = frozenset(
    "BOOLEAN TINYINT SMALLINT INTEGER BIGINT UTINYINT USMALLINT UINTEGER UBIGINT FLOAT DOUBLE "
    "DATE TIME TIME_NS TIMESTAMP TIMESTAMP_S TIMESTAMP_MS TIMESTAMP_NS INTERVAL".split()
) | {"TIMESTAMP WITH TIME ZONE"}


@dataclass(frozen=True)
class ConsoleResult:
    frame: pd.DataFrame = field(default_factory=pd.DataFrame)
    truncated: bool = False  # the query returned more than a budget allows: only a part is kept
    limit: str = ""  # the budget that cut the result, in words ("10,000 rows")
    cells_cut: int = 0  # cells whose text was cut to CELL_CHARS characters
    error: str | None = None  # DuckDB's message in one line, or the refusal
    refused: bool = False
    timed_out: bool = False
    out_of_memory: bool = False
    busy: bool = False  # not run: the console was already running its maximum of queries
    worker_peak_rss: int = 0  # bytes: the worker process's peak resident memory
    worker_pid: int = 0  # the process that ran the query, gone by the time this is returned


@dataclass(frozen=True)
class Budget:
    rows: int = ROW_CAP
    cells: int = CELL_CAP
    bytes: int = BYTE_CAP
    cell_chars: int = CELL_CHARS


def one_line(error: BaseException | str) -> str:
    """An error message on one line, without DuckDB's multi-line caret context."""
    return " ".join(str(error).split())[:500]


def unique_names(names: list[str]) -> list[str]:
    """`n, n` → `n, n (2)`; a later column already called `n (2)` becomes `n (2) (2)`."""
    taken: set[str] = set()
    copies: dict[str, int] = {}  # the last copy number tried for a name: 1,000 × `*` stays fast
    out = []
    for name in names:
        candidate = name
        while candidate in taken:
            copies[name] = copies.get(name, 1) + 1
            candidate = f"{name} ({copies[name]})"
        taken.add(candidate)
        out.append(candidate)
    return out


def _fixed_width(duckdb_type: object) -> bool:
    name = str(duckdb_type)
    return name in _FIXED_WIDTH or name.startswith("DECIMAL(")


def _cell(value: object, chars: int) -> tuple[object, int, bool]:
    """(what the table shows, its size in bytes, whether text was cut)."""
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value, _NUMBER_BYTES, False
    if isinstance(value, time) and value.tzinfo is not None:
        value = value.isoformat()  # TIMETZ: no table or spreadsheet type keeps the offset
    elif isinstance(value, date | datetime | time | timedelta):
        return value, _NUMBER_BYTES, False
    text = value if isinstance(value, str) else str(value)  # lists, structs, blobs, UUIDs
    cut = len(text) > chars
    if cut:
        text = text[:chars] + CUT_MARK
    return text, len(text.encode("utf-8", "surrogatepass")) + _TEXT_OFFSET_BYTES, cut


def _typed_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Decimal columns as floats; integers past 64 bits (HUGEINT, UHUGEINT) as exact text."""
    for column in [c for c in frame.columns if pd.api.types.is_object_dtype(frame[c])]:
        values = frame[column]
        present = [v for v in values if v is not None]
        if present and all(isinstance(v, Decimal) for v in present):
            frame[column] = [None if v is None else float(v) for v in values]
        elif any(isinstance(v, int) and v not in _INT64 for v in present):
            frame[column] = [None if v is None else str(v) for v in values]
    return frame


def fetch_capped(
    con: duckdb.DuckDBPyConnection, sql: str, budget: Budget = Budget()
) -> ConsoleResult:
    """Run `sql` and keep rows while every budget holds; DuckDB computes rows as they are
    fetched, so nothing past the budget (and one row to tell) is ever computed.

    Each batch becomes a small DataFrame at once (text in Arrow buffers, numbers in arrays),
    so Python's per-value objects, five to ten times the size of the data, never pile up.
    """
    con.execute(sql)
    description = con.description or []
    columns = unique_names([d[0] for d in description])
    width = max(len(columns), 1)
    flexible = [i for i, d in enumerate(description) if not _fixed_width(d[1])]
    fixed_bytes = _NUMBER_BYTES * (len(columns) - len(flexible))
    row_limit = min(budget.rows, budget.cells // width)
    chunks: list[pd.DataFrame] = []
    rows_kept = used_bytes = cells_cut = 0
    limit = ""
    while not limit:
        batch = con.fetchmany(max(1, min(_FETCH_ROWS, _FETCH_CELLS // width)))
        if not batch:
            break
        kept: list[tuple | list] = []
        for row in batch:
            if rows_kept == row_limit:
                limit = (
                    f"{budget.rows:,} rows"
                    if row_limit == budget.rows
                    else f"{budget.cells:,} cells"
                )
                break
            size, cut = fixed_bytes, 0
            if flexible:
                row = list(row)  # the row becomes what the table shows
                for i in flexible:
                    row[i], cell_bytes, cell_cut = _cell(row[i], budget.cell_chars)
                    size += cell_bytes
                    cut += cell_cut
            if used_bytes + size > budget.bytes:
                limit = f"{budget.bytes // 2**20:,} MB"
                break
            kept.append(row)
            rows_kept += 1
            used_bytes += size
            cells_cut += cut
        if kept:
            chunks.append(_records(kept, len(columns)))
        del batch, kept
    frame = pd.concat(chunks, ignore_index=True) if chunks else _records([], len(columns))
    del chunks
    frame.columns = columns
    frame = _typed_columns(frame)
    return ConsoleResult(
        frame,
        truncated=bool(limit),
        limit=limit,
        cells_cut=cells_cut,
    )


def _records(rows: list, width: int) -> pd.DataFrame:
    return pd.DataFrame.from_records(rows, columns=range(width), coerce_float=False)
