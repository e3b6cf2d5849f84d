"""PNG and SVG of any figure, drawn by one warm Kaleido/Chromium kept for the whole process.

Starting Chromium takes seconds; drawing on an open one takes a fraction of one. The browser
is started on the first export (never on a page load), and every later export reuses it.
Kaleido 1.x drives the system Chromium (`BROWSER_PATH`, else /usr/bin/chromium): no browser
is ever downloaded. It runs headless and, as root in CI, without the sandbox (choreographer's
default), with no MathJax and with the world map read from static/, so it needs no network.
"""

from __future__ import annotations

import asyncio
import atexit
import os
import threading
from pathlib import Path

import plotly.graph_objects as go

from dashboard.charts.projector_style import SLIDE_HEIGHT, SLIDE_WIDTH

SYSTEM_CHROMIUM = "/usr/bin/chromium"
TOPOJSON_DIR = Path(__file__).resolve().parents[1] / "static" / "topojson"
START_TIMEOUT_S, RENDER_TIMEOUT_S = 60, 90
FORMATS = {"png": "image/png", "svg": "image/svg+xml"}


class ImageExportUnavailable(RuntimeError):
    """Chromium could not be started or did not draw; the message says what to check."""


def chromium_path() -> str | None:
    """The browser Kaleido drives: `BROWSER_PATH` if set, else Debian's Chromium if present."""
    path = os.environ.get("BROWSER_PATH") or SYSTEM_CHROMIUM
    return path if Path(path).is_file() else None


class _WarmKaleido:
    """One Kaleido on its own event-loop thread; any thread may ask it for an image."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._kaleido = None
        atexit.register(self.stop)

    def _start(self) -> None:
        import kaleido  # deferred: importing it costs time no page load should pay

        path = chromium_path()
        if path is None:
            raise ImageExportUnavailable(
                f"No Chromium at {os.environ.get('BROWSER_PATH') or SYSTEM_CHROMIUM}: install "
                "Debian's chromium (`make test` does) or set BROWSER_PATH."
            )
        loop = asyncio.new_event_loop()
        threading.Thread(target=loop.run_forever, name="kaleido-export", daemon=True).start()

        async def open_browser():
            browser = kaleido.Kaleido(path=path, n=1, mathjax=False, timeout=RENDER_TIMEOUT_S)
            await browser.open()
            return browser

        try:
            self._kaleido = asyncio.run_coroutine_threadsafe(open_browser(), loop).result(
                START_TIMEOUT_S
            )
        except Exception as exc:
            loop.call_soon_threadsafe(loop.stop)
            raise ImageExportUnavailable(f"Chromium did not start for Kaleido: {exc}") from exc
        self._loop = loop

    def render(self, spec: dict, opts: dict) -> bytes:
        with self._lock:
            if self._loop is None:
                self._start()
            loop, browser = self._loop, self._kaleido
        topojson = TOPOJSON_DIR.as_uri() + "/"  # Plotly appends "world_110m.json"
        future = asyncio.run_coroutine_threadsafe(
            browser.calc_fig(spec, opts=opts, topojson=topojson), loop
        )
        try:
            return future.result(RENDER_TIMEOUT_S + 10)
        except Exception as exc:
            self.stop()  # a browser that failed once is restarted by the next export
            raise ImageExportUnavailable(f"Kaleido could not draw the figure: {exc}") from exc

    def stop(self) -> None:
        with self._lock:
            loop, browser = self._loop, self._kaleido
            self._loop = self._kaleido = None
        if loop is None:
            return
        try:
            asyncio.run_coroutine_threadsafe(browser.close(), loop).result(START_TIMEOUT_S)
        except Exception:
            pass
        loop.call_soon_threadsafe(loop.stop)


_SERVER = _WarmKaleido()


def figure_image(
    fig: go.Figure,
    fmt: str = "png",
    *,
    width: int = SLIDE_WIDTH,
    height: int = SLIDE_HEIGHT,
) -> bytes:
    """The figure as PNG or SVG bytes, `width` × `height` px (1920 × 1080 by default)."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown image format {fmt!r}; use one of {sorted(FORMATS)}.")
    spec = fig.to_plotly_json()
    # An image is the figure as drawn: no animation frames, no play button or year slider.
    spec.pop("frames", None)
    for control in ("updatemenus", "sliders"):
        spec["layout"].pop(control, None)
    return _SERVER.render(spec, {"format": fmt, "width": width, "height": height})


def stop_export_browser() -> None:
    """Close the warm browser (tests; the process also closes it at exit)."""
    _SERVER.stop()
