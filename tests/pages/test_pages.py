"""Every page through AppTest: it renders, and what its charts plot equals the queries' rows."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from dashboard.filters import Filters
from dashboard.queries.counts import counts_over_time
from dashboard.queries.events import event_timeline, events_per_city
from dashboard.queries.releases import releases_per_initiative, releases_per_year
from dashboard.queries.working_groups import working_group_hierarchy
from tests.support.plotly_spec import figures, values

EVERYTHING = Filters(2016, 2025)


def query(fixture_db: Path, fn, *args):
    con = duckdb.connect(str(fixture_db), read_only=True)
    try:
        return fn(con, *args)
    finally:
        con.close()


@pytest.mark.parametrize(
    ("page", "charts"),
    [
        (None, 1),
        ("pages/partners.py", 3),
        ("pages/working_groups.py", 2),
        ("pages/events.py", 2),
        ("pages/releases.py", 2),
    ],
)
def test_every_page_renders_its_charts_without_an_exception(app, page, charts):
    at = app(page)
    assert len(at.get("plotly_chart")) == charts
    assert not at.error


def test_overview_kpi_cards_show_the_latest_reported_figures(app):
    at = app()
    cards = {m.label: m.value for m in at.metric}
    assert cards["Citiverse partners"] == "70+"
    assert cards["UN agencies backing U4SSC"] == "20"
    assert cards["Active working groups"] == "2"
    assert cards["Events, 2016–2025"] == "4"
    assert cards["Releases, 2016–2025"] == "4"
    deltas = {m.label: m.delta for m in at.metric}
    assert deltas["UN agencies backing U4SSC"] == "+1 since 19 Sep 2024"


def test_headline_captions_are_short_and_the_full_source_is_one_click_away(app):
    at = app()
    agencies = next(m for m in at.metric if m.label == "UN agencies backing U4SSC")
    assert "As of 2025 (year only)." in agencies.help
    captions = [c.value for c in at.caption]
    assert any(c.startswith("2025 · ") for c in captions), captions
    assert all(len(c) <= 80 for c in captions), captions
    assert any(e.label.startswith("Sources of the charts on this page") for e in at.expander)


def test_each_headline_figure_draws_its_own_history_as_a_sparkline(app, fixture_db):
    at = app()
    history = query(fixture_db, counts_over_time, EVERYTHING, ("un_agencies",))
    alts = [image.alt for element in at.get("image") for image in element.proto.imgs]
    assert f"UN agencies backing U4SSC: {len(history)} reports, from 16 to 20" in alts


def test_overview_growth_chart_plots_every_series_reported_twice_or_more(app, fixture_db):
    growth = figures(app())[0]
    counts = query(fixture_db, counts_over_time, EVERYTHING)
    repeated = counts[counts["points"] >= 2]
    plotted = sorted(y for trace in growth["data"] for y in values(trace["y"]))
    assert plotted == sorted(repeated["value"].tolist())
    assert growth["layout"]["showlegend"] is False
    ends = [a["text"] for a in growth["layout"]["annotations"]]
    assert "<b>70+ partners · Citiverse</b>" in ends


def test_a_series_reported_once_is_a_fact_tile_not_a_chart(app, fixture_db):
    at = app(None, to="2020")
    counts = query(fixture_db, counts_over_time, Filters(2016, 2020))
    once = counts[counts["points"] == 1]
    assert len(once)
    tiles = {m.label: m.value for m in at.metric}
    for row in once.itertuples():
        assert any(label.startswith(row.initiative) for label in tiles), (row, tiles)


def test_the_other_tabs_run_only_when_opened_and_the_url_names_them(app):
    at = app(None, view="Milestones")
    (timeline,) = figures(at)
    assert timeline["layout"]["title"]["text"].endswith("first meetings and assemblies")
    at.slider[0].set_value((2020, 2025)).run()
    # a filter change keeps the open tab in the URL
    assert dict(at.query_params) == {"view": "Milestones", "from": "2020", "to": "2025"}


def test_an_unknown_tab_in_the_url_is_ignored_with_a_notice(app):
    at = app(None, view="[x](https://evil.example)")
    assert any("Ignored `view=[x](https://evil.example)`" in w.value for w in at.warning)
    assert len(at.get("plotly_chart")) == 1


def test_every_chart_has_its_finding_as_text_and_a_link_to_its_data_table(app):
    at = app()
    finding = figures(at)[0]["layout"]["title"]["text"]
    assert any(m.value == f"Chart: {finding}" for m in at.markdown)
    assert any("[Data table](#data-growth)" in c.value for c in at.caption)
    assert any(h.value.startswith("Data: ") for h in at.subheader)


def test_partners_page_plots_partner_and_un_agency_figures(app, fixture_db):
    partners, agencies, cities = figures(app("pages/partners.py"))
    counts = query(fixture_db, counts_over_time, EVERYTHING)
    for figure, metric in (
        (partners, "partners"),
        (agencies, "un_agencies"),
        (cities, "kpi_cities"),
    ):
        expected = counts.loc[counts["metric"] == metric, "value"].tolist()
        lines = [t for t in figure["data"] if t.get("yaxis") != "y2"]
        assert [y for trace in lines for y in values(trace["y"])] == expected


def test_partners_events_are_a_hover_only_strip_under_the_axis(app):
    partners = figures(app("pages/partners.py"))[0]
    strip = [t for t in partners["data"] if t.get("yaxis") == "y2"]
    assert strip and strip[0]["hoverinfo"] == "text" and "text" not in strip[0].get("mode", "")
    assert not partners["layout"].get("shapes")
    assert not partners["layout"].get("annotations")


def test_an_empty_partners_chart_names_its_figure_in_sentence_case(app):
    at = app("pages/partners.py", **{"from": "2016", "to": "2016"})
    notes = [i.value for i in at.info]
    assert any("No figures of UN agencies backing U4SSC in the selected years." in n for n in notes)


def test_working_groups_page_holds_every_group_in_its_hierarchy(app, fixture_db):
    sunburst, per_year = figures(app("pages/working_groups.py"))
    hierarchy = query(fixture_db, working_group_hierarchy, EVERYTHING)
    leaves = [label for label in sunburst["data"][0]["labels"] if label.startswith("WG")]
    assert len(leaves) == len(hierarchy)
    assert sum(y for trace in per_year["data"] for y in values(trace["y"])) == len(hierarchy)


def test_events_page_draws_each_event_and_each_city(app, fixture_db):
    gantt, world = figures(app("pages/events.py"))
    timeline = query(fixture_db, event_timeline, EVERYTHING)
    assert sum(len(values(trace["x"])) for trace in gantt["data"]) == len(timeline)
    cities = query(fixture_db, events_per_city, EVERYTHING)
    assert values(world["data"][0]["lon"]) == cities["longitude"].tolist()


def test_releases_page_counts_equal_the_database(app, fixture_db):
    per_year, per_initiative = figures(app("pages/releases.py", **{"from": "2020"}))
    filters = Filters(2020, 2025)
    expected = query(fixture_db, releases_per_year, filters)
    assert (
        sum(y for trace in per_year["data"] for y in values(trace["y"]))
        == expected["releases"].sum()
    )
    assert values(per_initiative["data"][0]["x"]) == (
        query(fixture_db, releases_per_initiative, filters)["releases"].tolist()
    )


def test_url_filters_narrow_the_charts(app):
    at = app("pages/releases.py", **{"from": "2024", "to": "2025"})
    assert figures(at)[0]["layout"]["title"]["text"].startswith("2 releases, 2025")
    assert dict(at.query_params) == {"from": "2024", "to": "2025"}


def test_url_filters_set_the_sidebar_widgets(app):
    at = app(None, **{"from": "2024", "to": "2025"})
    assert at.slider[0].value == (2024, 2025)


def test_a_theme_in_the_url_selects_it_in_the_sidebar(app):
    at = app(None, theme="virtual-worlds,dpi")
    assert at.multiselect[0].value == ["virtual-worlds", "dpi"]
    assert {m.label: m.value for m in at.metric}["Events, 2016–2025"] == "2"


@pytest.mark.parametrize(
    ("params", "notice"),
    [
        ({"theme": "nope"}, "Ignored unknown theme `nope`."),
        ({"initiative": "x"}, "Ignored unknown initiative `x`."),
        ({"from": "1999"}, "Ignored `from=1999`: the data covers 2016–2025."),
        ({"from": "2025", "to": "2020"}, "from is after to"),
        ({"to": "<script>"}, "not a year"),
    ],
)
def test_a_bad_query_parameter_is_ignored_with_a_visible_notice(app, params, notice):
    at = app(None, **params)
    assert any(notice in w.value for w in at.warning)
    assert len(at.get("plotly_chart")) == 1


def test_filters_that_leave_nothing_show_a_friendly_empty_state(app):
    at = app("pages/releases.py", theme="ai-in-cities")
    assert not at.get("plotly_chart")
    assert any("No releases match" in i.value for i in at.info)


def test_changing_the_year_slider_writes_the_filters_to_the_url(app):
    at = app()
    at.slider[0].set_value((2024, 2025)).run()
    assert dict(at.query_params) == {"from": "2024", "to": "2025"}
    assert {m.label: m.value for m in at.metric}["Events, 2024–2025"] == "3"


def test_a_charts_data_table_shows_its_rows_when_asked_for(app, fixture_db):
    at = app()
    assert not at.dataframe  # drawn only when its toggle is on
    at.session_state["data-rows-growth"] = True
    at.run()
    counts = query(fixture_db, counts_over_time, EVERYTHING)
    (table,) = at.dataframe
    assert sorted(table.value["value"]) == sorted(counts.loc[counts["points"] >= 2, "value"])
