"""Colours: one per initiative, the same on every page, readable in light and dark themes."""

from __future__ import annotations

from collections.abc import Sequence

# Okabe–Ito, without black and yellow, which vanish on a dark or a light background.
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#999999",
    "#7F3C8D",
    "#11A579",
    "#3969AC",
)

# The two programmes the dashboard is about keep their colour whatever else the data holds.
FIXED = {"u4ssc": PALETTE[0], "citiverse": PALETTE[1]}


def initiative_colours(initiative_ids: Sequence[str]) -> dict[str, str]:
    """Map every initiative id (in a stable order, e.g. by start date) to a colour."""
    others = [c for c in PALETTE if c not in FIXED.values()]
    colours = dict(FIXED)
    for index, initiative_id in enumerate(i for i in initiative_ids if i not in FIXED):
        colours[initiative_id] = others[index % len(others)]
    return colours


def colour_sequence() -> list[str]:
    """For categories that are not initiatives (release kinds, thematic groups)."""
    return list(PALETTE)
