"""Working groups: the initiative → thematic group → working group hierarchy, launches, table."""

import streamlit as st

from dashboard.cached_queries import run_query
from dashboard.charts.bars import working_group_sunburst, working_groups_per_year_chart
from dashboard.colours import initiative_colours
from dashboard.queries.overview import build_info, initiative_order
from dashboard.queries.working_groups import (
    working_group_hierarchy,
    working_group_table,
    working_groups_launched_per_year,
)
from dashboard.ui.language_choice import current_translator
from dashboard.ui.page_blocks import WORKING_GROUPS, chart_or_empty, data_footer, record_table
from dashboard.ui.sidebar_filters import page_filters

filters = page_filters()
tr = current_translator()
colours = initiative_colours(run_query(initiative_order))

st.title(tr._("Working groups"))
hierarchy = run_query(working_group_hierarchy, filters)
table = run_query(working_group_table, filters)
left, right = st.columns(2)
with left:
    chart_or_empty(
        hierarchy,
        lambda f: working_group_sunburst(f, colours, tr=tr),
        empty=tr._("No working groups match."),
        key="wg-hierarchy",
        filters=filters,
        sources=(table,),
    )
with right:
    chart_or_empty(
        run_query(working_groups_launched_per_year, filters),
        lambda f: working_groups_per_year_chart(f, tr=tr),
        empty=tr._("No dated working groups match."),
        key="wg-per-year",
        filters=filters,
        sources=(table,),
    )

st.header(tr._("Every working group"))
record_table(
    table,
    dates={"started_on": "started_on_precision", "ended_on": "ended_on_precision"},
    size=WORKING_GROUPS,
    key="table-working-groups",
    filters=filters,
)
data_footer(run_query(build_info))
