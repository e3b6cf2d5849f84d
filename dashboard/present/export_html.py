"""The deck as one self-contained HTML file: it opens from a USB stick with no network at all.

Plotly.js, every figure and the world map's topojson are inlined; nothing is fetched from any
host. Record text is HTML-escaped in the markup and `<`, `>` and `&` are \\u-escaped in the
inlined JSON, so no record can close a tag or open a script.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from pathlib import Path

import plotly.io as pio
from plotly.offline import get_plotlyjs

from dashboard.charts.projector_style import DARK, LIGHT, presentation_style
from dashboard.present.deck_content import DECK_TITLE, DeckData, Slide, footer

TOPOJSON = Path(__file__).resolve().parents[2] / "static" / "topojson" / "world_110m.json"
CONFIG = {"displaylogo": False, "responsive": True}

STYLE = """
html, body { margin: 0; height: 100%; overflow: hidden; background: __PAPER__; color: __INK__;
  font-family: Arial, Helvetica, sans-serif; }
.slide { position: absolute; inset: 0; box-sizing: border-box; padding: 16px 32px 84px;
  display: flex; flex-direction: column; visibility: hidden; }
.slide.current { visibility: visible; }
.slide h1 { font-size: 40px; margin: 0 0 8px; }
.chart { flex: 1; min-height: 0; }
.empty { font-size: 32px; }
.slide footer { font-size: 18px; margin-top: 8px; }
nav { position: fixed; right: 32px; bottom: 16px; display: flex; gap: 16px; align-items: center;
  font-size: 22px; }
nav button { font-size: 22px; padding: 6px 18px; }
"""

# Constant: it reads figures from the JSON block and never builds markup from data.
SCRIPT = """
(function () {
  var slides = Array.prototype.slice.call(document.querySelectorAll(".slide"));
  var figures = JSON.parse(document.getElementById("deck-figures").textContent);
  var counter = document.getElementById("counter");
  var current = 0;
  slides.forEach(function (slide, index) {
    var figure = figures[index];
    var chart = slide.querySelector(".chart");
    if (figure && chart) {
      Plotly.newPlot(chart, figure);
    }
  });
  function show(index) {
    current = Math.max(0, Math.min(slides.length - 1, index));
    slides.forEach(function (slide, i) { slide.classList.toggle("current", i === current); });
    counter.textContent = (current + 1) + " / " + slides.length;
    history.replaceState(null, "", "#slide=" + (current + 1));
    var chart = slides[current].querySelector(".js-plotly-plot");
    if (chart) { Plotly.Plots.resize(chart); }
  }
  document.getElementById("previous").addEventListener("click", function () { show(current - 1); });
  document.getElementById("next").addEventListener("click", function () { show(current + 1); });
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.altKey || event.ctrlKey || event.metaKey || (target && target.closest &&
        target.closest("input, textarea, select, [contenteditable]"))) { return; }
    if (event.key === "ArrowRight" || event.key === "PageDown") { show(current + 1); }
    else if (event.key === "ArrowLeft" || event.key === "PageUp") { show(current - 1); }
    else if (event.key === "Home") { show(0); }
    else if (event.key === "End") { show(slides.length - 1); }
    else { return; }
    event.preventDefault();
  });
  var asked = /slide=(\\d+)/.exec(location.hash);
  show(asked ? parseInt(asked[1], 10) - 1 : 0);
})();
"""


def script_json(value: object) -> str:
    """JSON that is safe inside <script>: no `<`, `>` or `&` can end the element early."""
    text = value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(raw, escaped)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _figure_json(slide: Slide, dark: bool) -> str:
    if slide.figure is None:
        return "null"
    figure = presentation_style(slide.figure, dark, height=None)
    figure.layout.height = None  # fill the slide, whatever the screen
    spec = json.loads(pio.to_json(figure, validate=False))
    spec["config"] = CONFIG
    return json.dumps(spec, separators=(",", ":"))


def _section(data: DeckData, slide: Slide, dark: bool) -> str:
    body = (
        '<div class="chart"></div>'
        if slide.figure is not None
        else f'<p class="empty">{html.escape(slide.empty)}</p>'
    )
    return (
        f'<section class="slide" id="slide-{slide.number}" data-slide="{slide.number}">'
        f"<h1>{html.escape(slide.heading)}</h1>{body}"
        f"<footer>{html.escape(footer(data, slide, dark=dark))}</footer></section>"
    )


def deck_html(data: DeckData, slides: Sequence[Slide], *, dark: bool = False) -> str:
    """The whole deck as one HTML document, in the projector theme (light or dark)."""
    palette, tr = DARK if dark else LIGHT, data.tr
    # Messages outside the f-strings: `pybabel extract` does not look inside one.
    previous, following = html.escape(tr._("Previous")), html.escape(tr._("Next"))
    style = STYLE.replace("__PAPER__", palette.paper).replace("__INK__", palette.ink)
    figures = "[" + ",".join(_figure_json(slide, dark) for slide in slides) + "]"
    # Plotly reads a preloaded map before fetching one: nothing is requested from its CDN.
    world = script_json(TOPOJSON.read_text(encoding="utf-8"))
    geo_assets = f"window.PlotlyGeoAssets = {{topojson: {{world_110m: {world}}}}};"
    return "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="{tr.code}" dir="{"rtl" if tr.right_to_left else "ltr"}"><head>'
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{html.escape(tr._(DECK_TITLE))}</title>",
            f"<style>{style}</style>",
            f"<script>{geo_assets}</script>",
            f"<script>{get_plotlyjs()}</script>",
            "</head><body>",
            *(_section(data, slide, dark) for slide in slides),
            f'<nav><button id="previous" type="button">{previous}</button>'
            f'<span id="counter"></span><button id="next" type="button">{following}</button></nav>',
            f'<script type="application/json" id="deck-figures">{script_json(figures)}</script>',
            f"<script>{SCRIPT}</script>",
            "</body></html>",
        ]
    )
