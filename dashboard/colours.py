"""Colours: one per initiative, the same on every page, told apart without colour vision too.

Six colours of Okabe–Ito are safe together for every common colour-vision deficiency. When a
chart holds more initiatives (or categories) than that, the colours repeat, and each repeat
carries a second cue a reader sees without colour: a marker shape, a line dash, a bar pattern.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

# Okabe–Ito without black and yellow, which vanish on a dark or a light background, and without
# grey, which a deuteranope cannot tell from the reddish purple (and which means "unknown").
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
)
UNKNOWN = "#999999"

# The two programmes the dashboard is about keep their colour whatever else the data holds.
FIXED = {"u4ssc": PALETTE[0], "citiverse": PALETTE[1]}

# The second cue, by how many times the colours have been used before: the first use has a
# filled circle, a solid line and a plain bar.
SYMBOLS = ("circle", "square", "diamond", "triangle-up")
DASHES = ("solid", "dash", "dot", "dashdot")
PATTERNS = ("", "/", ".", "x")
# A chart whose marker shape already means something (a milestone's kind) keeps the shape and
# varies its fill instead.
FILLS = ("", "-open", "-open-dot", "-dot")


@dataclass(frozen=True)
class Mark:
    """How one initiative or category is drawn: its colour, and which repeat of it this is."""

    colour: str
    repeat: int = 0

    @property
    def symbol(self) -> str:
        return SYMBOLS[self.repeat % len(SYMBOLS)]

    @property
    def dash(self) -> str:
        return DASHES[self.repeat % len(DASHES)]

    @property
    def pattern(self) -> str:
        return PATTERNS[self.repeat % len(PATTERNS)]

    def filled(self, symbol: str) -> str:
        """`symbol` (a chart's own shape) with this repeat's fill: 'diamond', 'diamond-open'…"""
        return symbol + FILLS[self.repeat % len(FILLS)]


class InitiativeStyles(Mapping[str, str]):
    """Initiative id → colour (what most charts need), and `mark(id)` for the second cue."""

    def __init__(self, marks: Mapping[str, Mark]) -> None:
        self._marks = dict(marks)

    def __getitem__(self, initiative_id: str) -> str:
        return self._marks[initiative_id].colour

    def __iter__(self) -> Iterator[str]:
        return iter(self._marks)

    def __len__(self) -> int:
        return len(self._marks)

    def mark(self, initiative_id: str) -> Mark:
        return self._marks.get(initiative_id, Mark(UNKNOWN))


def initiative_colours(initiative_ids: Sequence[str]) -> InitiativeStyles:
    """Map every initiative id (in a stable order, e.g. by start date) to its mark."""
    others = [c for c in PALETTE if c not in FIXED.values()]
    marks = {initiative_id: Mark(colour) for initiative_id, colour in FIXED.items()}
    for index, initiative_id in enumerate(i for i in initiative_ids if i not in FIXED):
        marks[initiative_id] = Mark(others[index % len(others)], index // len(others))
    return InitiativeStyles(marks)


def mark_of(colours: Mapping[str, str], initiative_id: str) -> Mark:
    """The initiative's mark from any colour mapping (a plain dict has no second cue)."""
    if isinstance(colours, InitiativeStyles):
        return colours.mark(initiative_id)
    return Mark(colours.get(initiative_id, UNKNOWN))


def category_marks(count: int) -> list[Mark]:
    """For categories that are not initiatives (release kinds, thematic groups), in order."""
    return [Mark(PALETTE[i % len(PALETTE)], i // len(PALETTE)) for i in range(count)]


def _srgb_to_lab(colour: str) -> tuple[float, float, float]:
    """CIELAB (D65) of a '#rrggbb' colour."""
    digits = colour.lstrip("#")
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
    y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
    z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def cie76(first: str, second: str) -> float:
    """How far apart two '#rrggbb' colours look: the CIE76 ΔE*ab (about 2.3 is just noticeable;
    20 and more are told apart at a glance)."""
    return math.dist(_srgb_to_lab(first), _srgb_to_lab(second))
