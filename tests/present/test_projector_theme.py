"""The projector theme: large type and high contrast on any chart, with the data untouched."""

from __future__ import annotations

import json

import pytest

from dashboard.charts.growth import growth_chart, metric_chart
from dashboard.charts.projector_style import DARK, LIGHT, presentation_style
from dashboard.charts.timeline import milestones_chart
from dashboard.present.deck_content import SLIDE_COUNT, build_slide
from dashboard.queries.counts import counts_over_time, event_markers
from dashboard.queries.overview import milestones


def _dashboard_figures(con, filters):
    counts = counts_over_time(con, filters)
    return [
        growth_chart(counts, {}),
        metric_chart(counts, event_markers(con, filters), {}, "A title"),
        milestones_chart(milestones(con, filters), {}),
    ]


def _axes(fig):
    layout = fig.layout
    return [layout[name] for name in layout if name.startswith(("xaxis", "yaxis"))]


@pytest.mark.parametrize("dark", [False, True])
def test_titles_are_32_px_or_more_and_tick_labels_18_px_or_more_on_every_chart(
    con, everything, deck_data, dark
):
    slides = [build_slide(deck_data, n).figure for n in range(1, SLIDE_COUNT + 1)]
    for fig in [*_dashboard_figures(con, everything), *slides]:
        styled = presentation_style(fig, dark)
        if styled.layout.title.text:
            assert styled.layout.title.font.size >= 32
        for axis in _axes(styled):
            assert axis.tickfont.size >= 18
        for annotation in styled.layout.annotations:
            assert annotation.font.size >= 18
        assert styled.layout.font.size >= 18


def test_the_dark_theme_is_white_on_black_and_the_light_theme_black_on_white(con, everything):
    fig = _dashboard_figures(con, everything)[0]
    for dark, palette in ((True, DARK), (False, LIGHT)):
        styled = presentation_style(fig, dark)
        assert styled.layout.paper_bgcolor == styled.layout.plot_bgcolor == palette.paper
        assert styled.layout.font.color == styled.layout.title.font.color == palette.ink
    assert (DARK.paper, DARK.ink) == ("#000000", "#ffffff")


def test_the_style_changes_how_a_chart_looks_never_what_it_plots(deck_data):
    for number in range(1, SLIDE_COUNT + 1):
        fig = build_slide(deck_data, number).figure
        before = json.loads(fig.to_json())
        styled = json.loads(presentation_style(fig, dark=True).to_json())
        for original, restyled in zip(before["data"], styled["data"], strict=True):
            for field in ("x", "y", "lat", "lon", "values", "labels", "text"):
                assert original.get(field) == restyled.get(field)
        assert len(before.get("frames", [])) == len(styled.get("frames", []))
        assert json.loads(fig.to_json()) == before  # the chart builder's figure is untouched
