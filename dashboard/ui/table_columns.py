"""Column headings for the record tables and the charts' data tables, in the run's language."""

from __future__ import annotations

import pandas as pd

from dashboard.language import N_, Translator

# The query columns a person sees, marked for the catalogue; translated where they are shown.
COLUMN_LABELS = {
    "started_on": N_("Started"),
    "ended_on": N_("Ended"),
    "name": N_("Name"),
    "kind": N_("Kind"),
    "initiative": N_("Initiative"),
    "city": N_("City"),
    "country": N_("Country"),
    "online": N_("Online"),
    "host": N_("Host"),
    "source_title": N_("Source"),
    "source_url": N_("Source link"),
    "released_on": N_("Released"),
    "title": N_("Title"),
    "item_count": N_("Items"),
    "launched_at": N_("Launched at"),
    "code": N_("Code"),
    "thematic_group": N_("Thematic group"),
    "status": N_("Status"),
    "lead": N_("Lead"),
    "metric": N_("Metric"),
    "label": N_("Label"),
    "value": N_("Value"),
    "qualifier": N_("Qualifier ('>' = more than)"),
    "as_of": N_("As of"),
    "record": N_("Record"),
    "date": N_("Date"),
    "year": N_("Year"),
    "releases": N_("Releases"),
    "events": N_("Events"),
    "event_names": N_("Event names"),
    "latitude": N_("Latitude"),
    "longitude": N_("Longitude"),
    "working_group": N_("Working group"),
    "working_groups": N_("Working groups"),
    "milestone": N_("Milestone"),
    "date_meaning": N_("What the date means"),
}


def column_labels(frame: pd.DataFrame, tr: Translator) -> dict[str, str]:
    """`st.dataframe`'s column_config: every known column of `frame` under its heading."""
    return {column: tr._(COLUMN_LABELS[column]) for column in frame if column in COLUMN_LABELS}
