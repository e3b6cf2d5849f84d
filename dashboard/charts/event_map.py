"""Event cities on a world map that draws with no network (the topojson is served locally)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.common import plain, styled
from dashboard.language import ENGLISH, Translator

# Plotly fetches world_110m.json from here instead of its CDN; `static/` is served by Streamlit.
MAP_CONFIG = {"topojsonURL": "/app/static/topojson/"}


def events_map(cities: pd.DataFrame, *, tr: Translator = ENGLISH) -> go.Figure:
    top = cities.iloc[0]
    fig = go.Figure(
        go.Scattergeo(
            lon=cities["longitude"],
            lat=cities["latitude"],
            mode="markers+text",
            text=cities["city"].map(plain),
            textposition="top center",
            marker={
                "size": [10 + 6 * n for n in cities["events"]],
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
