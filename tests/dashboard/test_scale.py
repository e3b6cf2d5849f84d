"""At scale, queries hand the charts what a chart can draw, and still only figures as reported.

The database is `bench.synthetic` at 20,000 events (2,000 reported counts in three series,
some 600 monthly points each): enough to pass every limit, quick to build.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from bench.synthetic import generate
from dashboard.filters import Filters
from dashboard.queries.counts import MAX_SERIES_POINTS, counts_over_time
from dashboard.queries.overview import filter_options

SERIES = ["initiative_id", "metric"]


@pytest.fixture(scope="module")
def scaled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("scaled") / "synthetic.duckdb"
    generate(path, 20_000, seed=1)
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
