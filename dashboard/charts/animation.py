"""Growth played year by year: one Plotly frame per year holds every report up to that year."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.common import date_ticks, styled

# The growth chart's own trace and panels, so a lower bound looks the same whether played or not
# and, as there, figures of different units never share an axis.
from dashboard.charts.growth import count_trace
from dashboard.charts.unit_panels import (
    LineStyle,
    Panel,
    chart_finding,
    line_styles,
    panel_figure,
    unit_panels,
)
from dashboard.language import ENGLISH, Translator

GROWTH_METRICS = ("partners", "un_agencies", "kpi_cities")
FRAME_MS, TRANSITION_MS = 900, 300


@dataclass(frozen=True)
class Line:
    row: int  # the panel, from 1 at the top
    name: str  # the initiative, as the legend names it
    series: pd.DataFrame
    style: LineStyle


def _series(panels: list[Panel], colours: Mapping[str, str]) -> list[Line]:
    """Every line, panel by panel, in the growth chart's order."""
    lines = []
    for row, panel in enumerate(panels, start=1):
        styles = line_styles(panel.counts, colours)
        for key, series in panel.counts.groupby(["initiative_id", "metric"], sort=False):
            lines.append(Line(row, series["initiative"].iloc[0], series, styles[key]))
    return lines


def _traces(lines: list[Line], up_to: int | None, tr: Translator) -> list[go.Scatter]:
    seen: set[str] = set()
    traces = []
    for line in lines:
        series = line.series
        shown = series if up_to is None else series[series["as_of"].dt.year <= up_to]
        traces.append(
            count_trace(shown, line.name, line.style, show_legend=line.name not in seen, tr=tr)
        )
        seen.add(line.name)
    return traces


def _controls(years: list[int], tr: Translator) -> dict:
    """A play/pause pair and a year slider; the slider starts at the last year (the full data)."""
    play = {
        "frame": {"duration": FRAME_MS, "redraw": True},
        "transition": {"duration": TRANSITION_MS},
        "fromcurrent": False,
        "mode": "immediate",
    }
    pause = {"frame": {"duration": 0, "redraw": False}, "mode": "immediate"}
    return {
        "updatemenus": [
            {
                "type": "buttons",
                "direction": "left",
                "showactive": False,
                "x": 0,
                "xanchor": "left",
                "y": -0.12,
                "yanchor": "top",
                "buttons": [
                    {
                        "label": "▶ " + tr.pgettext("animation", "Play"),
                        "method": "animate",
                        "args": [None, play],
                    },
                    {
                        "label": "❚❚ " + tr.pgettext("animation", "Pause"),
                        "method": "animate",
                        "args": [[None], pause],
                    },
                ],
            }
        ],
        "sliders": [
            {
                "active": len(years) - 1,
                "x": 0.2,
                "len": 0.8,
                "y": -0.08,
                "yanchor": "top",
                "currentvalue": {"prefix": tr._("Reported up to") + " ", "visible": True},
                "steps": [
                    {
                        "label": str(year),
                        "method": "animate",
                        "args": [[str(year)], {**pause, "frame": {"duration": 0, "redraw": True}}],
                    }
                    for year in years
                ],
            }
        ],
    }


def animated_growth_chart(
    counts: pd.DataFrame,
    colours: Mapping[str, str],
    title: str | None = None,
    *,
    tr: Translator = ENGLISH,
) -> go.Figure:
    """One panel per unit; frame `Y` shows every report dated in year Y or before.

    The figure's own data is the last frame, so a static export shows every report.
    Args: counts, as `counts_over_time` returns them (oldest first); colours per initiative.
    """
    panels = unit_panels(counts, tr)
    lines = _series(panels, colours)
    years = list(range(counts["as_of"].dt.year.min(), counts["as_of"].dt.year.max() + 1))
    fig = panel_figure(panels, top_px=120, bottom_px=130, tr=tr)
    for line, trace in zip(lines, _traces(lines, None, tr), strict=True):
        fig.add_trace(trace, row=line.row, col=1)
    every_line = list(range(len(lines)))
    fig.frames = [
        go.Frame(name=str(year), data=_traces(lines, year, tr), traces=every_line) for year in years
    ]
    # Fixed axes: a frame adds points, it never rescales what was already drawn.
    fig.update_xaxes(
        range=[f"{years[0] - 1}-10-01", f"{years[-1] + 1}-03-31"],
        **date_ticks(counts["as_of"].min(), counts["as_of"].max(), tr),
    )
    for row, panel in enumerate(panels, start=1):
        fig.update_yaxes(range=[0, panel.counts["value"].max() * 1.3], row=row, col=1)
    fig.update_layout(**_controls(years, tr))
    fig = styled(fig, title or chart_finding(panels, counts, tr), height=fig.layout.height, tr=tr)
    # The play button and the year slider take the bottom; the legend goes above the plot.
    fig.update_layout(
        margin={"t": 120, "b": 130},
        legend={
            "orientation": "h",
            "x": 1,
            "xanchor": "right",
            "y": 1.0,
            "yanchor": "bottom",
            "yref": "container",
        },
    )
    return fig
