"""The app's pages, the sidebar links between them, and `app.py`'s navigation in charge."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from dashboard.language import N_, Translator
from dashboard.ui.language_choice import (
    apply_direction,
    current_translator,
    language_in_links,
    language_picker,
    run_language,
)


@dataclass(frozen=True)
class AppPage:
    script: str
    title: str
    icon: str
    url_path: str  # "" for the overview at "/"


APP_PAGES = (
    AppPage("pages/overview.py", N_("Overview"), ":material/home:", ""),
    AppPage("pages/partners.py", N_("Partners"), ":material/handshake:", "partners"),
    AppPage(
        "pages/working_groups.py", N_("Working groups"), ":material/account_tree:", "working-groups"
    ),
    AppPage("pages/events.py", N_("Events"), ":material/event:", "events"),
    AppPage("pages/releases.py", N_("Releases"), ":material/library_books:", "releases"),
    AppPage("pages/present.py", N_("Present"), ":material/slideshow:", "present"),
    AppPage("pages/explore.py", N_("Explore"), ":material/query_stats:", "explore"),
    AppPage("pages/manage.py", N_("Manage"), ":material/lock:", "manage"),
)


def streamlit_pages() -> list:
    """The pages for `st.navigation`, overview first and default."""
    return [
        st.Page(
            p.script,
            title=p.title,
            icon=p.icon,
            url_path=p.url_path or None,
            default=not p.url_path,
        )
        for p in APP_PAGES
    ]


def sidebar_links(filters_in_url: dict[str, str]) -> None:
    """Links to every page that carry the filters along, drawn in the current container.

    Streamlit's own menu drops the query string on a page switch, and rewriting it afterwards
    adds a history entry of its own, so Back would land on a half-filtered copy of the page.
    """
    tr = current_translator()
    params = {**filters_in_url, **language_in_links()}
    for page in APP_PAGES:
        st.page_link(page.script, label=tr._(page.title), icon=page.icon, query_params=params)


# A chart's finding: text for screen readers only (a chart's finding before the chart), off
# screen but not hidden from them. Captions: Streamlit's faded grey is under WCAG AA contrast
# (4.5:1) on white, and so is the red of its links; these pass. A tile's title wraps: Streamlit
# would cut it with an ellipsis ("KPI pilot cities implementin…").
PAGE_CSS = """<style>
[class*="st-key-chart-finding-"] { position: absolute !important; width: 1px; height: 1px;
  overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {
  color: #55555f !important; opacity: 1 !important; }
[data-testid="stCaptionContainer"] a { color: #1a56a8 !important; }
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * { white-space: normal !important;
  overflow: visible !important; text-overflow: clip !important; }
</style>"""

PAGE_TITLE = N_("U4SSC & Citiverse programme dashboard")
PAGE_CONFIG = {
    "page_title": PAGE_TITLE,
    "page_icon": "static/favicon.png",
    "layout": "wide",
}


def use_app_navigation() -> Translator:
    """Page setup that holds even when Streamlit ran this page file without `app.py`.

    This is the one place that explains Streamlit's `pages/` folder mode; the others refer here.
    The project keeps its page scripts in a top-level `pages/` folder, beside `app.py`. On a
    process's first request Streamlit (1.67, `runtime/pages_manager.py`) sets
    `PagesManager.uses_pages_directory` from whether `<main script's folder>/pages` exists,
    and while it is set it serves the request in its old folder-based multipage mode: a
    deep-linked page (`/events`) runs on its own, without `app.py`. Only a run of
    `st.navigation` clears the flag. No config option turns the mode off
    (`client.showSidebarNavigation = false` only hides its file-name menu; our own links are
    drawn by `sidebar_links`), and renaming the folder would break the layout the project
    promises. So each page sets the page config and the sidebar itself, and the flag is cleared
    here so the next run goes through `app.py`. A rerun would be simpler but would drop the
    click that started this run.
    """
    tr, language_notice = run_language()
    st.set_page_config(**{**PAGE_CONFIG, "page_title": tr._(PAGE_TITLE)})
    PagesManager.uses_pages_directory = False
    st.html(PAGE_CSS)
    apply_direction(tr)
    if language_notice:
        st.warning(language_notice, icon="⚠️")
    with st.sidebar:
        language_picker(tr)
    return tr
