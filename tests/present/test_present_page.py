"""/present through AppTest: the slide, theme and filters in the URL, the buttons, the notices."""

from __future__ import annotations

from dashboard.filters import Filters
from dashboard.queries.counts import counts_over_time
from tests.support.plotly_spec import figures, values

PRESENT = "pages/present.py"


def counter(at) -> str:
    return next(t.value for t in at.text if " / " in t.value)


def footer(at) -> str:
    return next(t.value for t in at.text if "Data as of" in t.value)


def test_the_deck_opens_on_the_slide_named_in_the_url(app):
    at = app(PRESENT, slide="3")
    assert counter(at) == "3 / 8"
    assert at.title[0].value == "Citiverse partners over time"
    assert len(at.get("plotly_chart")) == 1


def test_next_and_previous_change_the_slide_and_the_url(app):
    at = app(PRESENT, slide="3")
    at.button(key="deck-next").click().run()
    assert counter(at) == "4 / 8" and at.query_params["slide"] == "4"
    at.button(key="deck-previous").click().run()
    at.button(key="deck-previous").click().run()
    assert counter(at) == "2 / 8" and at.query_params["slide"] == "2"


def test_previous_is_disabled_on_the_first_slide_and_next_on_the_last(app):
    assert app(PRESENT, slide="1").button(key="deck-previous").disabled
    assert app(PRESENT, slide="8").button(key="deck-next").disabled


def test_slide_99_shows_the_last_slide_with_a_notice(app):
    at = app(PRESENT, slide="99")
    assert counter(at) == "8 / 8" and at.query_params["slide"] == "8"
    assert [w.value for w in at.warning] == ["The deck has 8 slides; showing the last one."]


def test_a_garbage_slide_shows_the_first_slide_with_a_notice(app):
    at = app(PRESENT, slide="<script>")
    assert counter(at) == "1 / 8" and at.query_params["slide"] == "1"
    assert "not a number" in at.warning[0].value
    assert "<script>" not in at.warning[0].value


def test_the_deck_follows_the_filters_in_the_url(app, con):
    at = app(PRESENT, slide="4", **{"from": "2024", "to": "2025"})
    plotted = [y for trace in figures(at)[0]["data"] for y in values(trace["y"])]
    expected = counts_over_time(con, Filters(2024, 2025), ("un_agencies",))["value"]
    assert plotted == expected.tolist()
    assert footer(at).endswith("/present?from=2024&to=2025&slide=4")


def test_a_slide_the_filters_leave_empty_shows_a_friendly_note(app):
    at = app(PRESENT, slide="4", initiative="citiverse")
    assert not at.get("plotly_chart") and not at.exception
    assert "No UN agency figures match." in at.info[0].value


def test_theme_dark_in_the_url_selects_the_dark_projector_theme(app):
    # Opened on /present itself: the overview would first read `theme` as a themes filter.
    at = app(PRESENT)
    at.query_params.update({"slide": "3", "theme": "dark"})
    at.run()
    assert at.query_params["mode"] == "dark" and "theme" not in at.query_params
    assert not at.warning and at.toggle(key="deck-dark").value
    assert figures(at)[0]["layout"]["paper_bgcolor"] == "#000000"
    assert footer(at).endswith("/present?mode=dark&slide=3")


def test_the_dark_toggle_writes_the_theme_to_the_url(app):
    at = app(PRESENT, slide="2")
    at.toggle(key="deck-dark").set_value(True).run()
    assert at.query_params["mode"] == "dark"
    at.toggle(key="deck-dark").set_value(False).run()
    assert "mode" not in at.query_params


def test_the_deck_offers_the_powerpoint_html_png_and_svg_downloads(app):
    at = app(PRESENT, slide="3")
    labels = [button.proto.label for button in at.get("download_button")]
    assert labels == [
        "PowerPoint (.pptx)",
        "Offline HTML",
        "This chart as PNG",
        "This chart as SVG",
    ]


def test_every_dashboard_chart_has_png_and_svg_downloads(app):
    at = app("pages/releases.py")
    labels = [button.proto.label for button in at.get("download_button")]
    charts = len(at.get("plotly_chart"))
    assert charts and labels.count("PNG") == labels.count("SVG") == charts


def test_the_overview_plays_the_growth_when_asked(app):
    at = app()
    assert len(at.get("plotly_chart")) == 1
    at.toggle(key="growth_play").set_value(True).run()
    played = figures(at)[1]
    assert played["frames"] and played["layout"]["updatemenus"][0]["buttons"][0]["label"]
