"""At scale, charts get what a chart can draw, and still only figures as reported.

The database is `bench.synthetic` at 40,000 events (4,000 reported counts in three series,
400 working groups in 40 thematic groups): enough to pass every limit, quick to build.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from bench.synthetic import generate
from dashboard.charts.bars import working_group_sunburst
from dashboard.charts.event_map import LABELLED_CITIES, LARGEST_MARKER_PX, events_map
from dashboard.filters import Filters
from dashboard.queries.counts import MAX_SERIES_POINTS, counts_over_time
from dashboard.queries.events import events_per_city
from dashboard.queries.overview import filter_options
from dashboard.queries.working_groups import TOP_THEMATIC_GROUPS, working_group_hierarchy

SERIES = ["initiative_id", "metric"]


@pytest.fixture(scope="module")
def scaled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("scaled") / "synthetic.duckdb"
    generate(path, 40_000, seed=1)
    return path


@pytest.fixture
def scaled_con(scaled: Path):
    connection = duckdb.connect(str(scaled), read_only=True)
    yield connection
    connection.close()


@pytest.fixture
def every_year(scaled_con) -> Filters:
    return Filters.everything(filter_options(scaled_con))


def test_no_series_has_more_points_than_a_chart_can_draw(scaled_con, every_year):
    counts = counts_over_time(scaled_con, every_year)
    per_series = counts.groupby(SERIES).size()
    assert len(per_series) == 3
    assert per_series.max() <= MAX_SERIES_POINTS
    # `points` is what the series has after thinning: repeated_series and reported_once read it.
    assert (counts.groupby(SERIES)["points"].max() == per_series).all()


def test_a_thinned_series_shows_only_points_the_database_reported(scaled_con, every_year):
    thinned = counts_over_time(scaled_con, every_year)
    monthly = counts_over_time(scaled_con, every_year, max_points=10**9)
    assert len(monthly) > 3 * MAX_SERIES_POINTS  # the limit did have to thin these series
    columns = [*SERIES, "as_of", "as_of_precision", "value", "low", "qualifier", "reports"]
    reported = set(monthly[columns].itertuples(index=False))
    assert set(thinned[columns].itertuples(index=False)) <= reported


def test_a_thinned_series_keeps_its_first_period_and_its_latest_figure(scaled_con, every_year):
    thinned = counts_over_time(scaled_con, every_year)
    monthly = counts_over_time(scaled_con, every_year, max_points=10**9)
    for key, series in monthly.groupby(SERIES):
        kept = thinned.set_index(SERIES).loc[key]
        # The headline tiles read the latest point: it is the latest report, as before.
        latest = series.sort_values(["as_of", "value"]).iloc[-1]
        assert (kept["as_of"].max(), kept["value"].iloc[-1]) == (
            latest["as_of"],
            latest["value"],
        )
        # One point per quarter: the first quarter with a report is still drawn.
        assert kept["as_of"].min().to_period("Q") == series["as_of"].min().to_period("Q")


def test_a_series_within_the_limit_keeps_every_monthly_point(scaled_con):
    two_years = Filters(2025, 2026)
    counts = counts_over_time(scaled_con, two_years)
    assert counts.groupby(SERIES).size().max() <= MAX_SERIES_POINTS
    unlimited = counts_over_time(scaled_con, two_years, max_points=10**9)
    assert len(counts) == len(unlimited)
    assert set(counts.itertuples(index=False)) == set(unlimited.itertuples(index=False))


def test_the_map_names_the_busiest_cities_and_keeps_every_marker_on_the_map(scaled_con, every_year):
    cities = events_per_city(scaled_con, every_year)
    assert len(cities) > LABELLED_CITIES
    trace = events_map(cities).data[0]
    named = [text for text in trace.text if text]
    assert named == cities["city"].head(LABELLED_CITIES).tolist()
    assert len(trace.lon) == len(cities)  # every city is still drawn, named on hover
    sizes = list(trace.marker.size)
    assert max(sizes) <= LARGEST_MARKER_PX
    # A busier city never gets a smaller marker.
    assert sizes == sorted(sizes, reverse=True)


def test_a_few_events_keep_markers_growing_by_six_px_an_event(con, everything):
    cities = events_per_city(con, everything)
    sizes = list(events_map(cities).data[0].marker.size)
    assert sizes == [10 + 6 * n for n in cities["events"]]


def test_the_hierarchy_names_each_initiatives_largest_groups_and_counts_every_working_group(
    scaled_con, every_year
):
    hierarchy = working_group_hierarchy(scaled_con, every_year)
    rows_per_initiative = hierarchy.groupby("initiative_id").size()
    assert rows_per_initiative.max() <= TOP_THEMATIC_GROUPS + 1  # the largest, and "Other"
    working_groups, thematic_groups = scaled_con.execute(
        "SELECT count(*), count(DISTINCT thematic_group_id) FROM working_groups"
    ).fetchone()
    assert thematic_groups > 2 * (TOP_THEMATIC_GROUPS + 1)  # the limit did have to group
    assert int(hierarchy["working_groups"].sum()) == working_groups
    assert int(hierarchy["thematic_groups"].sum()) == thematic_groups
    # The chart's finding counts the thematic groups "Other" stands for.
    title = working_group_sunburst(hierarchy, {}).layout.title.text
    assert f"{working_groups:,} working groups in {thematic_groups} thematic groups" in title
