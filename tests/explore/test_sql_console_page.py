"""The console's limits on /explore, through AppTest: each ends in a clear one-line message or
a rendered result, never Streamlit's generic error."""

from __future__ import annotations

import io

import openpyxl
import pytest

from dashboard.explore import downloads, sql_console
from dashboard.explore.console_cache import CONSOLE_RESULTS
from dashboard.explore.download_notes import console_notes
from dashboard.explore.downloads import xlsx_bytes
from dashboard.explore.explore_tabs import _console_result
from dashboard.explore.sql_console import (
    BUSY,
    MAX_SQL_CHARS,
    TOO_LONG,
    ConsoleSeats,
    run_console_query,
)


def texts(at) -> list[str]:
    return [t.value for t in at.text]


def download_buttons(at) -> dict[str, object]:
    return {b.proto.label: b.proto for b in at.get("download_button")}


def test_fifty_nested_parentheses_get_a_one_line_refusal(explore):
    at = explore(sql="SELECT " + "(" * 50 + "1" + ")" * 50)
    assert [e.value for e in at.error] == ["This query was not run."]
    assert (
        "Refused: the query nests parentheses or subqueries too deeply for the SQL checker; "
        "flatten it (a WITH clause helps)."
    ) in texts(at)


def test_a_few_nested_parentheses_still_run(explore):
    at = explore(sql="SELECT " + "(" * 10 + "1" + ")" * 10 + " AS one")
    assert at.dataframe[0].value["one"].tolist() == [1]


def test_a_hugeint_result_renders_as_exact_text(explore):
    at = explore(sql="SELECT 170141183460469231731687303715884105727::HUGEINT AS h")
    assert at.dataframe[0].value["h"].tolist() == ["170141183460469231731687303715884105727"]
    assert "1 row" in texts(at)


def test_duplicate_column_names_render_as_distinct_columns(explore):
    at = explore(sql='SELECT 1 AS n, 2 AS n, 3 AS "n (2)"')
    frame = at.dataframe[0].value
    assert frame.columns.tolist() == ["n", "n (2)", "n (2) (2)"]
    assert frame.iloc[0].tolist() == [1, 2, 3]


def test_a_busy_console_says_so_and_runs_nothing(explore, monkeypatch: pytest.MonkeyPatch):
    full = ConsoleSeats(1)
    assert full.try_take()
    monkeypatch.setattr(sql_console, "SEATS", full)
    at = explore(sql="SELECT 1 AS one")
    assert [w.value for w in at.warning] == ["The SQL console is busy; try again in a moment."]
    assert BUSY in texts(at)
    assert not any("one" in d.value.columns for d in at.dataframe)


def test_a_result_past_the_row_cap_says_which_limit_cut_it(explore):
    at = explore(sql="SELECT * FROM range(20000)")
    assert [w.value for w in at.warning] == [
        "Truncated at the console's limit of 10,000 rows: only the first 10,000 rows are "
        "shown and downloaded."
    ]
    assert len(at.dataframe[0].value) == 10_000


def test_long_text_is_shown_cut_with_a_note(explore):
    at = explore(sql="SELECT repeat('x', 25000) AS t, repeat('y', 20001) AS u")
    assert [w.value for w in at.warning] == [
        "2 cells hold more than 20,000 characters: only the first 20,000 are shown and "
        "downloaded, followed by “…”."
    ]
    assert at.dataframe[0].value["t"].tolist() == ["x" * 20_000 + "…"]


def test_an_xlsx_past_the_cell_cap_is_offered_disabled_with_the_reason(
    explore, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(downloads, "XLSX_CELL_CAP", 2)
    at = explore(sql="SELECT 1 AS a, 2 AS b, 3 AS c")
    buttons = download_buttons(at)
    assert buttons["Download XLSX"].disabled and not buttons["Download CSV"].disabled
    reason = (
        "XLSX download is limited to 2 cells and this table has 3: download the CSV, or "
        "narrow the query (fewer columns or a LIMIT)."
    )
    assert reason in texts(at) and buttons["Download XLSX"].help == reason


def test_a_timetz_result_downloads_as_xlsx_with_its_offset(console_db):
    result = run_console_query("SELECT '10:30:00+02'::TIMETZ AS t, 1 AS n", console_db)
    notes = console_notes("SELECT …", result.frame, result.truncated, "today")
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(result.frame, notes)))
    assert list(book["Data"].iter_rows(values_only=True)) == [("t", "n"), ("10:30:00+02:00", 1)]


def test_a_link_with_an_over_long_query_loads_nothing_runs_nothing_and_keeps_nothing(
    explore, monkeypatch: pytest.MonkeyPatch
):
    # A comment makes a valid query of any length: only the length can refuse it.
    monkeypatch.setattr(sql_console, "run_in_worker", lambda *a, **k: pytest.fail("ran"))
    # Longer than the console takes, shorter than the 512 Ki characters of a query string
    # Streamlit reads at all.
    at = explore(sql="SELECT 1 -- " + "x" * 100_000)
    assert [w.value for w in at.warning] == [f"The link's query was not loaded. {TOO_LONG}"]
    assert at.text_area[0].value == ""
    assert "sql" not in at.query_params
    assert len(CONSOLE_RESULTS) == 0


def test_an_over_long_query_from_the_websocket_is_refused_first_and_not_kept(
    monkeypatch: pytest.MonkeyPatch,
):
    # What a client that skips the text area's limit could send as the console's text.
    monkeypatch.setattr(sql_console, "check_sql", lambda sql: pytest.fail("parsed"))
    monkeypatch.setattr(sql_console, "run_in_worker", lambda *a, **k: pytest.fail("ran"))
    result = _console_result("SELECT 1 -- " + "x" * MAX_SQL_CHARS)
    assert (result.refused, result.error) == (True, TOO_LONG)
    assert len(CONSOLE_RESULTS) == 0


def test_the_text_area_takes_at_most_the_consoles_limit(explore):
    at = explore(sql="SELECT 1 AS one")
    assert at.text_area[0].proto.max_chars == MAX_SQL_CHARS
