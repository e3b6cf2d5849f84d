"""Checks a reader would make of any chart: one unit per axis, initiatives told apart.

Both the unit tests (a `go.Figure`) and the browser tests (Plotly's resolved traces, read from
the page with `TRACES_JS`) hand traces over in one plain shape:
{type, name, showlegend, yaxis, x, y, colour, symbol, dash, pattern}.
"""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import combinations

import duckdb
import pandas as pd
import plotly.graph_objects as go

from dashboard.colours import cie76

# CIE76 distance under which two legend entries of the same shape read as one colour.
MIN_DISTANCE = 20

# Plotly's resolved traces (defaults filled in) of a drawn chart, `this` being its
# `.js-plotly-plot` element: what the reader sees, not only what the app sent.
TRACES_JS = """gd => ({
  showlegend: gd._fullLayout.showlegend !== false,
  traces: gd._fullData.filter(t => t.visible === true).map(t => {
    const first = v => Array.isArray(v) ? v[0] : v;
    const marker = t.marker || {}, line = t.line || {};
    return {
      type: t.type, name: t.name || '', showlegend: t.showlegend !== false, yaxis: t.yaxis || '',
      x: Array.from(t.x || []).map(String), y: Array.from(t.y || []),
      colour: typeof first(marker.color) === 'string' ? first(marker.color) : (line.color || ''),
      symbol: t.type === 'scatter' ? String(first(marker.symbol) ?? 'circle') : '',
      dash: (t.mode || '').includes('lines') ? (line.dash || 'solid') : '',
      mode: t.mode || '', pattern: (marker.pattern && first(marker.pattern.shape)) || '',
    };
  }),
})"""


def plain_traces(figure: go.Figure) -> dict:
    """A figure's traces in the shape `TRACES_JS` returns (before Plotly fills in defaults)."""

    def first(value):
        return value[0] if isinstance(value, list | tuple) and len(value) else value

    traces = []
    for trace in figure.data:
        scatter = trace.type == "scatter"
        marker = getattr(trace, "marker", None)
        line = getattr(trace, "line", None)
        colour = first(marker.color) if marker is not None else None
        mode = getattr(trace, "mode", None) or ""
        pattern = getattr(marker, "pattern", None) if marker is not None else None
        traces.append(
            {
                "type": trace.type,
                "name": trace.name or "",
                "showlegend": trace.showlegend is not False,
                "yaxis": getattr(trace, "yaxis", None) or "y",
                "x": [
                    str(pd.Timestamp(x)) if x is not None else ""
                    for x in (() if trace.x is None else trace.x)
                ]
                if scatter
                else [],
                "y": [] if getattr(trace, "y", None) is None else list(trace.y),
                "colour": colour if isinstance(colour, str) else (line.color if line else ""),
                "symbol": str(first(marker.symbol) or "circle") if scatter else "",
                "dash": (line.dash or "solid") if scatter and "lines" in mode else "",
                "mode": mode,
                "pattern": (first(pattern.shape) or "") if pattern is not None else "",
            }
        )
    return {"showlegend": figure.layout.showlegend is not False, "traces": traces}


def counts_units(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every report of the counts table with its unit, as the database holds them."""
    return con.execute(
        """SELECT initiative_id, metric::VARCHAR AS metric, unit::VARCHAR AS unit, value,
                  strftime(as_of, '%Y-%m') AS month
           FROM counts"""
    ).df()


def trace_units(trace: dict, reports: pd.DataFrame) -> set[str]:
    """The units of the counts series whose reports hold every point of the trace (a point is
    a report's month and value); empty when the trace draws no counts."""
    if trace["type"] != "scatter" or not trace["x"]:
        return set()
    points = [
        (x[:7], y)
        for x, y in zip(trace["x"], trace["y"], strict=False)
        if x and y is not None and re.match(r"\d{4}-\d{2}", x)
    ]
    if not points:
        return set()
    units = set()
    for (_, _), series in reports.groupby(["initiative_id", "metric"]):
        held = set(zip(series["month"], series["value"].astype(float), strict=True))
        if all((month, float(value)) in held for month, value in points):
            units |= set(series["unit"])
    return units


def units_per_axis(figure: dict, reports: pd.DataFrame) -> dict[str, set[str]]:
    """For each y axis of the figure, the units of the counts drawn on it."""
    per_axis: dict[str, set[str]] = defaultdict(set)
    for trace in figure["traces"]:
        per_axis[trace["yaxis"] or "y"] |= trace_units(trace, reports)
    return dict(per_axis)


def mixed_axes(figure: dict, reports: pd.DataFrame) -> dict[str, set[str]]:
    """The y axes that hold counts of more than one unit."""
    return {
        axis: units for axis, units in units_per_axis(figure, reports).items() if len(units) > 1
    }


def _hex(colour: str) -> str | None:
    colour = colour.strip()
    if re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
        return colour
    found = re.fullmatch(r"rgba?\((\d+),\s*(\d+),\s*(\d+)(?:,\s*[\d.]+)?\)", colour)
    return "#" + "".join(f"{int(c):02x}" for c in found.groups()) if found else None


def look_alike_legend_entries(figure: dict) -> list[tuple[str, str, float]]:
    """Pairs of legend entries drawn with the same shape in colours closer than MIN_DISTANCE."""
    if not figure["showlegend"]:
        return []
    entries = [
        ((t["type"], t["symbol"], t["dash"], t["pattern"]), t["name"], _hex(t["colour"]))
        for t in figure["traces"]
        if t["showlegend"] and t["name"] and _hex(t["colour"])
    ]
    return [
        (a_name, b_name, round(cie76(a_colour, b_colour), 1))
        for (a_shape, a_name, a_colour), (b_shape, b_name, b_colour) in combinations(entries, 2)
        if a_shape == b_shape and cie76(a_colour, b_colour) < MIN_DISTANCE
    ]
