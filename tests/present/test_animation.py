"""The animated growth chart: a frame per year, each holding every report up to that year."""

from __future__ import annotations

import pandas as pd

from dashboard.charts.animation import GROWTH_METRICS, animated_growth_chart
from dashboard.charts.growth import LOWER_BOUND_MARKER
from dashboard.colours import initiative_colours
from dashboard.queries.counts import counts_over_time


def _points(traces) -> list[tuple[str, float]]:
    return sorted((str(pd.Timestamp(x).date()), y) for t in traces for x, y in zip(t.x, t.y))


def _expected(counts: pd.DataFrame) -> list[tuple[str, float]]:
    return sorted(
        (str(pd.Timestamp(x).date()), y) for x, y in zip(counts["as_of"], counts["value"])
    )


def test_there_is_one_frame_per_year_from_the_first_report_to_the_last(con, everything):
    counts = counts_over_time(con, everything, GROWTH_METRICS)
    fig = animated_growth_chart(counts, initiative_colours([]))
    years = counts["as_of"].dt.year
    assert [f.name for f in fig.frames] == [str(y) for y in range(years.min(), years.max() + 1)]


def test_each_frame_holds_every_report_dated_in_its_year_or_before(con, everything):
    counts = counts_over_time(con, everything, GROWTH_METRICS)
    fig = animated_growth_chart(counts, initiative_colours([]))
    for frame in fig.frames:
        reported = counts[counts["as_of"].dt.year <= int(frame.name)]
        assert _points(frame.data) == _expected(reported)


def test_the_figure_itself_shows_every_report_so_a_still_image_is_complete(con, everything):
    counts = counts_over_time(con, everything, GROWTH_METRICS)
    fig = animated_growth_chart(counts, initiative_colours([]))
    assert _points(fig.data) == _expected(counts)
    assert fig.layout.sliders[0].active == len(fig.frames) - 1


def test_lower_bounds_stay_open_markers_labelled_with_a_plus_in_every_frame(con, everything):
    counts = counts_over_time(con, everything, ("partners",))
    fig = animated_growth_chart(counts, initiative_colours([]))
    for frame in fig.frames:
        for trace in frame.data:
            for y, symbol, text in zip(trace.y, trace.marker.symbol, trace.text):
                lower = counts.loc[counts["value"] == y, "qualifier"].eq(">").any()
                assert (symbol == LOWER_BOUND_MARKER) == lower
                assert text.endswith("+") == lower
    assert "70+" in fig.frames[-1].data[0].text


def test_the_axes_are_fixed_so_that_a_frame_never_rescales_the_chart(con, everything):
    counts = counts_over_time(con, everything, GROWTH_METRICS)
    fig = animated_growth_chart(counts, initiative_colours([]))
    for axis in (fig.layout.xaxis, fig.layout.yaxis, fig.layout.yaxis2):
        assert axis.range is not None
    assert fig.layout.updatemenus[0].buttons[0].method == "animate"
