"""Chart builders: what the reader sees is what the frame says, lower bounds stay bounds."""

import html
from dataclasses import replace

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.animation import GROWTH_METRICS, animated_growth_chart
from dashboard.charts.bars import releases_per_year_chart, working_group_sunburst
from dashboard.charts.event_map import events_map
from dashboard.charts.growth import (
    LOWER_BOUND_MARKER,
    _spread,
    changed_value_labels,
    growth_chart,
    metric_chart,
)
from dashboard.charts.timeline import (
    events_gantt,
    label_lanes,
    milestone_label,
    milestones_chart,
)
from dashboard.colours import initiative_colours
from dashboard.queries.counts import counts_over_time, event_markers, repeated_series
from dashboard.queries.events import event_timeline, events_per_city
from dashboard.queries.overview import milestones
from dashboard.queries.releases import releases_per_year
from dashboard.queries.working_groups import working_group_hierarchy
from tests.support.figure_checks import (
    counts_units,
    look_alike_legend_entries,
    mixed_axes,
    plain_traces,
    units_per_axis,
)

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


def test_growth_draws_each_unit_in_a_panel_of_its_own(con, everything):
    counts = repeated_series(counts_over_time(con, everything))
    figure = growth_chart(counts, COLOURS)
    per_axis = units_per_axis(plain_traces(figure), counts_units(con))
    # three units, three axes: no axis mixes agencies, cities and partners
    assert sorted(map(sorted, per_axis.values())) == [["UN agencies"], ["cities"], ["partners"]]
    # stacked on one time axis, each panel with its own scale
    assert figure.layout.xaxis3.matches is None and figure.layout.xaxis.matches == "x3"
    assert [figure.layout[f"yaxis{n}"].range[1] for n in ("", "2", "3")] == [26, 195, 91]


def test_each_growth_panel_is_titled_with_its_own_finding_and_its_unit(con, everything):
    counts = repeated_series(counts_over_time(con, everything))
    figure = growth_chart(counts, COLOURS)
    titles = [a.text for a in figure.layout.annotations if a.xref == "paper"]
    assert titles == [
        "U4SSC grew from 16 to 20 UN agencies, 2017–2025",
        "U4SSC grew from more than 100 to more than 150 cities implementing the U4SSC KPIs, "
        "2020–2022",
        "Citiverse grew from more than 60 to more than 70 partners, 2025",
    ]
    units = [figure.layout[f"yaxis{n}"].title.text for n in ("", "2", "3")]
    assert units == ["UN agencies", "Cities", "Partners"]
    assert figure.layout.title.text == "All 3 figures grew, 2017–2025"


def test_the_animated_growth_never_puts_two_units_on_one_axis(con, everything):
    counts = counts_over_time(con, everything, GROWTH_METRICS)
    figure = animated_growth_chart(counts, COLOURS)
    assert not mixed_axes(plain_traces(figure), counts_units(con))
    # each panel titled with its finding, its axis with its unit, as in the still chart
    titles = [a.text for a in figure.layout.annotations]
    assert titles[0] == "U4SSC grew from 16 to 20 UN agencies, 2017–2025"
    assert [figure.layout[f"yaxis{n}"].title.text for n in ("", "2", "3")] == [
        "UN agencies",
        "Cities",
        "Partners",
    ]
    for frame in figure.frames:
        drawn = go.Figure(data=frame.data)
        axes = [t.yaxis for t in figure.data]
        for trace, axis in zip(drawn.data, axes, strict=True):
            trace.yaxis = axis
        assert not mixed_axes(plain_traces(drawn), counts_units(con))


def test_two_metrics_of_one_initiative_in_one_unit_are_told_apart_by_their_dash():
    rows = pd.DataFrame(
        {
            "initiative_id": ["fg-mv"] * 4,
            "initiative": ["FG-MV"] * 4,
            "metric": ["working_groups", "working_groups", "task_groups", "task_groups"],
            "unit": ["groups"] * 4,
            "value": [5, 9, 10, 18],
            "qualifier": ["="] * 4,
            "as_of": pd.to_datetime(["2022-06-01", "2023-06-01", "2022-06-01", "2023-06-01"]),
            "as_of_precision": ["month"] * 4,
            "label": ["x"] * 4,
            "source_title": ["s"] * 4,
        }
    )
    figure = growth_chart(rows, COLOURS)
    assert {t.line.dash for t in figure.data} == {"solid", "dash"}
    assert (
        figure.layout.title.text
        == "FG-MV grew from 5 to 9 working groups, 2022–2023; 1 more line in this panel"
    )


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


def test_the_milestones_timeline_names_every_milestone_once_and_whole(con, everything):
    found = milestones(con, everything)
    figure = milestones_chart(found, COLOURS)
    assert len(figure.layout.annotations) == len(found)
    for annotation, (_, row) in zip(figure.layout.annotations, found.iterrows(), strict=True):
        lines = annotation.text.split("<br>")
        assert all(len(line) <= 30 and not line.endswith("…") for line in lines)
        named = row["initiative"] if row["milestone"] == "Launch" else row["name"]
        assert " ".join(lines) == html.escape(f"{row['milestone']}: {named}", quote=False)


def test_a_long_milestone_name_wraps_onto_lines_a_label_can_hold():
    assert milestone_label(
        "Agreement", "ITU–UN-Habitat Memorandum of Understanding (signed)", "U4SSC"
    ) == ["Agreement: ITU–UN-Habitat", "Memorandum of Understanding", "(signed)"]
    assert milestone_label("Launch", "Global Initiative on Virtual Worlds", "Citiverse") == [
        "Launch: Citiverse"
    ]


def test_a_wrapped_label_takes_as_many_rows_as_it_has_lines():
    placed = label_lanes([0, 50], [100, 100], right_edge=900, heights=[3, 1])
    # the second label clears all three rows of the first
    assert placed == [(0, "left"), (3, "left")]


def test_every_initiative_on_the_milestones_timeline_is_told_apart_without_hovering():
    ids = [f"initiative-{n}" for n in range(9)] + ["u4ssc", "citiverse"]
    frame = pd.DataFrame(
        {
            "milestone": ["Launch"] * len(ids),
            "initiative_id": ids,
            "initiative": [i.upper() for i in ids],
            "name": ids,
            "date": pd.date_range("2013-01-01", periods=len(ids), freq="180D"),
            "precision": ["day"] * len(ids),
            "source_title": ["s"] * len(ids),
        }
    )
    figure = milestones_chart(frame, initiative_colours(ids))
    assert len([t for t in figure.data if t.showlegend is not False]) == len(ids)
    assert look_alike_legend_entries(plain_traces(figure)) == []


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
