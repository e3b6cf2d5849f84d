"""The deck as data: the curated slides, their figures from the database, footers and URLs."""

from __future__ import annotations

import pytest

from dashboard.filters import Filters
from dashboard.present.deck_content import (
    SLIDE_COUNT,
    build_deck,
    fetch_deck_data,
    footer,
    parse_slide,
    view_url,
)
from dashboard.queries.counts import counts_over_time
from dashboard.queries.releases import releases_per_year
from tests.support.plotly_spec import values


def test_the_deck_tells_the_curated_story_in_eight_slides(deck_data):
    slides = build_deck(deck_data)
    assert SLIDE_COUNT == len(slides) == 8
    assert [s.key for s in slides] == [
        "title",
        "glance",
        "partners",
        "un_agencies",
        "working_groups",
        "map",
        "releases",
        "new",
    ]
    assert [s.number for s in slides] == list(range(1, 9))
    assert all(s.figure is not None for s in slides)


@pytest.mark.parametrize(
    ("raw", "shown", "notice"),
    [
        (None, 1, None),
        ("3", 3, None),
        ("8", 8, None),
        ("99", 8, "The deck has 8 slides; showing the last one."),
        ("0", 1, "Slides are numbered from 1; showing the first slide."),
        ("abc", 1, "The slide in the link is not a number; showing the first slide."),
        ("<b>2</b>", 1, "The slide in the link is not a number; showing the first slide."),
    ],
)
def test_the_slide_in_the_url_is_shown_or_replaced_with_a_notice(raw, shown, notice):
    assert parse_slide(raw) == (shown, notice)


def test_the_growth_slides_plot_the_database_figures_for_the_filters(con, run):
    filters = Filters(2024, 2025)
    slides = build_deck(fetch_deck_data(run, filters))
    for slide, metric in ((slides[2], "partners"), (slides[3], "un_agencies")):
        expected = counts_over_time(con, filters, (metric,))["value"].tolist()
        assert sorted(y for t in slide.figure.to_dict()["data"] for y in values(t["y"])) == sorted(
            expected
        )
        assert slide.figure.frames  # the growth plays year by year


def test_the_releases_slide_counts_equal_the_database(con, deck_data, everything):
    slide = build_deck(deck_data)[6]
    plotted = sum(y for t in slide.figure.to_dict()["data"] for y in values(t["y"]))
    assert plotted == releases_per_year(con, everything)["releases"].sum()


def test_the_kpi_slide_keeps_a_lower_bound_as_70_plus(deck_data):
    cards = {card.label: card.value for card in build_deck(deck_data)[1].cards}
    assert cards["Citiverse partners"] == "70+"
    assert cards["UN agencies backing U4SSC"] == "20"


def test_slides_the_filters_leave_empty_have_an_empty_state_and_no_figure(run):
    slides = build_deck(fetch_deck_data(run, Filters(2018, 2019)))
    empty = {s.key: s.empty for s in slides if s.figure is None}
    assert set(empty) == {"partners", "un_agencies", "working_groups", "map", "releases", "new"}
    assert all(message for message in empty.values())


def test_an_initiative_filter_empties_the_other_initiatives_growth_slide(run):
    slides = build_deck(fetch_deck_data(run, Filters(2016, 2025, initiatives=("citiverse",))))
    assert slides[2].figure is not None and slides[3].figure is None


def test_every_footer_names_its_sources_the_data_date_and_the_view_url(run):
    data = fetch_deck_data(run, Filters(2024, 2025))
    for slide in build_deck(data):
        text = footer(data, slide)
        assert text.startswith(("Source: ", "Sources: "))
        assert "Data as of November 2025 (month only)" in text
        assert text.endswith(f"/present?from=2024&to=2025&slide={slide.number}")


def test_the_view_url_carries_the_filters_the_theme_and_the_slide(run, everything):
    data = fetch_deck_data(run, Filters(2024, 2025, ("dpi",), ("u4ssc",)))
    assert view_url(data, 3) == "/present?from=2024&to=2025&theme=dpi&initiative=u4ssc&slide=3"
    assert view_url(data, 5, dark=True).endswith("&mode=dark&slide=5")
    assert view_url(fetch_deck_data(run, everything), 1) == "/present?slide=1"


def test_this_year_is_the_year_of_the_latest_source_within_the_filters(run):
    assert fetch_deck_data(run, Filters(2016, 2025)).year == 2025
    assert fetch_deck_data(run, Filters(2016, 2020)).year == 2020
