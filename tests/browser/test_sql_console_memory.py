"""The issue's heaviest console queries, sent to a real server as /explore?sql= links: each
ends in a clear message or a cut result, and adds at most 512 MB to the server and its workers
at their peak (issue 12, item 1: before, these took the server to 0.6-4 GB)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page, expect

from bench.streamlit_server import streamlit_server
from tests.support.chromium import APP_IDLE, DRAW_TIMEOUT_MS, open_home_once
from tests.support.process_memory import MB, measured_peak

PEAK_BUDGET = 512 * MB
HEAVY = {
    "2,048 strings of 1 MB": (
        "SELECT length(repeat('x', 1000000 + (range % 2)::INT)) AS l FROM range(2048)"
    ),
    "2,048 strings of 2 MB": (
        "SELECT length(repeat('x', 2000000 + (range % 2)::INT)) AS l FROM range(2048)"
    ),
    "one 100 MB cell": "SELECT repeat('x', 100000000 + (range % 2)::INT) FROM range(1)",
    "1,000 stars over range(10000)": "SELECT " + ", ".join(["*"] * 1000) + " FROM range(10000)",
}
# What the page says once the query has run, whichever way it ended. "Busy" is not among
# them: a query the console never ran proves nothing about its memory.
ENDED = re.compile(r"^[\d,]+ rows?$|^Stopped after|needed too much memory")
NOT_RUN = re.compile(r"^The SQL console is busy|^This query was not run")


@pytest.fixture(scope="module")
def server(fixture_db: Path, browser: Browser) -> Iterator[tuple[str, int]]:
    """A server of this module's own: the memory test needs its process id."""
    with streamlit_server("app.py", {"PROGRAMME_DB": str(fixture_db)}) as (url, pid):
        open_home_once(browser, url)
        yield url, pid


@pytest.mark.parametrize("sql", list(HEAVY.values()), ids=list(HEAVY))
def test_a_heavy_console_query_adds_at_most_512_mb_at_its_peak(
    page: Page, server: tuple[str, int], sql: str
):
    url, pid = server
    with measured_peak(pid) as peak:
        page.goto(f"{url}/explore?sql={quote(sql)}")
        expect(page.get_by_text(ENDED).or_(page.get_by_text(NOT_RUN)).first).to_be_visible(
            timeout=4 * DRAW_TIMEOUT_MS
        )
        expect(page.locator(APP_IDLE)).to_be_attached(timeout=DRAW_TIMEOUT_MS)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_text(NOT_RUN)).to_have_count(0)
    expect(page.get_by_text(ENDED).first).to_be_visible()
    assert peak.ended_worker_peak > 0, f"no worker ran the query and ended: {peak}"
    assert peak.growth <= PEAK_BUDGET, str(peak)
