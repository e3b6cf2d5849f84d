"""Chart builders: what the reader sees is what the frame says, lower bounds stay bounds."""

from dataclasses import replace

import pandas as pd

from dashboard.charts.bars import releases_per_year_chart, working_group_sunburst
from dashboard.charts.event_map import events_map
from dashboard.charts.growth import (
    LOWER_BOUND_MARKER,
    _spread,
    changed_value_labels,
    growth_chart,
    metric_chart,
)
from dashboard.charts.timeline import events_gantt, label_lanes, milestones_chart
from dashboard.colours import initiative_colours
from dashboard.queries.counts import counts_over_time, event_markers
from dashboard.queries.events import event_timeline, events_per_city
from dashboard.queries.overview import milestones
from dashboard.queries.releases import releases_per_year
from dashboard.queries.working_groups import working_group_hierarchy

COLOURS = initiative_colours(["u4ssc", "citiverse"])


def test_a_more_than_figure_is_an_open_marker_labelled_with_a_plus(con, everything):
    counts = counts_over_time(con, replace(everything, initiatives=("citiverse",)))
    figure = growth_chart(counts, COLOURS)
    trace = figure.data[0]
    assert list(trace.marker.symbol) == [LOWER_BOUND_MARKER, LOWER_BOUND_MARKER]
    # the first figure on the line, the last in the end label beside it
    assert list(trace.text) == ["60+", ""]
    assert figure.layout.annotations[0].text == "<b>70+ partners · Citiverse</b>"
    assert "a lower bound: more than 70" in trace.hovertext[1]


def test_an_exact_figure_is_a_filled_marker(con, everything):
    counts = counts_over_time(con, everything, ("un_agencies",))
    trace = growth_chart(counts, COLOURS).data[0]
    assert set(trace.marker.symbol) == {"circle"}
    assert list(trace.y) == [16, 19, 20]


def test_growth_title_states_the_finding(con, everything):
    counts = counts_over_time(con, everything)
    title = growth_chart(counts, COLOURS).layout.title.text
    assert title == "U4SSC grew from 16 to 20 UN agencies, 2017–2025"


def test_hover_shows_the_precision_of_each_date(con, everything):
    counts = counts_over_time(con, everything, ("un_agencies",))
    hover = growth_chart(counts, COLOURS).data[0].hovertext
    assert "as of 2017 (year only)" in hover[0]
    assert "as of 19 September 2024" in hover[1]


def test_each_initiative_keeps_its_colour_across_charts(con, everything):
    counts = counts_over_time(con, everything, ("partners",))
    markers = event_markers(con, everything)
    line = metric_chart(counts, markers, COLOURS, "t").data[0]
    gantt = events_gantt(event_timeline(con, everything), COLOURS)
    citiverse_bar = next(t for t in gantt.data if t.name == "Citiverse")
    assert line.line.color == citiverse_bar.marker.color == COLOURS["citiverse"]


def test_event_markers_are_a_hover_only_strip_named_on_hover(con, everything):
    counts = counts_over_time(con, everything, ("partners",))
    figure = metric_chart(counts, event_markers(con, everything), COLOURS, "t")
    # only the events of the years the figures span (2025 here), not 2016's first meeting
    (strip,) = [t for t in figure.data if t.yaxis == "y2"]
    assert [h.split("<br>")[0] for h in strip.hovertext] == ["1st Citiverse Assembly"]
    assert not figure.layout.annotations and not figure.layout.shapes
    assert figure.layout.yaxis2.domain[1] < figure.layout.yaxis.domain[0]


def test_a_repeated_figure_is_labelled_once_and_the_last_always():
    values = pd.Series([16, 16, 17, 17])
    assert changed_value_labels(values, pd.Series(["="] * 4)) == ["16", "", "17", "17"]


def test_end_labels_of_lines_ending_close_are_spread_apart():
    assert _spread([10, 11, 50], gap=5) == [10, 15, 50]


def test_milestone_labels_take_lanes_so_that_none_overlap():
    placed = label_lanes([0, 10, 20, 500, 880], [100, 100, 100, 100, 100], right_edge=900)
    assert [lane for lane, _ in placed[:3]] == [0, 1, 2]
    assert placed[3] == (0, "left")
    # a label that would run past the right edge reads leftwards from its marker
    assert placed[4][1] == "right"


def test_the_milestones_timeline_names_every_milestone_once(con, everything):
    found = milestones(con, everything)
    figure = milestones_chart(found, COLOURS)
    assert len(figure.layout.annotations) == len(found)
    assert all(len(a.text) <= 34 for a in figure.layout.annotations)


def test_record_text_is_escaped_before_plotly_reads_it_as_html():
    frame = pd.DataFrame(
        {
            "city": ["<img src=x onerror=alert(1)>"],
            "country": ["X"],
            "latitude": [1.0],
            "longitude": [2.0],
            "events": [1],
            "event_names": ["<script>alert(1)</script>"],
        }
    )
    trace = events_map(frame).data[0]
    assert "<img" not in trace.text[0] and "&lt;img" in trace.text[0]
    assert "<script>" not in trace.hovertext[0]


def test_every_chart_builder_draws_the_fixture_rows(con, everything):
    timeline = event_timeline(con, everything)
    assert sum(len(t.x) for t in events_gantt(timeline, COLOURS).data) == len(timeline)
    cities = events_per_city(con, everything)
    assert list(events_map(cities).data[0].lon) == cities["longitude"].tolist()
    per_year = releases_per_year(con, everything)
    assert sum(sum(t.y) for t in releases_per_year_chart(per_year).data) == 4
    sunburst = working_group_sunburst(working_group_hierarchy(con, everything), COLOURS)
    assert "4 working groups in 2 thematic groups across 1 initiative" in (
        sunburst.layout.title.text
    )
    found = milestones(con, everything)
    drawn = [t for t in milestones_chart(found, COLOURS).data if t.mode == "markers"]
    assert sum(len(t.x) for t in drawn) == len(found)


def test_a_long_series_is_labelled_at_its_end_only():
    values = pd.Series(range(1, 31))
    labels = changed_value_labels(values, pd.Series(["="] * 30))
    assert labels[-1] == "30" and not any(labels[:-1])
