"""What every chart shares: plain-text labels, the finding as title, and the base layout."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from dashboard.formatting import date_label

METRIC_NOUNS = {
    "un_agencies": "UN agencies",
    "partners": "partners",
    "kpi_cities": "cities implementing the U4SSC KPIs",
    "kpi_indicators": "KPI indicators",
    "working_groups": "working groups",
    "task_groups": "task groups",
    "tracks": "tracks",
    "un_co_organisers": "UN co-organisers",
    "experts": "experts",
    "participants": "participants",
    "deliverables": "deliverables",
}

# Where a line's end label needs fewer words than a title does.
METRIC_SHORT_NOUNS = {"kpi_cities": "cities using the KPIs"}


def plain(text: object) -> str:
    """Record text for hover and labels: Plotly reads a subset of HTML, so escape it all."""
    return (
        ""
        if text is None or (not isinstance(text, str) and pd.isna(text))
        else html.escape(str(text), quote=False)
    )


def date_labels(frame: pd.DataFrame, column: str, precision_column: str) -> list[str]:
    return [date_label(v, p) for v, p in zip(frame[column], frame[precision_column], strict=True)]


def styled(fig: go.Figure, title: str, *, height: int = 420) -> go.Figure:
    fig.update_layout(
        title={"text": plain(title), "x": 0, "xanchor": "left"},
        height=height,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": -0.25, "x": 0},
        hoverlabel={"namelength": -1},
    )
    return fig


def year_of(value: object) -> int:
    return pd.Timestamp(value).year
