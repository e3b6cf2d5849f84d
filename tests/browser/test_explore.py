"""/explore in a real browser: a shared query opens already run, a refused one says why, and
the downloads of a filtered table hold exactly the rows on screen."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from urllib.parse import quote

import openpyxl
from playwright.sync_api import Page, expect

from tests.support.chromium import APP_IDLE, DRAW_TIMEOUT_MS


def open_explore(page: Page, app_url: str, query: str) -> None:
    page.goto(f"{app_url}/explore?{query}")
    expect(page.locator(APP_IDLE)).to_be_attached(timeout=DRAW_TIMEOUT_MS)
    expect(page.get_by_role("heading", name="Explore the data")).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)


def ids_on_screen(page: Page) -> list[str]:
    """The first column of the first table, read from the grid's accessible cells."""
    grid = page.get_by_test_id("stDataFrame").first
    expect(grid.get_by_test_id("glide-cell-0-0")).to_be_attached()
    return [cell.inner_text() for cell in grid.locator('[data-testid^="glide-cell-0-"]').all()]


def download(page: Page, label: str, folder: Path) -> Path:
    with page.expect_download() as started:
        page.get_by_role("button", name=label).click()
    path = folder / started.value.suggested_filename
    started.value.save_as(path)
    return path


def test_a_shared_query_link_opens_with_its_result(page: Page, app_url: str):
    open_explore(page, app_url, "sql=SELECT%201")
    expect(page.get_by_role("tab", name="SQL console", selected=True)).to_be_visible()
    expect(page.get_by_label("Read-only SQL (DuckDB)")).to_have_value("SELECT 1")
    expect(page.get_by_text("1 row", exact=True)).to_be_visible()
    result = page.get_by_test_id("stDataFrame").first
    expect(result.get_by_test_id("glide-cell-0-0")).to_have_text("1")


def test_a_shared_copy_statement_shows_the_refusal(page: Page, app_url: str):
    open_explore(page, app_url, "sql=" + quote("COPY events TO '/tmp/stolen.csv'"))
    expect(page.get_by_test_id("stAlertContentError")).to_contain_text("This query was not run.")
    refusal = page.get_by_text("Refused: COPY statements are not allowed", exact=False)
    expect(refusal).to_be_visible()
    assert not Path("/tmp/stolen.csv").exists()


def test_the_downloads_of_a_filtered_table_hold_the_rows_on_screen(
    page: Page, app_url: str, tmp_path: Path
):
    open_explore(page, app_url, "table=events&q=Geneva")
    expect(page.get_by_text("2 rows", exact=True)).to_be_visible()
    on_screen = ids_on_screen(page)
    assert on_screen == ["e2", "e1"]

    data = download(page, "Download CSV", tmp_path).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    header, *rows = csv.reader(io.StringIO(data[3:].decode("utf-8"), newline=""))
    assert header[:2] == ["ID", "Started"]
    assert [row[0] for row in rows] == on_screen

    book = openpyxl.load_workbook(download(page, "Download XLSX", tmp_path))
    sheet_rows = list(book["Data"].iter_rows(values_only=True))
    assert list(sheet_rows[0]) == header
    assert [row[0] for row in sheet_rows[1:]] == on_screen
    about = dict(book["About"].iter_rows(min_row=2, values_only=True))
    assert about["Table"] == "Events" and about["Search"] == "Geneva" and about["Rows"] == "2"


def test_a_timetz_result_downloads_as_xlsx_with_its_offset(
    page: Page, app_url: str, tmp_path: Path
):
    # Before: the download built nothing and the server logged a TypeError from openpyxl.
    open_explore(page, app_url, "sql=" + quote("SELECT '10:30:00+02'::TIMETZ AS t"))
    expect(page.get_by_text("1 row", exact=True)).to_be_visible()
    book = openpyxl.load_workbook(download(page, "Download XLSX", tmp_path))
    assert list(book["Data"].iter_rows(values_only=True)) == [("t",), ("10:30:00+02:00",)]
