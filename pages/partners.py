"""Partners: citiverse partners and UN agencies over time, KPI cities, and the figures."""

import streamlit as st

from dashboard.cached_queries import run_query
from dashboard.charts.findings import series_finding
from dashboard.charts.growth import metric_chart
from dashboard.colours import initiative_colours
from dashboard.queries.counts import counts_over_time, event_markers, reported_figures
from dashboard.queries.overview import HEADLINE_COUNTS, build_info, initiative_order
from dashboard.ui.language_choice import current_translator
from dashboard.ui.page_blocks import REPORTED_FIGURES, chart_or_empty, data_footer, record_table
from dashboard.ui.sidebar_filters import page_filters

filters = page_filters()
tr = current_translator()
colours = initiative_colours(run_query(initiative_order))
markers = run_query(event_markers, filters)

st.title(tr._("Partners and reach"))
partners = run_query(counts_over_time, filters, tuple(m for _, m, _ in HEADLINE_COUNTS))
left, right = st.columns(2)
for column, (initiative_id, metric, title) in zip((left, right), HEADLINE_COUNTS, strict=True):
    series = partners[partners["metric"] == metric]
    finding = series_finding(series, initiative_id, metric, tr) or tr._(
        "{figure} over time", figure=tr._(title)
    )
    with column:
        chart_or_empty(
            series,
            lambda f, t=finding: metric_chart(f, markers, colours, t, tr=tr),
            empty=tr._("No figures of {figure} in the selected years.", figure=tr._(title)),
            key=f"chart-{metric}",
            filters=filters,
        )

kpi_cities = run_query(counts_over_time, filters, ("kpi_cities",))
chart_or_empty(
    kpi_cities,
    lambda f: metric_chart(
        f,
        markers,
        colours,
        series_finding(f, "u4ssc", "kpi_cities", tr) or tr._("Cities using the U4SSC KPIs"),
        tr=tr,
    ),
    empty=tr._("No KPI city figures in the selected years."),
    key="chart-kpi-cities",
    filters=filters,
)

st.header(tr._("Every reported figure"))
record_table(
    run_query(reported_figures, filters),
    dates={"as_of": "as_of_precision"},
    size=REPORTED_FIGURES,
    key="table-reported-figures",
    filters=filters,
)
data_footer(run_query(build_info))
