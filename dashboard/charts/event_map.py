"""Event cities on a world map that draws with no network (the topojson is served locally)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.common import plain, styled
from dashboard.language import ENGLISH, Translator

# Plotly fetches world_110m.json from here instead of its CDN; `static/` is served by Streamlit.
MAP_CONFIG = {"topojsonURL": "/app/static/topojson/"}
# Cities named on the map, the busiest first; the others are named on hover. More labels than
# this pile up on one another, and each is a text node the browser lays out.
LABELLED_CITIES = 15
# A city's marker grows by 6 px an event up to this size; past it, markers are scaled so the
# busiest city's is this size (at a million events a city held thousands, and its marker
# grew wider than the world).
LARGEST_MARKER_PX = 46


def marker_sizes(events: pd.Series) -> list[float]:
    """10 px and 6 px more per event; scaled by area when the busiest would pass the limit."""
    if 10 + 6 * events.max() <= LARGEST_MARKER_PX:
        return [10 + 6 * n for n in events]
    busiest = events.max()
    return [10 + (LARGEST_MARKER_PX - 10) * (n / busiest) ** 0.5 for n in events]


def events_map(cities: pd.DataFrame, *, tr: Translator = ENGLISH) -> go.Figure:
    """Args: `events_per_city` rows, busiest first. Returns a world map of them."""
    top = cities.iloc[0]
    fig = go.Figure(
        go.Scattergeo(
            lon=cities["longitude"],
            lat=cities["latitude"],
            mode="markers+text",
            text=[
                plain(city) if rank < LABELLED_CITIES else ""
                for rank, city in enumerate(cities["city"])
            ],
            textposition="top center",
            marker={
                "size": marker_sizes(cities["events"]),
                "color": "#0072B2",
                "opacity": 0.75,
                "line": {"width": 1, "color": "#ffffff"},
            },
            hovertext=[
                tr.ngettext(
                    "{city}, {country}: {n} event",
                    "{city}, {country}: {n} events",
                    int(n),
                    city=plain(c),
                    country=plain(k),
                )
                + f"<br>{plain(names)}"
                for c, k, n, names in zip(
                    cities["city"],
                    cities["country"],
                    cities["events"],
                    cities["event_names"],
                    strict=True,
                )
            ],
            hoverinfo="text",
        )
    )
    fig.update_geos(
        projection_type="natural earth",
        showcountries=True,
        showland=True,
        landcolor="#e6e6e6",
        countrycolor="#bbbbbb",
        showocean=False,
        showframe=False,
        resolution=110,
    )
    title = tr.ngettext(
        "Events in {n} city; the most in {city} ({count})",
        "Events in {n} cities; the most in {city} ({count})",
        len(cities),
        city=top["city"],
        count=tr.number(int(top["events"])),
    )
    return styled(fig, title, height=480, tr=tr)
