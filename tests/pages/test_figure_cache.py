"""A chart is built once per build and filters, and every visitor gets the figure of theirs."""

from __future__ import annotations

import pytest

import dashboard.charts.growth
from dashboard.filters import Filters
from dashboard.queries.counts import counts_over_time
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
