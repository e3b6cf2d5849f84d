"""The sidebar's global filters, kept in step with the URL's query parameters."""

from __future__ import annotations

import streamlit as st

from dashboard.filters import FILTER_PARAMS, FilterOptions, Filters, parse_filters, to_query_params

_YEARS, _THEMES, _INITIATIVES = "filter_years", "filter_themes", "filter_initiatives"


def global_filters(options: FilterOptions) -> Filters:
    """Draw the filters, apply the URL's, and write the chosen ones back to the URL."""
    state = st.session_state
    params = {name: st.query_params.get_all(name) for name in FILTER_PARAMS}
    from_url, notices = parse_filters(params, options)
    if not any(params.values()) and "filters" in state:
        # Switching pages drops the query string; the session still knows the filters.
        from_url = state["filters"]
    if state.get("_filters_in_url") != from_url:
        # The URL changed outside the widgets (a new link, the back button): follow it.
        state[_YEARS] = (from_url.year_from, from_url.year_to)
        state[_THEMES] = list(from_url.themes)
        state[_INITIATIVES] = list(from_url.initiatives)
    with st.sidebar:
        st.subheader("Filters")
        year_from, year_to = st.slider(
            "Years", options.min_year, max(options.max_year, options.min_year + 1), key=_YEARS
        )
        themes = st.multiselect(
            "Themes",
            list(options.themes),
            key=_THEMES,
            format_func=lambda t: options.themes.get(t, t),
            placeholder="All themes",
        )
        initiatives = st.multiselect(
            "Initiatives",
            list(options.initiatives),
            key=_INITIATIVES,
            format_func=lambda i: options.initiatives.get(i, i),
            placeholder="All initiatives",
        )
        for notice in notices:
            st.warning(notice, icon="⚠️")
    filters = Filters(year_from, year_to, tuple(themes), tuple(initiatives))
    wanted = to_query_params(filters, options)
    for name in FILTER_PARAMS:
        if name not in wanted and name in st.query_params:
            del st.query_params[name]
        elif name in wanted and st.query_params.get_all(name) != [wanted[name]]:
            st.query_params[name] = wanted[name]
    state["filters"] = state["_filters_in_url"] = filters
    return filters


def current_filters() -> Filters:
    """The filters `app.py` applied for this run; pages read them here."""
    return st.session_state["filters"]
