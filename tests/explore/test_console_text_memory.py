"""Long query texts sent through Streamlit's own protocol do not stay in the server's memory.

A browser's text area stops at its `max_chars`, but any client's websocket can send the
console's text of megabytes as the widget's value. A hundred distinct 4 MB texts, each kept
for five minutes as a cache key, would hold 400 MB. This is a real server on a real socket
(bench/streamlit_protocol.py speaks the browser's part, the address bar included), hence
`slow`.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bench.streamlit_protocol import ProtocolViewer, ScriptRun
from bench.streamlit_server import rss_bytes, streamlit_server

pytestmark = pytest.mark.slow

TEXTS = 100
TEXT_CHARS = 4 * 2**20
GROWTH_BUDGET = 60 * 2**20
SQL_LABEL = "Read-only SQL (DuckDB)"


def _text(i: int) -> str:
    # Distinct texts, each a valid query whatever its length: a comment runs to the end.
    return f"SELECT {i} AS n -- " + "x" * (TEXT_CHARS - 30)


async def _type_texts(url: str, texts: list[str]) -> list[ScriptRun]:
    """One viewer opens the console, then sends each text as the text area's value, with the
    query string the page last set, as a browser would."""
    viewer = await ProtocolViewer.connect(url)
    try:
        opened = await viewer.run("explore", "sql=SELECT%201")
        text_area = opened.widget_ids[SQL_LABEL]
        query_string = opened.query_string_set or "sql=SELECT%201"
        runs = []
        for text in texts:
            run = await viewer.run("explore", query_string, 120, widgets={text_area: text})
            query_string = (
                run.query_string_set if run.query_string_set is not None else query_string
            )
            runs.append(run)
        return runs
    finally:
        await viewer.close()


def type_texts(url: str, texts: list[str]) -> list[ScriptRun]:
    with ThreadPoolExecutor(max_workers=1) as thread:  # the test session may run a loop
        return thread.submit(asyncio.run, _type_texts(url, texts)).result()


def test_a_hundred_distinct_4_mb_query_texts_grow_the_server_by_under_60_mb(fixture_db: Path):
    with streamlit_server("app.py", {"PROGRAMME_DB": str(fixture_db)}) as (url, pid):
        # What any first runs load, and the allocator's arenas sized for 4 MB messages.
        type_texts(url, [_text(-i) for i in range(1, 11)])
        before = rss_bytes(pid)
        runs = type_texts(url, [_text(i) for i in range(TEXTS)])
        growth = rss_bytes(pid) - before
    assert [r.status for r in runs] == ["finished"] * TEXTS
    assert not [r.exceptions for r in runs if r.exceptions]
    print(
        f"\nserver memory {before / 2**20:.0f} MB, then +{growth / 2**20:.1f} MB; first run: "
        f"{runs[0].alerts} {runs[0].texts[-2:]}"
    )
    assert growth < GROWTH_BUDGET, f"+{growth / 2**20:.0f} MB after {TEXTS} texts of 4 MB"
