"""Releases: publications and deliverables per year and per initiative, and the list."""

import streamlit as st

from dashboard.cached_queries import run_query
from dashboard.charts.bars import releases_per_initiative_chart, releases_per_year_chart
from dashboard.colours import initiative_colours
from dashboard.queries.overview import build_info, initiative_order
from dashboard.queries.releases import release_list, releases_per_initiative, releases_per_year
from dashboard.ui.language_choice import current_translator
from dashboard.ui.page_blocks import RELEASES, chart_or_empty, data_footer, record_table
from dashboard.ui.sidebar_filters import page_filters

filters = page_filters()
tr = current_translator()
colours = initiative_colours(run_query(initiative_order))

st.title(tr._("Releases"))
releases = run_query(release_list, filters)
left, right = st.columns([3, 2])
with left:
    chart_or_empty(
        run_query(releases_per_year, filters),
        lambda f: releases_per_year_chart(f, tr=tr),
        empty=tr._("No releases match."),
        key="releases-per-year",
        filters=filters,
        sources=(releases,),
    )
with right:
    chart_or_empty(
        run_query(releases_per_initiative, filters),
        lambda f: releases_per_initiative_chart(f, colours, tr=tr),
        empty=tr._("No releases match."),
        key="releases-per-initiative",
        filters=filters,
        sources=(releases,),
    )

st.header(tr._("Every release"))
record_table(
    releases,
    dates={"released_on": "released_on_precision"},
    size=RELEASES,
    key="table-releases",
    filters=filters,
    column_order=[
        "released_on",
        "title",
        "source_url",
        "kind",
        "initiative",
        "item_count",
        "launched_at",
        "source_title",
    ],
)
data_footer(run_query(build_info))
