"""Small multiples by unit: an axis holds one unit, so each unit gets its own panel.

The panels share the time axis and stack top to bottom; each has its own scale, the unit as its
axis title and its own finding as its title.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.charts.common import plain
from dashboard.charts.findings import growth_finding, panel_finding
from dashboard.colours import DASHES, Mark, mark_of
from dashboard.formatting import sentence_case
from dashboard.language import ENGLISH, Translator

# A panel's plot and the room between two panels (for the lower panel's title), in pixels.
PANEL_PX, GAP_PX = 170, 78


@dataclass(frozen=True)
class Panel:
    unit: str
    counts: pd.DataFrame  # this unit's reports, oldest first
    finding: str


@dataclass(frozen=True)
class LineStyle:
    """How one series is drawn: its initiative's colour and shape, and a dash of its own."""

    colour: str
    symbol: str
    dash: str


def unit_panels(counts: pd.DataFrame, tr: Translator = ENGLISH) -> list[Panel]:
    """One panel per unit, in the order the units were first reported."""
    return [
        Panel(unit, rows, panel_finding(rows, unit, tr))
        for unit in dict.fromkeys(counts["unit"])
        for rows in [counts[counts["unit"] == unit]]
    ]


def line_styles(
    panel: pd.DataFrame, colours: Mapping[str, str]
) -> dict[tuple[str, str], LineStyle]:
    """A style per (initiative, metric) line of one panel, no two alike.

    An initiative's lines share its colour; its second metric in the same unit (working groups
    and task groups) takes the next dash, so the two lines are told apart without hovering.
    """
    styles: dict[tuple[str, str], LineStyle] = {}
    taken: set[tuple[str, str, str]] = set()
    for initiative_id, metric in dict.fromkeys(zip(panel["initiative_id"], panel["metric"])):
        mark: Mark = mark_of(colours, initiative_id)
        start = DASHES.index(mark.dash)
        # The initiative's own dash, or the first after it that no line of this look has.
        free = [
            dash
            for step in range(len(DASHES))
            if (mark.colour, mark.symbol, dash := DASHES[(start + step) % len(DASHES)]) not in taken
        ]
        dash = free[0] if free else mark.dash
        taken.add((mark.colour, mark.symbol, dash))
        styles[(initiative_id, metric)] = LineStyle(mark.colour, mark.symbol, dash)
    return styles


def panel_figure(
    panels: list[Panel], *, top_px: int, bottom_px: int, tr: Translator = ENGLISH
) -> go.Figure:
    """Empty stacked panels sharing the x axis: titles are the findings, y titles the units."""
    rows = len(panels)
    plot_px = rows * PANEL_PX + (rows - 1) * GAP_PX
    fig = make_subplots(
        rows=rows,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=GAP_PX / plot_px if rows > 1 else 0,
        # One panel needs no title of its own: the chart's title is its finding.
        subplot_titles=[plain(p.finding) for p in panels] if rows > 1 else None,
    )
    for row, panel in enumerate(panels, start=1):
        fig.update_yaxes(
            title={
                "text": plain(sentence_case(tr._(panel.unit))),
                "font": {"size": 12},
                "standoff": 8,
            },
            automargin=True,
            rangemode="tozero",
            nticks=5,
            row=row,
            col=1,
        )
    # Subplot titles sit left, like the chart's own title, and read as a panel's heading.
    fig.update_annotations(xanchor="left", x=0, font={"size": 14})
    fig.update_layout(height=plot_px + top_px + bottom_px)
    return fig


def chart_finding(panels: list[Panel], counts: pd.DataFrame, tr: Translator = ENGLISH) -> str:
    """The chart's title: the one panel's finding, or what all the panels' lines did."""
    return panels[0].finding if len(panels) == 1 else growth_finding(counts, tr)


def axis_names(row: int) -> tuple[str, str]:
    """The x and y axis references of panel `row` (1-based), as a trace or annotation needs."""
    return ("x" if row == 1 else f"x{row}"), ("y" if row == 1 else f"y{row}")
