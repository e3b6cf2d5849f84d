"""The six languages through AppTest: `?lang=` chooses one, links and filters keep it, an unknown
one is refused in English, and the pseudo-language shows no English left behind."""

from __future__ import annotations

import pytest

from dashboard.language import pseudo_text
from dashboard.queries.browsable_tables import TABLES
from tests.support.visible_text import english_left, visible_text

PAGES = [
    (None, {}),
    (None, {"view": "Milestones"}),
    (None, {"view": "What is new"}),
    ("pages/partners.py", {}),
    ("pages/working_groups.py", {}),
    ("pages/events.py", {}),
    ("pages/releases.py", {}),
    *(("pages/present.py", {"slide": str(n)}) for n in range(1, 9)),
    *(("pages/explore.py", {"table": spec.key}) for spec in TABLES),
    ("pages/explore.py", {"sql": "SELECT 1"}),
    ("pages/manage.py", {}),
]


@pytest.mark.parametrize(("page_script", "params"), PAGES)
def test_the_pseudo_language_leaves_no_english_on_any_page_or_view(app, page_script, params):
    at = app(page_script, lang="qps", **params)
    for toggle in at.toggle:  # the charts' data tables and the growth animation
        toggle.set_value(True)
    at.run()
    assert english_left(at) == []


def test_the_pseudo_language_reaches_the_explore_health_tab_and_the_editor_sign_in(
    app, monkeypatch
):
    at = app("pages/explore.py", lang="qps")
    at.session_state["explore_tab"] = pseudo_text("Data health")
    at.run()
    assert any("Dàtà hèàlth" in text or "Cöûnts" in text for _, text in visible_text(at))
    assert english_left(at) == []
    monkeypatch.setenv("DASHBOARD_EDITOR_PASSWORD", "secret")
    at = app("pages/manage.py", lang="qps")
    assert english_left(at) == []


def test_every_message_the_pages_asked_for_is_in_the_template():
    # Runs after the pseudo-language tests above (same module, in order): a message written
    # inside an f-string is invisible to `pybabel extract`, so it would never be translated.
    from babel.messages.pofile import read_po

    from dashboard.language import LOCALES_DIR, translator

    asked = translator("qps")._catalogue.asked
    assert len(asked) > 100
    with (LOCALES_DIR / "messages.pot").open("rb") as handle:
        template = {
            (m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in read_po(handle)
        }
    assert asked - template == set()


def test_english_is_what_the_pseudo_check_would_catch(app):
    # The check must be able to fail: the same page in English is full of unmarked prose.
    assert len(english_left(app(lang="en"))) > 10


@pytest.mark.parametrize(
    ("code", "title"),
    [
        ("fr", "Vue d’ensemble du programme"),
        ("es", "Panorama del programa"),
        ("ru", "Обзор программы"),
        ("zh", "项目概览"),
        ("ar", "نظرة عامة على البرنامج"),
    ],
)
def test_lang_in_the_url_writes_the_page_in_that_language(app, code, title):
    at = app(lang=code)
    assert [t.value for t in at.title] == [title]
    assert at.selectbox(key="language_picker").value == code


def test_an_unknown_language_gets_a_notice_in_english_and_the_english_page(app):
    at = app(lang="xx")
    assert any("Ignored `lang=xx`" in w.value for w in at.warning)
    assert [t.value for t in at.title] == ["Programme overview"]


def test_the_sidebar_links_and_a_filter_change_keep_the_language(app):
    at = app(lang="fr")
    links = at.get("page_link")
    assert len(links) == 8
    assert all(link.proto.query_string == "lang=fr" for link in links)
    assert links[1].proto.label == "Partenaires"
    themes = at.multiselect(key="filter_themes")
    themes.set_value([themes.options[0]]).run()
    assert at.query_params["lang"] == "fr"
    assert all("lang=fr" in link.proto.query_string for link in at.get("page_link"))
    assert at.title[0].value == "Vue d’ensemble du programme"


def test_without_lang_the_browsers_language_is_used_when_it_is_one_of_the_six():
    from dashboard.language import browser_language

    assert browser_language(None, "fr-CH,fr;q=0.9,en;q=0.8") == "fr"
    assert browser_language("ar-EG", "en-US") == "ar"
    assert browser_language(None, "de-DE,de;q=0.9,es;q=0.5") == "es"
    assert browser_language(None, "de-DE,ja;q=0.9") == "en"
    assert browser_language(None, None) == "en"


def test_the_picker_lists_each_language_in_its_own_script_and_sets_lang(app):
    at = app()
    picker = at.selectbox(key="language_picker")
    assert picker.options == ["العربية", "中文", "English", "Français", "Русский", "Español"]
    picker.set_value("ru").run()
    assert at.title[0].value == "Обзор программы"


def test_changing_the_language_keeps_the_open_explore_tab(app):
    at = app("pages/explore.py")
    at.session_state["explore_tab"] = "Data health"
    at.run()
    at.selectbox(key="language_picker").set_value("fr").run()
    assert not at.exception
    assert "Chiffres qui sont des bornes inférieures" in [h.value for h in at.header]


def test_a_figure_built_once_for_all_visitors_is_built_once_per_language(app):
    # Figures are shared by every visitor of a build and filters (cached_queries.built_figure):
    # a French visitor's chart must never be served to the next English one.
    from tests.support.plotly_spec import figures

    french = [f["layout"]["title"]["text"] for f in figures(app("pages/events.py", lang="fr"))]
    english = [f["layout"]["title"]["text"] for f in figures(app("pages/events.py", lang="en"))]
    assert french and english
    assert all("événement" in title or "Événements" in title for title in french)
    assert all("event" in title.lower() for title in english)
