"""Events: a timeline by initiative, a map of cities (drawn offline) and the list."""

import streamlit as st

from dashboard.cached_queries import built_once, run_query
from dashboard.charts.event_map import MAP_CONFIG, events_map
from dashboard.charts.timeline import events_gantt
from dashboard.colours import initiative_colours
from dashboard.event_status import with_status
from dashboard.queries.events import (
    event_list,
    event_timeline,
    events_per_city,
    events_without_place,
)
from dashboard.queries.overview import build_info, initiative_order
from dashboard.ui.language_choice import current_translator
from dashboard.ui.page_blocks import EVENTS, chart_or_empty, data_footer, record_table
from dashboard.ui.sidebar_filters import page_filters

filters = page_filters()
tr = current_translator()
colours = initiative_colours(run_query(initiative_order))

st.title(tr._("Events"))
timeline = run_query(event_timeline, filters)
chart_or_empty(
    timeline,
    lambda f: events_gantt(f, colours, tr=tr),
    empty=tr._("No events match."),
    key="events-timeline",
    filters=filters,
)

cities = run_query(events_per_city, filters)
chart_or_empty(
    cities,
    lambda f: events_map(f, tr=tr),
    empty=tr._("No events with a known city match."),
    key="events-map",
    filters=filters,
    config=MAP_CONFIG,
    sources=(timeline,),
)
unplaced = run_query(events_without_place, filters).iloc[0]
# One sentence per count, so that each noun agrees with its own number in every language.
if online := int(unplaced["online"]):
    st.text(
        tr.ngettext(
            "Not on the map: {n} online event.", "Not on the map: {n} online events.", online
        )
    )
if not_stated := int(unplaced["place_not_stated"]):
    st.text(
        tr.ngettext(
            "Not on the map: {n} event whose city the source does not state.",
            "Not on the map: {n} events whose city the source does not state.",
            not_stated,
        )
    )

st.header(tr._("Every event"))
events = run_query(event_list, filters)
# Each event's status in words, from its rows alone: worded once per build, filters and language.
record_table(
    built_once(
        "events-status",
        filters,
        lambda: with_status(events, "started_on", "ended_on", tr=tr),
        language=tr.code,
    ),
    dates={"started_on": "started_on_precision", "ended_on": "ended_on_precision"},
    size=EVENTS,
    key="table-events",
    filters=filters,
)
data_footer(run_query(build_info))
