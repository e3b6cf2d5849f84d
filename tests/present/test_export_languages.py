"""The exports in other scripts: the deck's PowerPoint and its PNG/SVG in Chinese and Arabic hold
the translated title drawn with real glyphs, and the XLSX About sheet in French is French."""

from __future__ import annotations

import io

import pandas as pd
import plotly.graph_objects as go
import pytest
from openpyxl import load_workbook
from PIL import Image, ImageChops
from pptx import Presentation
from pptx.oxml.ns import qn

from dashboard.charts.projector_style import presentation_style
from dashboard.explore.download_notes import browse_notes
from dashboard.explore.downloads import xlsx_bytes
from dashboard.export_image import figure_image
from dashboard.language import translator
from dashboard.present.deck_content import DECK_TITLE, build_deck, build_slide, fetch_deck_data
from dashboard.present.export_pptx import deck_pptx
from dashboard.queries.browsable_tables import TABLE_BY_KEY
from dashboard.queries.overview import filter_options


def _no_picture(_figure: go.Figure) -> bytes:
    # The map's picture is not what these tests look at; a 1×1 PNG keeps Kaleido out of it.
    out = io.BytesIO()
    Image.new("RGB", (1, 1), "white").save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize("code", ["zh", "ar"])
def test_the_powerpoint_deck_holds_the_translated_title_with_script_fonts(run, everything, code):
    tr = translator(code)
    data = fetch_deck_data(run, everything, tr=tr)
    deck = Presentation(io.BytesIO(deck_pptx(data, build_deck(data), picture=_no_picture)))
    title = tr._(DECK_TITLE)
    assert title != DECK_TITLE
    texts = [shape.text_frame.text for shape in deck.slides[0].shapes if shape.has_text_frame]
    assert title in texts
    assert deck.core_properties.title == title
    runs = [
        run_
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_text_frame
        for paragraph in shape.text_frame.paragraphs
        for run_ in paragraph.runs
    ]
    assert runs
    for text_run in runs:
        properties = text_run._r.find(qn("a:rPr"))
        assert properties.find(qn("a:ea")).get("typeface")
        assert properties.find(qn("a:cs")).get("typeface")
    charts = [shape.chart for slide in deck.slides for shape in slide.shapes if shape.has_chart]
    assert charts
    for chart in charts:  # the chart's own text: axis labels, legend, data labels
        defaults = chart.font._rPr
        assert defaults.find(qn("a:ea")) is not None and defaults.find(qn("a:cs")) is not None
    headings = [s for s in deck.slides[1].shapes if s.has_text_frame]
    rtl = headings[0].text_frame.paragraphs[0]._p.find(qn("a:pPr")).get("rtl")
    assert rtl == ("1" if code == "ar" else None)


def _title_only(title: str) -> go.Figure:
    fig = go.Figure()
    fig.update_layout(title={"text": title}, xaxis_visible=False, yaxis_visible=False)
    return presentation_style(fig, dark=False)


def _pixels(png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(png)).convert("RGB")


def test_two_chinese_titles_of_the_same_length_render_to_different_pixels():
    # Empty boxes (no CJK font) would draw both alike.
    first, second = _title_only("项目概览与合作伙伴"), _title_only("工作组发布成果活动")
    difference = ImageChops.difference(
        _pixels(figure_image(first, "png")), _pixels(figure_image(second, "png"))
    )
    assert difference.getbbox() is not None


def test_two_arabic_titles_of_the_same_length_render_to_different_pixels():
    first, second = _title_only("نظرة عامة"), _title_only("قائمة مدن")
    assert len("نظرة عامة") == len("قائمة مدن")
    difference = ImageChops.difference(
        _pixels(figure_image(first, "png")), _pixels(figure_image(second, "png"))
    )
    assert difference.getbbox() is not None


@pytest.mark.parametrize("code", ["zh", "ar"])
def test_a_slides_png_and_svg_hold_the_translated_title(run, everything, code):
    tr = translator(code)
    data = fetch_deck_data(run, everything, tr=tr)
    slide = build_slide(data, 4)  # the UN agencies' growth: a finding as its title
    finding = slide.figure.layout.title.text
    assert finding and not finding.isascii()
    styled = presentation_style(slide.figure, dark=False)
    svg = figure_image(styled, "svg").decode()
    assert finding in svg
    untitled = go.Figure(styled).update_layout(title_text="")
    with_title, without = figure_image(styled, "png"), figure_image(untitled, "png")
    assert ImageChops.difference(_pixels(with_title), _pixels(without)).getbbox() is not None


def test_the_xlsx_about_sheet_in_french_is_french(run, everything):
    tr = translator("fr")
    spec = TABLE_BY_KEY["events"]
    shown = pd.DataFrame({tr._("Name"): ["Forum"], tr._("Source"): ["A"], "Lien": ["https://x"]})
    notes = browse_notes(
        spec, shown, 1, filters=everything, options=run(filter_options), search="",
        column_filters={}, sort="started_on", descending=True, built="1 janvier 2026", tr=tr,
    )  # fmt: skip
    book = load_workbook(io.BytesIO(xlsx_bytes(shown, notes, tr=tr)))
    assert book.sheetnames == ["Données", "À propos"]
    about = [tuple(row) for row in book["À propos"].iter_rows(values_only=True)]
    assert about[0] == ("À propos", "Valeur")
    labels = dict(about[1:])
    assert labels["Table"] == "Événements"
    assert labels["Années"].startswith("20")
    assert labels["Thèmes"] == "Tous les thèmes"
    assert labels["Trié par"] == "Début, décroissant"
    assert "construites le 1 janvier 2026" in labels["Données au"]


def test_the_offline_html_deck_in_arabic_reads_right_to_left_in_arabic(run, everything):
    from dashboard.present.export_html import deck_html

    tr = translator("ar")
    data = fetch_deck_data(run, everything, tr=tr)
    page = deck_html(data, build_deck(data))
    assert '<html lang="ar" dir="rtl">' in page
    assert f"<title>{tr._(DECK_TITLE)}</title>" in page
    assert f'<button id="previous" type="button">{tr._("Previous")}</button>' in page
