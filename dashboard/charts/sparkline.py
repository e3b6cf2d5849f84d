"""A headline figure's own history as a small inline SVG: no axes, one line, the points."""

from __future__ import annotations

from collections.abc import Sequence

WIDTH, HEIGHT, PAD = 440, 40, 5


def sparkline_svg(
    days: Sequence[int],
    values: Sequence[float],
    lower_bounds: Sequence[bool],
    colour: str,
) -> str:
    """Points placed by date (`days`, any day count) and scaled min to max; a lower bound is an
    open dot.

    Drawn as an image, whose alt text names it. Empty for fewer than two points: one figure
    has no history to draw.
    """
    if len(values) < 2:
        return ""
    low, high = min(values), max(values)
    spread = (high - low) or 1
    first, span = min(days), (max(days) - min(days)) or 1
    points = [
        (
            PAD + (d - first) / span * (WIDTH - 2 * PAD),
            HEIGHT - PAD - (v - low) / spread * (HEIGHT - 2 * PAD),
        )
        for d, v in zip(days, values, strict=True)
    ]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    dots = "".join(
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" stroke="{colour}" stroke-width="2" '
        f'fill="{"#ffffff" if lower else colour}"/>'
        for (x, y), lower in zip(points, lower_bounds, strict=True)
    )
    return (
        f'<svg width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        'xmlns="http://www.w3.org/2000/svg">'
        f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>{dots}</svg>'
    )
