"""Overview: the headline figures, growth over time, milestones and what is new."""

from datetime import date, timedelta

import streamlit as st

from dashboard.charts.animation import GROWTH_METRICS, animated_growth_chart
from dashboard.charts.growth import growth_chart
from dashboard.charts.timeline import milestones_chart
from dashboard.db import run_query
from dashboard.kpis import activity_cards, headline_card
from dashboard.queries.counts import counts_over_time
from dashboard.queries.overview import (
    activity_totals,
    build_info,
    headline_counts,
    initiative_order,
    milestones,
    new_since,
)
from dashboard.render import chart_or_empty, data_footer, record_table
from dashboard.sidebar import page_filters
from dashboard.theme import initiative_colours

filters = page_filters()
colours = initiative_colours(run_query(initiative_order))

st.title("Programme overview")
headline = run_query(headline_counts, filters)
totals = run_query(activity_totals, filters).iloc[0]
cards = [headline_card(row) for _, row in headline.iterrows()]
cards += activity_cards(totals, filters.year_from, filters.year_to)
for column, card in zip(st.columns(len(cards)), cards, strict=True):
    with column:
        st.metric(card.label, card.value, card.delta, border=True)
        st.text(card.caption)

st.subheader("Growth")
chart_or_empty(
    run_query(counts_over_time, filters),
    lambda f: growth_chart(f, colours),
    empty="No figures were reported in the selected years.",
    key="growth",
)
if st.toggle("Play the growth of partners, UN agencies and KPI cities", key="growth_play"):
    chart_or_empty(
        run_query(counts_over_time, filters, GROWTH_METRICS),
        lambda f: animated_growth_chart(f, colours),
        empty="No partner, UN agency or KPI city figures in the selected years.",
        key="growth-animated",
    )

st.subheader("Milestones")
chart_or_empty(
    run_query(milestones, filters),
    lambda f: milestones_chart(f, colours),
    empty="No launches, agreements, first meetings or assemblies match.",
    key="milestones",
)

st.subheader("New since")
since = st.date_input(
    "Show what is dated on or after", value=date.today() - timedelta(days=365), key="new_since"
)
recent = run_query(new_since, filters, since)
if recent.empty:
    st.info(f"Nothing new since {since:%d %B %Y} in the selected filters.", icon="🔎")
else:
    record_table(recent, dates={"date": "precision"}, noun="new records")

data_footer(run_query(build_info))
