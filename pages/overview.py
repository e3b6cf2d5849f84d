"""Overview: the headline figures, growth over time, milestones and what is new."""

from datetime import timedelta

import streamlit as st

from dashboard import clock
from dashboard.cached_queries import built_once, run_query
from dashboard.charts.animation import GROWTH_METRICS, animated_growth_chart
from dashboard.charts.growth import growth_chart
from dashboard.charts.timeline import milestones_chart
from dashboard.colours import initiative_colours
from dashboard.currency import build_currency_line
from dashboard.event_status import with_status
from dashboard.kpis import activity_cards, fact_card, headline_card
from dashboard.queries.counts import counts_over_time, repeated_series, reported_once
from dashboard.queries.overview import (
    activity_totals,
    build_info,
    headline_rows,
    initiative_order,
    milestones,
    new_since,
)
from dashboard.ui.language_choice import current_translator
from dashboard.ui.page_blocks import (
    NEW_RECORDS,
    chart_or_empty,
    data_footer,
    headline_tiles,
    metric_tiles,
    record_table,
)
from dashboard.ui.sidebar_filters import chosen_view, page_filters

filters = page_filters()
tr = current_translator()
colours = initiative_colours(run_query(initiative_order))

st.title(tr._("Programme overview"))
if currency := build_currency_line(run_query(build_info), clock.today(), tr):
    st.caption(currency)
# One query of every reported count feeds the hero figures, the growth chart and the facts.
counts = run_query(counts_over_time, filters)
# The cards read only that query's rows: worded once per build, filters and language for every
# viewer (picking the series out of every count was a quarter of the overview's script run).
headline = built_once(
    "overview-headline-cards",
    filters,
    lambda: tuple(headline_card(row, tr) for _, row in headline_rows(counts).iterrows()),
    language=tr.code,
)
headline_tiles(list(headline), colours)
totals = run_query(activity_totals, filters).iloc[0]
metric_tiles(activity_cards(totals, filters.year_from, filters.year_to, tr), per_row=3)

# Only the chosen view runs: the first screen draws one chart, not three.
# The views' names in the URL (`?view=Growth`) stay English; the radio shows them translated.
views = {
    "Growth": tr._("Growth"),
    "Milestones": tr._("Milestones"),
    "What is new": tr._("What is new"),
}
view = chosen_view(list(views), views)
if view == "Growth":
    chart_or_empty(
        repeated_series(counts),
        lambda f: growth_chart(f, colours, tr=tr),
        empty=tr._("No figure was reported twice in the selected years."),
        key="growth",
        filters=filters,
    )
    facts = built_once(
        "overview-fact-cards",
        filters,
        lambda: tuple(fact_card(row, tr) for _, row in reported_once(counts).iterrows()),
        language=tr.code,
    )
    if facts:
        st.subheader(tr._("Reported once"))
        metric_tiles(list(facts))
    if st.toggle(
        tr._("Play the growth of partners, UN agencies and KPI cities"), key="growth_play"
    ):
        chart_or_empty(
            run_query(counts_over_time, filters, GROWTH_METRICS),
            lambda f: animated_growth_chart(f, colours, tr=tr),
            empty=tr._("No partner, UN agency or KPI city figures in the selected years."),
            key="growth-animated",
            filters=filters,
        )
elif view == "Milestones":
    chart_or_empty(
        run_query(milestones, filters),
        lambda f: milestones_chart(f, colours, tr=tr),
        empty=tr._("No launches, agreements, first meetings or assemblies match."),
        key="milestones",
        filters=filters,
    )
else:
    # Day, month, year: the order every other date on the page is written in ("7 December
    # 2025"); the chosen day is then repeated in words above the list. The picker's calendar
    # (month and day names) is Streamlit's own and stays English.
    since = st.date_input(
        tr._("Show what is dated on or after"),
        value=clock.today() - timedelta(days=365),
        format="DD/MM/YYYY",
        key="new_since",
    )
    found = run_query(new_since, filters, since)
    found = with_status(found, "date", "ended_on", drop=("ended_on", "ended_on_precision"), tr=tr)
    if found.empty:
        st.info(
            tr._("Nothing new since {date} in the selected filters.", date=tr.full_date(since)),
            icon="🔎",
        )
    else:
        st.subheader(tr._("New since {date}", date=tr.full_date(since)))
        record_table(
            found,
            dates={"date": "precision"},
            size=NEW_RECORDS,
            translated=("record",),
            column_order=[
                "date",
                "record",
                "name",
                "initiative",
                "status",
                "source_title",
                "source_url",
            ],
            column_config={"record": tr._("Kind of record")},
        )

data_footer(run_query(build_info))
