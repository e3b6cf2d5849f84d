"""The PowerPoint export: python-pptx reopens it, and its native charts hold the database's data."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE

from dashboard.filters import Filters
from dashboard.present.deck_content import build_deck, fetch_deck_data
from dashboard.present.export_pptx import deck_pptx, working_groups_per_thematic_group
from dashboard.queries.counts import counts_over_time
from dashboard.queries.releases import releases_per_year
from dashboard.queries.working_groups import working_group_hierarchy

FILTERS = Filters(2020, 2025)


@pytest.fixture(scope="module")
def pptx_bytes(fixture_db) -> bytes:
    import duckdb

    con = duckdb.connect(str(fixture_db), read_only=True)
    try:
        data = fetch_deck_data(lambda query, *args: query(con, *args), FILTERS)
    finally:
        con.close()
    return deck_pptx(data, build_deck(data))


@pytest.fixture(scope="module")
def deck(pptx_bytes):
    return Presentation(io.BytesIO(pptx_bytes))


def _chart(slide):
    return next(shape.chart for shape in slide.shapes if shape.has_chart)


def _texts(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


def test_python_pptx_reopens_the_file_with_a_title_slide_and_every_deck_slide(deck):
    assert len(deck.slides) == 8
    title = " ".join(_texts(deck.slides[0]))
    assert "U4SSC and the citiverse" in title
    assert "Years 2020–2025 · all themes" in title and "Initiatives: all" in title


def test_the_growth_charts_are_native_and_plot_the_database_figures(deck, con):
    for index, metric in ((2, "partners"), (3, "un_agencies")):
        chart = _chart(deck.slides[index])
        assert chart.chart_type == XL_CHART_TYPE.XY_SCATTER_LINES
        counts = counts_over_time(con, FILTERS, (metric,))
        for series in chart.plots[0].series:
            expected = counts.loc[counts["initiative"] == series.name, "value"].tolist()
            assert list(series.values) == expected


def test_a_lower_bound_is_an_open_marker_labelled_with_a_plus(deck):
    citiverse = _chart(deck.slides[2]).plots[0].series[0]
    labels = [point.data_label.text_frame.text for point in citiverse.points]
    assert labels == ["60+", "70+"]
    fills = [point.marker.format.fill.type for point in citiverse.points]
    assert all(fill == 5 for fill in fills)  # MSO_FILL.BACKGROUND: no fill, an open circle


def test_the_releases_chart_counts_each_kind_per_year_like_the_database(deck, con):
    chart = _chart(deck.slides[6])
    assert chart.chart_type == XL_CHART_TYPE.COLUMN_STACKED
    expected = releases_per_year(con, FILTERS)
    years = [int(c) for c in chart.plots[0].categories]
    for series in chart.plots[0].series:
        per_year = expected[expected["kind"] == series.name].set_index("year")["releases"]
        assert list(series.values) == [float(per_year.get(y, 0)) for y in years]


def test_the_working_groups_become_a_bar_chart_per_thematic_group(deck, con):
    chart = _chart(deck.slides[4])
    assert chart.chart_type == XL_CHART_TYPE.BAR_STACKED
    hierarchy = working_group_hierarchy(con, FILTERS)
    expected = working_groups_per_thematic_group(hierarchy)
    plotted = {
        (series.name, group): value
        for series in chart.plots[0].series
        for group, value in zip(chart.plots[0].categories, series.values, strict=True)
        if value
    }
    assert plotted == {(row.initiative, row.thematic_group): row.n for row in expected.itertuples()}
    total = hierarchy["working_groups"].sum() if "working_groups" in hierarchy else len(hierarchy)
    assert sum(plotted.values()) == total


def test_the_map_is_a_picture_because_powerpoint_has_no_map_chart(deck):
    shapes = list(deck.slides[5].shapes)
    assert any(shape.shape_type == MSO_SHAPE_TYPE.PICTURE for shape in shapes)
    assert not any(shape.has_chart for shape in shapes)


def test_the_kpis_and_what_is_new_are_native_text_and_a_native_table(deck, con):
    assert any(text.split("\n")[1] == "70+" for text in _texts(deck.slides[1])[1:-1])
    table = next(shape.table for shape in deck.slides[7].shapes if shape.has_table)
    assert [cell.text for cell in table.rows[0].cells] == ["Date", "What", "Name"]
    assert len(table.rows) > 1


def test_every_slide_has_its_title_a_source_and_the_view_url_in_its_footer(deck):
    for number, slide in enumerate(deck.slides, start=1):
        footer = _texts(slide)[-1]
        assert footer.startswith(("Source: ", "Sources: "))
        assert "Data as of November 2025" in footer
        assert footer.endswith(f"/present?from=2020&to=2025&slide={number}")
        if number > 1:
            assert _texts(slide)[0].startswith(f"{number}. ")


def test_the_same_data_and_filters_give_the_same_charts(pptx_bytes, fixture_db):
    import duckdb

    con = duckdb.connect(str(fixture_db), read_only=True)
    try:
        data = fetch_deck_data(lambda query, *args: query(con, *args), FILTERS)
    finally:
        con.close()
    again = Presentation(io.BytesIO(deck_pptx(data, build_deck(data))))
    first = Presentation(io.BytesIO(pptx_bytes))
    for one, two in zip(first.slides, again.slides, strict=True):
        charts = [(s.chart.part.blob for s in slide.shapes if s.has_chart) for slide in (one, two)]
        assert list(charts[0]) == list(charts[1])
    assert first.core_properties.modified == pd.Timestamp("2025-11-01").to_pydatetime()
