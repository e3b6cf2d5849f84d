"""The protocol load test's pieces: its websocket viewer against the app, and its judging rules.

No timing is asserted: the figures are `make loadtest`'s.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest

from bench.loadtest.builds import EventCounts
from bench.loadtest.checks import visited_paths
from bench.loadtest.protocol import explicit_filters, judge_run, rebuild_split
from bench.streamlit_protocol import ScriptRun, run_pages
from dashboard.filters import FilterOptions
from tests.support.app_server import running_app
from tests.support.dashboard_pages import PAGES

OPTIONS = FilterOptions(2013, 2026)
FILTERS = {"from": "2019", "to": "2024"}
EXPECTED = {"A": 29, "B": 30}


@pytest.fixture(scope="module")
def app_url(fixture_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_app(fixture_db, tmp_path_factory.mktemp("protocol") / "streamlit.log") as url:
        yield url


def test_one_websocket_session_switches_through_every_page(app_url, fixture_db):
    headings = {page.path.strip("/"): page.heading for page in PAGES}
    headings |= {"present": "U4SSC and the citiverse", "explore": "Explore the data"}

    runs, hashes = run_pages(app_url, [(path, urlencode(FILTERS)) for path in visited_paths()])
    counts = EventCounts({"A": fixture_db})
    try:
        judged = {run.page: judge_run(run, counts(FILTERS)) for run in runs}
    finally:
        counts.close()
    # The events page and the overview's card show the build's own count for these filters.
    assert judged == {path: (None, "A" if path in ("", "events") else None) for path in judged}
    # After the first run, st.navigation told the viewer every page's script hash.
    assert set(visited_paths()) <= set(hashes)
    # Each run drew its own page, not the one before it.
    for run in runs:
        assert headings[run.page] in run.headings, (run.page, run.headings)


def test_an_unknown_page_is_reported_as_not_found(app_url):
    [run], _ = run_pages(app_url, [("no-such-page", "")])
    assert judge_run(run, EXPECTED)[0] == "page not found: /no-such-page"


def test_no_filter_is_sent_as_every_year_so_the_url_alone_sets_the_filters():
    assert explicit_filters({}, OPTIONS) == {"from": "2013", "to": "2026"}
    assert explicit_filters({"from": "2019", "to": "2020", "theme": "dpi"}, OPTIONS) == {
        "from": "2019",
        "to": "2020",
        "theme": "dpi",
    }


def finished(page: str, **shown) -> ScriptRun:
    return ScriptRun(page, "", seconds=0.5, status="finished", **shown)


@pytest.mark.parametrize(
    ("run", "error"),
    [
        (ScriptRun("events", "", status="timeout: not finished within 60 s"), "timeout"),
        (ScriptRun("events", "", status="compile error"), "not finished: compile error"),
        (finished("partners", exceptions=["KeyError: 'x'"]), "exception on the page"),
        (
            finished("releases", alerts=["The database x is damaged (…). Showing the previous"]),
            "database unavailable",
        ),
        (
            finished("events", texts=["29 events"], plotly_specs=[{"layout": {}}]),
            "mixed builds: no event count in the Gantt title",
        ),
        (
            finished(
                "events",
                texts=["29 events"],
                plotly_specs=[{"layout": {"title": {"text": "30 events, 2013–2026; x"}}}],
            ),
            "mixed builds: the list says 29 events, the Gantt 30",
        ),
        (finished("", metrics={"Events, 2013–2026": "31"}), "wrong build"),
    ],
)
def test_a_failed_or_inconsistent_run_is_an_error(run, error):
    assert judge_run(run, EXPECTED)[0].startswith(error)


def test_a_consistent_events_page_says_which_build_it_showed():
    run = finished(
        "events",
        texts=["30 events"],
        plotly_specs=[{"layout": {"title": {"text": "30 events, 2013–2026; by start"}}}],
    )
    assert judge_run(run, EXPECTED) == (None, "B")
    assert judge_run(finished("", metrics={"Events, 2013–2026": "29"}), EXPECTED) == (None, "A")


def test_runs_are_split_by_whether_a_rebuild_ran_meanwhile():
    columns = ["session", "page", "filters", "started_s", "ended_s", "render_s"]
    results = {
        "loads_columns": columns,
        "loads": [
            [1, "/", {}, 0.0, 1.0, 1.0],  # before the rebuild
            [1, "/", {}, 4.0, 6.0, 2.0],  # overlaps it
            [2, "/", {}, 9.0, 12.0, 3.0],  # inside it
            [2, "/", {}, 12.5, 13.0, None],  # failed: no time
            [3, "/", {}, 20.0, 20.5, 0.5],  # after it
        ],
        "rebuild_times_s": [["B", 5.0, 12.0, True]],
    }
    split = rebuild_split(results)
    assert split["during_a_rebuild"]["runs"] == 2
    assert split["during_a_rebuild"]["p50_s"] == 2.5
    assert split["between_rebuilds"]["runs"] == 2
    assert split["between_rebuilds"]["p50_s"] == 0.75
