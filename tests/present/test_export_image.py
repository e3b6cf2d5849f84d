"""PNG and SVG exports: drawn by the system Chromium through one warm Kaleido browser."""

from __future__ import annotations

import struct

import pytest
from defusedxml import ElementTree

from dashboard import export_image
from dashboard.charts.projector_style import presentation_style
from dashboard.export_image import chromium_path, figure_image
from dashboard.present.deck_content import build_slide

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the PNG's IHDR chunk, which must come first."""
    assert data[:8] == PNG_SIGNATURE
    length, kind, width, height = struct.unpack(">I4sII", data[8:24])
    assert (length, kind) == (13, b"IHDR")
    return width, height


def test_a_chart_exports_as_a_png_at_least_1920_px_wide(deck_data):
    figure = presentation_style(build_slide(deck_data, 4).figure, dark=False)
    width, height = png_size(figure_image(figure, "png"))
    assert width >= 1920 and height >= 1080


def test_a_chart_exports_as_an_svg_that_parses_as_xml(deck_data):
    figure = presentation_style(build_slide(deck_data, 7).figure, dark=True)
    root = ElementTree.fromstring(figure_image(figure, "svg"))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("width") == "1920"


def test_the_map_exports_with_its_land_drawn_from_the_local_topojson(deck_data):
    svg = figure_image(build_slide(deck_data, 6).figure, "svg").decode()
    root = ElementTree.fromstring(svg)
    land = [
        el
        for el in root.iter("{http://www.w3.org/2000/svg}g")
        if "land" in (el.get("class") or "").split()
    ]
    assert land and any(len(path.get("d") or "") > 100 for path in land[0].iter())


def test_every_export_reuses_the_one_warm_browser(deck_data):
    figure = build_slide(deck_data, 3).figure
    figure_image(figure, "png")
    browser = export_image._SERVER._kaleido
    figure_image(figure, "svg")
    assert browser is not None and export_image._SERVER._kaleido is browser


def test_an_image_of_an_animated_chart_shows_no_play_button(deck_data):
    svg = figure_image(build_slide(deck_data, 4).figure, "svg").decode()
    assert "updatemenu" not in svg and "slider" not in svg


def test_kaleido_drives_the_chromium_named_by_browser_path(monkeypatch, tmp_path):
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    assert chromium_path() == "/usr/bin/chromium"
    fake = tmp_path / "chrome"
    fake.write_text("")
    monkeypatch.setenv("BROWSER_PATH", str(fake))
    assert chromium_path() == str(fake)
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "missing"))
    assert chromium_path() is None


def test_an_unknown_format_is_refused(deck_data):
    with pytest.raises(ValueError, match="Unknown image format"):
        figure_image(build_slide(deck_data, 3).figure, "gif")
