"""The sidebar's global filters, kept in step with the URL's query parameters."""

from __future__ import annotations

import streamlit as st

from dashboard.cached_queries import run_query, serve_database
from dashboard.database_file import DatabaseUnavailable
from dashboard.filters import FILTER_PARAMS, FilterOptions, Filters, parse_filters, to_query_params
from dashboard.markdown_literal import markdown_literal
from dashboard.queries.overview import filter_options
from dashboard.ui.language_choice import current_translator
from dashboard.ui.page_blocks import start_page_run
from dashboard.ui.page_setup import sidebar_links, use_app_navigation

_YEARS, _THEMES, _INITIATIVES = "filter_years", "filter_themes", "filter_initiatives"
_PARAMS = "_filter_params"
# The open tab of a page with tabs, kept in the URL beside the filters.
VIEW_PARAM = "view"


def _filters_in_url(options: FilterOptions) -> tuple[Filters, list[str]]:
    params = {name: st.query_params.get_all(name) for name in FILTER_PARAMS}
    from_url, notices = parse_filters(params, options, current_translator())
    if not any(params.values()) and "filters" in st.session_state:
        # Switching pages drops the query string; the session still knows the filters.
        from_url = st.session_state["filters"]
    return from_url, notices


def _write_to_url(filters: Filters, options: FilterOptions) -> None:
    wanted = to_query_params(filters, options)
    current = {name: st.query_params.get_all(name) for name in st.query_params}
    others = {name: values for name, values in current.items() if name not in FILTER_PARAMS}
    # One write, and only on a change: each write is a browser history entry.
    if {name: current.get(name) for name in FILTER_PARAMS if name in current} != {
        name: [value] for name, value in wanted.items()
    }:
        st.query_params.from_dict({**others, **wanted})
    st.session_state["filters"] = st.session_state["_filters_in_url"] = filters
    st.session_state[_PARAMS] = wanted


def _sidebar_filters(options: FilterOptions) -> Filters:
    """Draw the filters, apply the URL's, and write the chosen ones back to the URL."""
    state = st.session_state
    tr = current_translator()
    from_url, notices = _filters_in_url(options)
    url_changed = state.get("_filters_in_url") != from_url
    for key, value in (
        (_YEARS, (from_url.year_from, from_url.year_to)),
        (_THEMES, list(from_url.themes)),
        (_INITIATIVES, list(from_url.initiatives)),
    ):
        # Follow the URL when it changed outside the widgets (a new link, the back button).
        # Otherwise re-assign the widget's own value: a page switch creates new widgets,
        # which only keep a value that was assigned, not one a widget left behind.
        state[key] = value if url_changed or key not in state else state[key]
    with st.sidebar:
        st.header(tr._("Filters"))
        year_from, year_to = st.slider(
            tr._("Years"), options.min_year, max(options.max_year, options.min_year + 1), key=_YEARS
        )
        themes = st.multiselect(
            tr._("Themes"),
            list(options.themes),
            key=_THEMES,
            format_func=lambda t: options.themes.get(t, t),
            placeholder=tr._("All themes"),
        )
        initiatives = st.multiselect(
            tr._("Initiatives"),
            list(options.initiatives),
            key=_INITIATIVES,
            format_func=lambda i: options.initiatives.get(i, i),
            placeholder=tr._("All initiatives"),
        )
        for notice in notices:
            st.warning(notice, icon="⚠️")
    filters = Filters(year_from, year_to, tuple(themes), tuple(initiatives))
    _write_to_url(filters, options)
    return filters


def page_filters(*, sidebar: bool = True) -> Filters:
    """What every page calls first: the sidebar's filters, or a clear stop if there is no data.

    Pages draw the sidebar themselves rather than relying on `app.py` having run first, since
    Streamlit may run a page file on its own (see `page_setup.use_app_navigation`). With
    `sidebar=False` (the slide deck) the filters come from the URL alone and no widget is drawn.
    """
    tr = use_app_navigation()
    try:
        served = serve_database()
        options = run_query(filter_options)
    except DatabaseUnavailable as exc:
        st.error(tr._("The data could not be loaded. {reason}", reason=exc), icon="🛑")
        st.stop()
    if served.notice:
        st.warning(served.notice, icon="⚠️")
    start_page_run()
    # The links come first on every page, filters below them: a container reserves their
    # place, and they are filled in once the filters (which the links carry) are known.
    links = st.sidebar.container()
    filters = _sidebar_filters(options) if sidebar else _url_only_filters(options)
    with links:
        sidebar_links(to_query_params(filters, options))
        st.divider()
    return filters


def _url_only_filters(options: FilterOptions) -> Filters:
    filters, notices = _filters_in_url(options)
    for notice in notices:
        st.warning(notice, icon="⚠️")
    _write_to_url(filters, options)
    return filters


def page_links_only() -> None:
    """For pages without filters (/manage): the links, keeping the session's filters."""
    use_app_navigation()
    with st.sidebar:
        sidebar_links(st.session_state.get(_PARAMS, {}))


def chosen_view(labels: list[str], shown: dict[str, str] | None = None) -> str:
    """The page's view, `?view=<label>` in the URL, chosen with a row of radio buttons.

    The page draws only the chosen view. Not `st.tabs`: lazy tabs report their state once
    drawn, which costs every page load a second run; not `bind="query-params"` either, which
    makes `st.query_params.from_dict` refuse, so the filters' one-write update would drop it.
    """
    wanted = st.query_params.get(VIEW_PARAM)
    tr = current_translator()

    def remember_view() -> None:
        chosen = st.session_state[VIEW_PARAM]
        if chosen == labels[0]:
            st.query_params.pop(VIEW_PARAM, None)
        else:
            st.query_params[VIEW_PARAM] = chosen

    if wanted is not None and wanted not in labels:
        st.warning(
            tr._(
                "Ignored {parameter}: this page's views are {views}.",
                parameter=markdown_literal(f"{VIEW_PARAM}={wanted}"),
                views=", ".join(labels),
            ),
            icon="⚠️",
        )
    target = wanted if wanted in labels else labels[0]
    if st.session_state.get(VIEW_PARAM) != target:
        # The URL (a link, Back) says which tab is open, even when the session had another.
        st.session_state[VIEW_PARAM] = target
    return st.radio(
        tr._("View"),
        labels,
        key=VIEW_PARAM,
        format_func=lambda label: (shown or {}).get(label, label),
        on_change=remember_view,
        horizontal=True,
        label_visibility="collapsed",
    )
