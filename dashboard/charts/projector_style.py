"""The projector theme: large type and high contrast, light or dark, for any chart builder's figure.

`presentation_style` returns a restyled copy; it never changes the data a chart plots.
"""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go

TITLE_PX, AXIS_TITLE_PX, TICK_PX, TEXT_PX = 36, 24, 20, 20
SLIDE_WIDTH, SLIDE_HEIGHT = 1920, 1080


@dataclass(frozen=True)
class Palette:
    paper: str
    ink: str
    grid: str
    land: str
    border: str
    table_header: str
    table_cells: str


LIGHT = Palette("#ffffff", "#000000", "#c8c8c8", "#dcdcdc", "#7a7a7a", "#e0e0e0", "#ffffff")
DARK = Palette("#000000", "#ffffff", "#4d4d4d", "#3a3a3a", "#9a9a9a", "#262626", "#000000")

# On black, the darker greys lose contrast: swap each for a lighter sibling. The palette's
# blue keeps its colour (4:1 on black): its lighter sibling is another initiative's sky blue.
ON_DARK = {
    "#3969ac": "#8fb4ea",
    "#7f3c8d": "#c990d6",
    "#999999": "#c8c8c8",
    "#bbbbbb": "#d9d9d9",
    "#888888": "#bdbdbd",
    "#e6e6e6": DARK.land,
    "#ffffff": DARK.paper,
}


def _recolour(value: object, dark: bool) -> object:
    if not dark:
        return value
    if isinstance(value, str):
        return ON_DARK.get(value.lower(), value)
    if isinstance(value, list | tuple):
        return [_recolour(v, dark) for v in value]
    return value


def _style_trace(trace: go.BaseTraceType, palette: Palette, dark: bool) -> None:
    kind = trace.type
    if kind in ("scatter", "scattergeo"):
        if trace.line is not None and trace.line.color is not None:
            trace.line.color = _recolour(trace.line.color, dark)
            trace.line.width = max(trace.line.width or 2, 4)
        marker = trace.marker
        if marker.color is not None:
            marker.color = _recolour(marker.color, dark)
        if marker.line.color is not None:
            marker.line.color = _recolour(marker.line.color, dark)
        if kind == "scatter" and isinstance(marker.size, int | float):
            marker.size = max(marker.size, 16)
            marker.line.width = max(marker.line.width or 0, 3)
        trace.textfont = {"size": TEXT_PX, "color": palette.ink}
    elif kind == "bar":
        trace.marker.color = _recolour(trace.marker.color, dark)
        if trace.marker.line.color is not None:
            trace.marker.line.color = _recolour(trace.marker.line.color, dark)
        trace.textfont = {"size": TEXT_PX}
    elif kind == "sunburst":
        trace.insidetextfont = {"size": TEXT_PX}
        trace.outsidetextfont = {"size": TEXT_PX}
        trace.marker.line = {"color": palette.paper, "width": 2}
        trace.marker.colors = _recolour(trace.marker.colors, dark)
    elif kind == "table":
        trace.header.font = {"size": AXIS_TITLE_PX, "color": palette.ink}
        trace.header.fill = {"color": palette.table_header}
        trace.header.line = {"color": palette.border}
        trace.cells.font = {"size": TEXT_PX, "color": palette.ink}
        trace.cells.fill = {"color": palette.table_cells}
        trace.cells.line = {"color": palette.border}
        trace.header.height = 44
        trace.cells.height = 40


# Arial where it exists; Noto (Debian's fonts-noto-core and fonts-noto-cjk, which `make test`
# installs) draws Arabic and Chinese in Kaleido's Chromium rather than empty boxes.
FONT_FAMILY = "Arial, Helvetica, 'Noto Sans', 'Noto Sans Arabic', 'Noto Sans CJK SC', sans-serif"


def presentation_style(
    fig: go.Figure, dark: bool, *, height: int | None = SLIDE_HEIGHT - 300
) -> go.Figure:
    """A copy of `fig` for a projector: titles of 36 px, ticks of 20 px, black on white or white
    on black, thicker lines and larger markers. Args: any figure of dashboard.charts; `height`
    in px (None keeps the chart's own). Returns the restyled copy, frames included."""
    palette = DARK if dark else LIGHT
    styled = go.Figure(fig)
    for trace in styled.data:
        _style_trace(trace, palette, dark)
    for frame in styled.frames:
        for trace in frame.data:
            _style_trace(trace, palette, dark)
    axis = {
        "tickfont": {"size": TICK_PX, "color": palette.ink},
        "title": {"font": {"size": AXIS_TITLE_PX, "color": palette.ink}},
        "gridcolor": palette.grid,
        "linecolor": palette.border,
        "zerolinecolor": palette.border,
    }
    styled.update_xaxes(**axis)
    styled.update_yaxes(**axis)
    if any(trace.type == "scattergeo" for trace in styled.data):
        styled.update_geos(
            bgcolor=palette.paper,
            landcolor=palette.land,
            countrycolor=palette.border,
            coastlinecolor=palette.border,
        )
    styled.update_annotations(font_color=palette.ink)
    for annotation in styled.layout.annotations:
        # Unsized annotations are subplot titles; sized ones keep their rank, but grow.
        size = annotation.font.size
        annotation.font.size = AXIS_TITLE_PX if size is None else max(size, TEXT_PX)
    styled.update_layout(
        paper_bgcolor=palette.paper,
        plot_bgcolor=palette.paper,
        font={"size": TEXT_PX, "color": palette.ink, "family": FONT_FAMILY},
        title={"font": {"size": TITLE_PX, "color": palette.ink}, "xref": "paper"},
        legend={"font": {"size": TEXT_PX, "color": palette.ink}},
        hoverlabel={"font": {"size": TEXT_PX}},
        margin={"l": 30, "r": 30, "t": 100},
    )
    if height is not None:
        styled.update_layout(height=height)
    for menu in styled.layout.updatemenus:
        menu.font = {"size": TEXT_PX, "color": palette.ink}
        menu.bgcolor, menu.bordercolor = palette.table_header, palette.border
    for slider in styled.layout.sliders:
        slider.font = {"size": TEXT_PX, "color": palette.ink}
        slider.currentvalue.font = {"size": AXIS_TITLE_PX, "color": palette.ink}
    return styled
