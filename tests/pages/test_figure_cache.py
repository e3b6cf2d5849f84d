"""A chart (or a list, or a card) is built once per build, filters and variant, and every
visitor gets the one of theirs: the overview's, the partners and events pages', /present's."""

from __future__ import annotations

import pytest

import dashboard.charts.growth
import dashboard.charts.timeline
import dashboard.event_status
import dashboard.kpis
import dashboard.present.deck_page
import dashboard.ui.page_blocks
from dashboard.charts.projector_style import DARK, LIGHT
from dashboard.filters import Filters
from dashboard.queries.counts import counts_over_time, reported_figures
from dashboard.queries.overview import milestones
from tests.pages.test_pages import query
from tests.support.plotly_spec import figures, values


@pytest.fixture
def metric_charts_built(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The titles of the partners page's figures as they are built (the page imports the
    chart function at each run, so it picks up this counting wrapper)."""
    built: list[str] = []
    draw = dashboard.charts.growth.metric_chart

    def counting(counts, markers, colours, title, **options):
        built.append(title)
        return draw(counts, markers, colours, title, **options)

    monkeypatch.setattr(dashboard.charts.growth, "metric_chart", counting)
    return built


def test_a_second_visitor_with_the_same_filters_gets_the_figures_already_built(
    app, metric_charts_built
):
    first = figures(app("pages/partners.py"))
    assert len(metric_charts_built) == 3
    second = figures(app("pages/partners.py"))
    assert len(metric_charts_built) == 3  # nothing built again
    assert second == first


def test_other_filters_get_figures_of_their_own_rows(app, fixture_db, metric_charts_built):
    figures(app("pages/partners.py"))
    _, agencies, _ = figures(app("pages/partners.py", **{"from": "2022"}))
    assert len(metric_charts_built) == 6
    expected = query(fixture_db, counts_over_time, Filters(2022, 2025), ("un_agencies",))
    assert expected["value"].tolist() == [19, 20]  # not the 16 of 2017
    lines = [t for t in agencies["data"] if t.get("yaxis") != "y2"]
    assert [y for trace in lines for y in values(trace["y"])] == expected["value"].tolist()


def _counting(monkeypatch: pytest.MonkeyPatch, module, name: str) -> list[tuple]:
    """Record each call of `module.name` (its arguments) while it still does its work."""
    calls: list[tuple] = []
    real = getattr(module, name)

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counting)
    return calls


def test_the_overviews_growth_chart_is_built_once_for_every_visitor(app, monkeypatch):
    built = _counting(monkeypatch, dashboard.charts.growth, "growth_chart")
    first = figures(app())
    assert len(built) == 1
    second = figures(app())
    assert len(built) == 1  # the second visitor reuses the first one's figure
    assert second == first


def test_milestones_of_other_years_are_drawn_from_their_own_rows(app, con, monkeypatch):
    built = _counting(monkeypatch, dashboard.charts.timeline, "milestones_chart")
    figures(app(view="Milestones"))
    figures(app(view="Milestones"))
    assert len(built) == 1
    figures(app(view="Milestones", **{"from": "2022"}))
    assert len(built) == 2
    shown = built[-1][0]
    assert shown.to_dict() == milestones(con, Filters(2022, 2025)).to_dict()


PRESENT = "pages/present.py"


def test_a_slide_is_built_once_and_every_viewer_of_it_gets_the_same_chart(app, monkeypatch):
    built = _counting(monkeypatch, dashboard.present.deck_page, "build_slide")
    first = figures(app(PRESENT, slide="7"))
    second = figures(app(PRESENT, slide="7"))
    assert [number for _, number in built] == [7]
    assert second == first


def test_the_dark_slide_and_other_slides_are_not_the_cached_light_one(app, monkeypatch):
    built = _counting(monkeypatch, dashboard.present.deck_page, "build_slide")
    (light,) = figures(app(PRESENT, slide="7"))
    (dark,) = figures(app(PRESENT, slide="7", mode="dark"))
    assert [number for _, number in built] == [7]  # one slide, drawn in two themes
    assert light["layout"]["paper_bgcolor"] == LIGHT.paper
    assert dark["layout"]["paper_bgcolor"] == DARK.paper
    assert figures(app(PRESENT, slide="7")) == [light]  # the shared light one, unchanged
    assert dark["data"][0]["x"] == light["data"][0]["x"]
    (other,) = figures(app(PRESENT, slide="4"))
    assert [number for _, number in built] == [7, 4]
    assert other["layout"]["title"] != light["layout"]["title"]


def test_a_slide_of_other_years_plots_their_rows(app, con):
    figures(app(PRESENT, slide="4"))
    (later,) = figures(app(PRESENT, slide="4", **{"from": "2024"}))
    plotted = [y for trace in later["data"] for y in values(trace["y"])]
    expected = counts_over_time(con, Filters(2024, 2025), ("un_agencies",))["value"]
    assert plotted == expected.tolist()


def test_the_overviews_headline_cards_are_worded_once_for_every_visitor(app, monkeypatch):
    worded = _counting(monkeypatch, dashboard.kpis, "headline_card")
    first = [(m.label, m.value, m.delta) for m in app().metric]
    once = len(worded)
    assert once > 0
    second = [(m.label, m.value, m.delta) for m in app().metric]
    assert len(worded) == once
    assert second == first


def test_a_pages_list_is_written_once_for_every_visitor_and_per_filters(app, con, monkeypatch):
    written = _counting(monkeypatch, dashboard.ui.page_blocks, "readable_table")
    first = app("pages/partners.py").dataframe[0].value
    second = app("pages/partners.py").dataframe[0].value
    assert len(written) == 1
    assert second.equals(first)
    later = app("pages/partners.py", **{"from": "2024"}).dataframe[0].value
    assert len(written) == 2
    expected = reported_figures(con, Filters(2024, 2025))
    assert later["source_title"].tolist() == expected["source_title"].tolist()
    assert len(later) < len(first)


def test_the_events_statuses_are_worded_once_for_every_visitor(app, monkeypatch):
    worded = _counting(monkeypatch, dashboard.event_status, "with_status")
    first = app("pages/events.py").dataframe[0].value
    second = app("pages/events.py").dataframe[0].value
    assert len(worded) == 1
    assert second.equals(first)
    assert "status" in first
