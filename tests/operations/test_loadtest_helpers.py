"""`make loadtest`'s pure helpers: percentiles, random filters, and the one-build-per-page check.

No browser and no timing: the load test itself runs only under `make loadtest`.
"""

from __future__ import annotations

import math
import random

import pytest

from bench.loadtest.browser import PageLoad
from bench.loadtest.builds import (
    SYNTHETIC_EVENT,
    EventCounts,
    Rebuild,
    builds_served_between,
    prepare_versions,
)
from bench.loadtest.checks import (
    CHARTS_BY_PATH,
    EITHER,
    check_events_page,
    events_in_gantt,
    events_in_list,
    page_url,
    percentile,
    random_filter_params,
    targets_met,
    visited_paths,
)
from bench.loadtest.report import mark_stale_builds
from bench.streamlit_server import REPO
from dashboard.filters import FilterOptions, parse_filters
from dashboard.ui.page_setup import APP_PAGES
from loaders import build
from loaders.validation import validate_directory

OPTIONS = FilterOptions(
    2013,
    2026,
    themes={"dpi": "DPI", "ai-in-cities": "AI in cities"},
    initiatives={"u4ssc": "U4SSC", "citiverse": "GIVW"},
)


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [
        ([1, 2, 3, 4], 50, 2.5),
        ([1, 2, 3, 4], 95, 3.85),
        ([4, 1, 3, 2], 0, 1),
        ([4, 1, 3, 2], 100, 4),
        ([7.0], 95, 7.0),
    ],
)
def test_percentile_interpolates_between_the_closest_ranks_like_numpy(values, q, expected):
    assert percentile(values, q) == pytest.approx(expected)


def test_percentile_of_no_values_is_not_a_number():
    assert math.isnan(percentile([], 50))


def test_random_filters_stay_within_the_data_years_and_its_themes_and_initiatives():
    rng = random.Random(7)
    drawn = [random_filter_params(rng, OPTIONS) for _ in range(2000)]
    for params in drawn:
        if params:
            assert OPTIONS.min_year <= int(params["from"]) <= int(params["to"]) <= OPTIONS.max_year
        assert params.get("theme", "dpi") in OPTIONS.themes
        assert params.get("initiative", "u4ssc") in OPTIONS.initiatives
        _, notices = parse_filters({k: [v] for k, v in params.items()}, OPTIONS)
        assert notices == [], "the app would ignore a filter the load test chose"
    assert any(not p for p in drawn), "some viewers use no filter at all"
    assert any("theme" in p for p in drawn) and any("initiative" in p for p in drawn)
    assert len({(p.get("from"), p.get("to")) for p in drawn}) > 50


def test_half_the_events_pages_are_loaded_without_filters_so_they_show_their_build():
    rng = random.Random(3)
    unfiltered = sum(not random_filter_params(rng, OPTIONS, "events") for _ in range(2000))
    assert 900 < unfiltered < 1100


def test_the_load_visits_every_page_but_manage_and_knows_its_chart_count():
    paths = visited_paths()
    assert paths == [p.url_path for p in APP_PAGES if p.url_path != "manage"]
    assert set(paths) == set(CHARTS_BY_PATH)


def test_a_page_url_carries_its_filters():
    assert page_url("http://h:1", "", {}) == "http://h:1/"
    assert page_url("http://h:1", "events", {"from": "2020", "to": "2024"}) == (
        "http://h:1/events?from=2020&to=2024"
    )


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (
            [
                "Not on the map: 3 online events.",
                "Not on the map: 2 events whose city the source does not state.",
                "29 events",
            ],
            29,
        ),
        (["Showing the latest 500 of 1,234 events. Narrow the filters to see the others."], 1234),
        (["0 events"], 0),
        (["2 new records"], None),
    ],
)
def test_the_event_count_is_read_from_the_list(texts, expected):
    assert events_in_list(texts) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("29 events, 2013–2026; the busiest year was 2025 (9)", 29),
        ("The latest 300 of 1,234 events, 2020–2025; the busiest year was 2024 (90)", 1234),
        ("U4SSC grew from 16 to 20 UN agencies, 2017–2025", None),
        (None, None),
    ],
)
def test_the_event_count_is_read_from_the_gantt_title(title, expected):
    assert events_in_gantt(title) == expected


BUILDS = {"A": 29, "B": 30}


@pytest.mark.parametrize(
    ("list_count", "gantt_count", "no_events_note", "expected", "build", "problem"),
    [
        (29, 29, False, BUILDS, "A", None),
        (30, 30, False, BUILDS, "B", None),
        (12, 12, False, {"A": 12, "B": 12}, EITHER, None),
        (0, None, True, {"A": 0, "B": 0}, EITHER, None),
        (29, 30, False, BUILDS, None, "the list says 29 events, the Gantt 30: two builds"),
        (31, 31, False, BUILDS, None, "31 events matches neither build (A 29, B 30)"),
        (None, 29, False, BUILDS, None, "no event count under 'Every event'"),
        (29, None, False, BUILDS, None, "no event count in the Gantt title"),
    ],
)
def test_an_events_page_must_show_one_build_on_the_list_and_the_gantt_alike(
    list_count, gantt_count, no_events_note, expected, build, problem
):
    assert check_events_page(list_count, gantt_count, no_events_note, expected) == (build, problem)


def _rebuild(version: str, started: float, ended: float, ok: bool = True) -> Rebuild:
    return Rebuild(version, started, ended, ok, "")


REBUILDS = [_rebuild("B", 10, 12), _rebuild("A", 20, 22), _rebuild("B", 30, 31, ok=False)]


@pytest.mark.parametrize(
    ("start", "end", "served"),
    [
        (0, 5, {"A"}),
        (13, 19, {"B"}),
        (11, 13, {"A", "B"}),  # the first rebuild published somewhere in 10–12 s
        (15, 25, {"A", "B"}),
        (29, 40, {"A"}),  # a failed rebuild publishes nothing
    ],
)
def test_the_builds_served_during_a_page_load_include_both_sides_of_a_running_rebuild(
    start, end, served
):
    assert builds_served_between(REBUILDS, start, end) == served


def test_a_page_showing_a_build_no_longer_served_is_an_error():
    fresh = PageLoad(1, "events", {}, 13, 19, 1.0, build="B")
    stale = PageLoad(1, "events", {}, 13, 19, 1.0, build="A")
    undecided = PageLoad(1, "", {}, 13, 19, 1.0, build=EITHER)
    mark_stale_builds([fresh, stale, undecided], REBUILDS, warming_s=0)
    assert fresh.error is None and undecided.error is None
    assert stale.error == "stale build: showed A while ['B'] was served"


def test_the_build_before_a_rebuild_is_right_while_the_new_one_warms():
    warming = PageLoad(1, "events", {}, 13, 14, 1.0, build="A")  # 1 s after B was published
    stale = PageLoad(1, "events", {}, 18, 19, 1.0, build="A")  # 6 s after

    mark_stale_builds([warming, stale], REBUILDS, warming_s=5)

    assert warming.error is None
    assert stale.error == "stale build: showed A while ['B'] was served"


def test_targets_are_met_only_with_no_errors_a_fast_p95_and_memory_given_back():
    assert all(targets_met(0, 2.9, 1.0, 300, 360).values())
    assert targets_met(1, 2.9, 1.0, 300, 360) == {
        "no errors": False,
        "p95 under 3x the single-user median": True,
        "RSS back within 20% of its start": True,
    }
    assert not targets_met(0, 3.0, 1.0, 300, 300)["p95 under 3x the single-user median"]
    assert not targets_met(0, 1.0, 1.0, 300, 361)["RSS back within 20% of its start"]


def test_version_b_adds_one_valid_labelled_event_to_a_temporary_copy_only(tmp_path):
    shipped = (REPO / "data" / "events.csv").read_bytes()
    versions = prepare_versions(tmp_path)
    assert (REPO / "data" / "events.csv").read_bytes() == shipped
    assert (versions["A"] / "events.csv").read_bytes() == shipped
    added = (versions["B"] / "events.csv").read_text(encoding="utf-8").splitlines()[-1]
    assert added.startswith(SYNTHETIC_EVENT["id"] + ",") and "not a real event" in added
    assert added.endswith("," + SYNTHETIC_EVENT["source_id"])
    for directory in versions.values():
        assert validate_directory(directory)[1] == []


def test_event_counts_tell_the_two_builds_apart_only_where_the_synthetic_event_falls(tmp_path):
    versions = prepare_versions(tmp_path / "data")
    databases = {label: tmp_path / f"{label}.duckdb" for label in versions}
    for label, directory in versions.items():
        build(directory, databases[label])
    counts = EventCounts(databases)
    try:
        everything = counts({})
        assert everything["B"] == everything["A"] + 1
        before = counts({"from": str(counts.options.min_year), "to": "2024"})
        assert before["A"] == before["B"]
    finally:
        counts.close()
