"""What every chart shares: plain-text labels, the finding as title, and the base layout."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from dashboard.formatting import date_label
from dashboard.language import ENGLISH, N_, Translator

# What each reported figure counts, in English; `metric_noun` gives it in the run's language.
METRIC_NOUNS = {
    "un_agencies": N_("UN agencies"),
    "partners": N_("partners"),
    "kpi_cities": N_("cities implementing the U4SSC KPIs"),
    "kpi_indicators": N_("KPI indicators"),
    "working_groups": N_("working groups"),
    "task_groups": N_("task groups"),
    "tracks": N_("tracks"),
    "un_co_organisers": N_("UN co-organisers"),
    "experts": N_("experts"),
    "participants": N_("participants"),
    "deliverables": N_("deliverables"),
}

# The units of counts (loaders/schema.sql, count_unit), marked for the catalogue: an axis
# title and a panel's finding name them in the run's language.
UNITS = (
    N_("UN agencies"),
    N_("partners"),
    N_("cities"),
    N_("indicators"),
    N_("groups"),
    N_("people"),
    N_("documents"),
)

# Where a line's end label needs fewer words than a title does.
METRIC_SHORT_NOUNS = {"kpi_cities": N_("cities using the KPIs")}


def metric_noun(metric: str, tr: Translator = ENGLISH, *, short: bool = False) -> str:
    """What a metric counts, in the run's language; an unknown metric keeps its own id."""
    noun = (METRIC_SHORT_NOUNS.get(metric) if short else None) or METRIC_NOUNS.get(metric)
    return tr._(noun) if noun else metric


def plain(text: object) -> str:
    """Record text for hover and labels: Plotly reads a subset of HTML, so escape it all."""
    return (
        ""
        if text is None or (not isinstance(text, str) and pd.isna(text))
        else html.escape(str(text), quote=False)
    )


def date_labels(
    frame: pd.DataFrame, column: str, precision_column: str, tr: Translator = ENGLISH
) -> list[str]:
    return [
        date_label(v, p, tr) for v, p in zip(frame[column], frame[precision_column], strict=True)
    ]


def date_ticks(first: object, last: object, tr: Translator = ENGLISH) -> dict:
    """A date axis's ticks written on the server, so the browser, Kaleido's PNG/SVG and the
    offline HTML all show the language's month names (Plotly's own locales are incomplete, and
    Kaleido draws without any). Years for a span of two years or more, else every other month.
    """
    start, end = pd.Timestamp(first), pd.Timestamp(last)
    if (end - start) >= pd.Timedelta(days=730):
        values = [pd.Timestamp(year, 1, 1) for year in range(start.year, end.year + 1)]
        return {"tickvals": values, "ticktext": [str(v.year) for v in values]}
    values = list(pd.date_range(start.to_period("M").to_timestamp(), end, freq="2MS"))
    return {"tickvals": values, "ticktext": [tr.short_month_year(v) for v in values]}


def styled(fig: go.Figure, title: str, *, height: int = 420, tr: Translator = ENGLISH) -> go.Figure:
    fig.update_layout(
        separators=tr.plotly_separators(),
        title={"text": plain(title), "x": 0, "xanchor": "left"},
        height=height,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": -0.25, "x": 0},
        hoverlabel={"namelength": -1},
    )
    return fig


def year_of(value: object) -> int:
    return pd.Timestamp(value).year
