"""The deck as a PowerPoint file whose charts are native, editable charts with their data.

Lines, bars and tables are PowerPoint's own, built from the same frames as the slides on
screen; only the map, which PowerPoint cannot draw, is a picture (PNG from Kaleido). The
working-group sunburst becomes a stacked bar chart of working groups per thematic group.
"""

from __future__ import annotations

import html
import io
from collections.abc import Callable, Sequence
from datetime import datetime

import pandas as pd
import plotly.graph_objects as go
from pptx import Presentation
from pptx.chart.data import CategoryChartData, XyChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_MARKER_STYLE
from pptx.enum.dml import MSO_LINE_DASH_STYLE, MSO_PATTERN_TYPE
from pptx.enum.text import PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt
from xlsxwriter import Workbook

from dashboard.charts.bars import QUERY_GROUP_NAMES
from dashboard.charts.projector_style import presentation_style
from dashboard.charts.slide_cards import new_records_rows
from dashboard.colours import Mark, category_marks, mark_of
from dashboard.export_image import figure_image
from dashboard.formatting import count_label
from dashboard.language import ENGLISH, Translator
from dashboard.present.deck_content import DECK_TITLE, DeckData, Slide, footer

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
CHART_TOP, CHART_HEIGHT = Inches(1.55), Inches(5.1)
BLANK_LAYOUT = 6
Picture = Callable[[go.Figure], bytes]
# PowerPoint picks a run's font per script: Latin text from a:latin, Chinese from the East Asian
# a:ea, Arabic from the complex-script a:cs. Left unset, a viewer without the theme's fonts may
# show empty boxes; these ship with Windows and macOS Office, and LibreOffice substitutes Noto.
EAST_ASIAN_FONT, COMPLEX_SCRIPT_FONT = "Microsoft YaHei", "Arial"
_LANGUAGE_TAGS = {"ar": "ar-SA", "zh": "zh-CN", "en": "en-GB", "fr": "fr-FR", "ru": "ru-RU"}


def script_fonts(run, tr: Translator = ENGLISH) -> None:
    """Sets the run's language and its East Asian and complex-script typefaces (rPr's XML)."""
    _script_fonts(run._r.get_or_add_rPr(), tr)


def _script_fonts(properties, tr: Translator) -> None:
    """On a run's `a:rPr` or a chart's default `a:defRPr`: language, `a:ea` and `a:cs`."""
    properties.set("lang", _LANGUAGE_TAGS.get(tr.code, "es-ES" if tr.code == "es" else "en-GB"))
    for tag, face in (("a:ea", EAST_ASIAN_FONT), ("a:cs", COMPLEX_SCRIPT_FONT)):
        for old in properties.findall(qn(tag)):
            properties.remove(old)
        element = properties.makeelement(qn(tag), {"typeface": face})
        # Schema order: a:latin, a:ea, a:cs, then a:sym and the hyperlinks.
        later = [properties.find(qn(t)) for t in ("a:sym", "a:hlinkClick", "a:hlinkMouseOver")]
        anchor = next((e for e in later if e is not None), None)
        if anchor is None:
            properties.append(element)
        else:
            anchor.addprevious(element)


# The second cue of a repeated colour (dashboard.colours), in PowerPoint's own terms.
PPTX_DASHES = {
    "solid": MSO_LINE_DASH_STYLE.SOLID,
    "dash": MSO_LINE_DASH_STYLE.DASH,
    "dot": MSO_LINE_DASH_STYLE.ROUND_DOT,
    "dashdot": MSO_LINE_DASH_STYLE.DASH_DOT,
}
PPTX_MARKERS = {
    "circle": XL_MARKER_STYLE.CIRCLE,
    "square": XL_MARKER_STYLE.SQUARE,
    "diamond": XL_MARKER_STYLE.DIAMOND,
    "triangle-up": XL_MARKER_STYLE.TRIANGLE,
}
PPTX_PATTERNS = {
    "/": MSO_PATTERN_TYPE.WIDE_UPWARD_DIAGONAL,
    ".": MSO_PATTERN_TYPE.PERCENT_50,
    "x": MSO_PATTERN_TYPE.DIAGONAL_CROSS,
}


class _TextCells:
    """Chart data whose embedded workbook (PowerPoint's "Edit data") keeps record text as text.

    python-pptx writes names with xlsxwriter's `write`, which makes text starting with "=" a live
    formula and a URL a link: a group named '=HYPERLINK(...)' must stay a name in Excel too.
    """

    @property
    def xlsx_blob(self) -> bytes:
        out = io.BytesIO()
        options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
        workbook = Workbook(out, options)
        self._workbook_writer._populate_worksheet(workbook, workbook.add_worksheet())
        workbook.close()
        return out.getvalue()


class _CategoryData(_TextCells, CategoryChartData):
    pass


class _XyData(_TextCells, XyChartData):
    pass


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


def _text(
    slide,
    left,
    top,
    width,
    height,
    paragraphs: Sequence[tuple[str, int, bool]],
    align=None,
    tr: Translator = ENGLISH,
):
    """A text box: (text, points, bold) per paragraph. Record text stays plain text here."""
    frame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    for index, (text, size, bold) in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.text, paragraph.font.size, paragraph.font.bold = text, Pt(size), bold
        if align is not None:
            paragraph.alignment = align
        if tr.right_to_left:
            paragraph._p.get_or_add_pPr().set("rtl", "1")
        for run in paragraph.runs:
            script_fonts(run, tr)
    return frame


def _year_fraction(value: object) -> float:
    """A date as a decimal year, so reports sit at their true distance on the time axis."""
    day = pd.Timestamp(value)
    days = 366 if day.is_leap_year else 365
    return round(day.year + (day.day_of_year - 1) / days, 4)


def _growth_chart(slide, counts: pd.DataFrame, colours, tr: Translator) -> None:
    data = _XyData()
    lines = list(counts.groupby("initiative_id", sort=False))
    for _, series in lines:
        line = data.add_series(series["initiative"].iloc[0])
        for as_of, value in zip(series["as_of"], series["value"], strict=True):
            line.add_data_point(_year_fraction(as_of), int(value))
    frame = slide.shapes.add_chart(
        XL_CHART_TYPE.XY_SCATTER_LINES, MARGIN, CHART_TOP, WIDTH - 2 * MARGIN, CHART_HEIGHT, data
    )
    chart = frame.chart
    for plotted, (initiative_id, series) in zip(chart.plots[0].series, lines, strict=True):
        mark = mark_of(colours, initiative_id)
        colour = _rgb(mark.colour)
        plotted.smooth = False
        plotted.format.line.color.rgb, plotted.format.line.width = colour, Pt(3)
        plotted.format.line.dash_style = PPTX_DASHES[mark.dash]
        for point, value, qualifier in zip(
            plotted.points, series["value"], series["qualifier"], strict=True
        ):
            point.marker.style, point.marker.size = PPTX_MARKERS[mark.symbol], 11
            point.marker.format.line.color.rgb = colour
            # "more than 70" is a lower bound: an open marker and "70+", never a filled point
            if qualifier == ">":
                point.marker.format.fill.background()
            else:
                point.marker.format.fill.solid()
                point.marker.format.fill.fore_color.rgb = colour
            label = point.data_label
            label.text_frame.text = count_label(value, qualifier, tr)
            label.position, label.font.size = XL_LABEL_POSITION.ABOVE, Pt(16)
    years = counts["as_of"].map(lambda d: pd.Timestamp(d).year)
    x_axis, y_axis = chart.category_axis, chart.value_axis
    x_axis.minimum_scale, x_axis.maximum_scale = int(years.min()), int(years.max()) + 1
    x_axis.major_unit = 1
    x_axis.tick_labels.number_format, x_axis.tick_labels.number_format_is_linked = "0", False
    y_axis.minimum_scale = 0
    _style_axes(chart, legend=len(lines) > 1, tr=tr)


def _style_axes(chart, *, legend: bool, tr: Translator = ENGLISH) -> None:
    chart.font.size = Pt(16)
    # The chart's own text (axis labels, legend, data labels) inherits these defaults.
    _script_fonts(chart.font._rPr, tr)
    chart.has_legend = legend
    if legend:
        chart.legend.position, chart.legend.include_in_layout = XL_LEGEND_POSITION.BOTTOM, False


def _category_chart(
    slide,
    kind,
    categories,
    series: dict[str, list[int]],
    marks: Sequence[Mark],
    tr: Translator = ENGLISH,
) -> None:
    data = _CategoryData()
    data.categories = categories
    for name, values in series.items():
        data.add_series(name, values)
    frame = slide.shapes.add_chart(kind, MARGIN, CHART_TOP, WIDTH - 2 * MARGIN, CHART_HEIGHT, data)
    chart = frame.chart
    for plotted, mark in zip(chart.plots[0].series, marks, strict=True):
        if mark.pattern:
            # A repeated colour is hatched, as on screen.
            plotted.format.fill.patterned()
            plotted.format.fill.pattern = PPTX_PATTERNS[mark.pattern]
            plotted.format.fill.fore_color.rgb = _rgb(mark.colour)
            plotted.format.fill.back_color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        else:
            plotted.format.fill.solid()
            plotted.format.fill.fore_color.rgb = _rgb(mark.colour)
    chart.plots[0].gap_width = 60
    _style_axes(chart, legend=len(series) > 1, tr=tr)


def _per_year_chart(slide, per_year: pd.DataFrame, tr: Translator) -> None:
    years = sorted(int(y) for y in per_year["year"].unique())
    series = {
        kind: [int(group.loc[group["year"] == y, "releases"].sum()) for y in years]
        for kind, group in per_year.groupby("kind", sort=True)
    }
    marks = category_marks(len(series))  # as releases_per_year_chart draws them
    categories = [str(y) for y in years]
    _category_chart(slide, XL_CHART_TYPE.COLUMN_STACKED, categories, series, marks, tr)


def working_groups_per_thematic_group(hierarchy: pd.DataFrame) -> pd.DataFrame:
    """Working groups per (initiative, thematic group): the sunburst's middle ring as a table."""
    weight = hierarchy["working_groups"] if "working_groups" in hierarchy else 1
    return (
        hierarchy.assign(n=weight)
        .groupby(["initiative_id", "initiative", "thematic_group"], sort=False)["n"]
        .sum()
        .reset_index()
    )


def _hierarchy_chart(slide, hierarchy: pd.DataFrame, colours, tr: Translator) -> None:
    per_group = working_groups_per_thematic_group(hierarchy)
    per_group["thematic_group"] = per_group["thematic_group"].map(
        lambda group: tr._(group) if group in QUERY_GROUP_NAMES else group
    )
    groups = list(dict.fromkeys(per_group["thematic_group"]))
    initiatives = list(dict.fromkeys(zip(per_group["initiative_id"], per_group["initiative"])))
    table = per_group.pivot_table(
        index="thematic_group", columns="initiative_id", values="n", aggfunc="sum", fill_value=0
    )
    series = {name: [int(table.loc[g, i]) for g in groups] for i, name in initiatives}
    bar_marks = [mark_of(colours, i) for i, _ in initiatives]
    _category_chart(slide, XL_CHART_TYPE.BAR_STACKED, groups, series, bar_marks, tr)


def _table(slide, new: pd.DataFrame, tr: Translator) -> None:
    rows = new_records_rows(new, tr=tr)
    shape = slide.shapes.add_table(
        len(rows) + 1, len(rows.columns), MARGIN, CHART_TOP, WIDTH - 2 * MARGIN, Inches(0.4)
    )
    table = shape.table
    for column, width in zip(table.columns, (2.3, 1.7, 8.33), strict=True):
        column.width = Inches(width)
    for index, name in enumerate(rows.columns):
        table.cell(0, index).text = name
    for r, values in enumerate(rows.itertuples(index=False), start=1):
        for c, value in enumerate(values):
            table.cell(r, c).text = str(value)
    for cell in (table.cell(r, c) for r in range(len(rows) + 1) for c in range(3)):
        cell.text_frame.paragraphs[0].font.size = Pt(14)
        for run in cell.text_frame.paragraphs[0].runs:
            script_fonts(run, tr)


def _kpis(slide, slide_data: Slide, tr: Translator) -> None:
    cards = slide_data.cards
    rows = [cards[:2], cards[2:]] if len(cards) > 3 else [cards]
    row_height = Emu(int(CHART_HEIGHT / len(rows)))
    for r, row in enumerate(rows):
        width = Emu(int((WIDTH - 2 * MARGIN) / len(row)))
        for c, card in enumerate(row):
            paragraphs = [(card.label, 20, True), (card.value, 54, True)]
            paragraphs += [(card.delta, 16, False)] if card.delta else []
            paragraphs += [(card.caption, 12, False)] if card.caption else []
            left, top = MARGIN + width * c, CHART_TOP + row_height * r
            _text(slide, left, top, width, row_height, paragraphs, PP_ALIGN.CENTER, tr)


def _finding(slide_data: Slide) -> str:
    """The chart's title (its finding) as plain text: the figure holds it HTML-escaped."""
    title = slide_data.figure.layout.title.text if slide_data.figure is not None else None
    return html.unescape(title) if title else ""


def _content_slide(prs, data: DeckData, slide_data: Slide, picture: Picture) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[BLANK_LAYOUT])
    tr = data.tr
    heading = [(f"{slide_data.number}. {slide_data.heading}", 32, True)]
    if finding := _finding(slide_data):
        heading.append((finding, 18, False))
    _text(slide, MARGIN, Inches(0.3), WIDTH - 2 * MARGIN, Inches(1.2), heading, tr=tr)
    kind, frame = slide_data.kind, slide_data.data
    if slide_data.figure is None:
        empty = [(slide_data.empty, 24, False)]
        _text(slide, MARGIN, CHART_TOP, WIDTH - 2 * MARGIN, Inches(1), empty, tr=tr)
    elif kind == "kpis":
        _kpis(slide, slide_data, tr)
    elif kind == "growth":
        _growth_chart(slide, frame, data.colours, tr)
    elif kind == "per_year":
        _per_year_chart(slide, frame, tr)
    elif kind == "hierarchy":
        _hierarchy_chart(slide, frame, data.colours, tr)
    elif kind == "table":
        _table(slide, frame, tr)
    else:  # the map: PowerPoint has no map chart, so a picture of the same figure
        png = io.BytesIO(picture(presentation_style(slide_data.figure, dark=False)))
        slide.shapes.add_picture(png, MARGIN, CHART_TOP, height=CHART_HEIGHT)
    _footer(slide, footer(data, slide_data), tr)


def _footer(slide, text: str, tr: Translator) -> None:
    _text(slide, MARGIN, Inches(6.8), WIDTH - 2 * MARGIN, Inches(0.6), [(text, 11, False)], tr=tr)


def _title_slide(prs, data: DeckData, slide_data: Slide) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[BLANK_LAYOUT])
    width, centre, tr = WIDTH - 2 * MARGIN, PP_ALIGN.CENTER, data.tr
    title = [(tr._(DECK_TITLE), 40, True)]
    _text(slide, MARGIN, Inches(2.0), width, Inches(1.6), title, centre, tr)
    lines = [(line, 24, False) for line in slide_data.lines]
    _text(slide, MARGIN, Inches(3.8), width, Inches(2), lines, centre, tr)
    _footer(slide, footer(data, slide_data), tr)


def deck_pptx(data: DeckData, slides: Sequence[Slide], picture: Picture | None = None) -> bytes:
    """The .pptx bytes of `slides`: a title slide with the filters, then one slide each."""
    picture = picture or (lambda fig: figure_image(fig, "png"))
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    properties = prs.core_properties
    properties.title = data.tr._(DECK_TITLE)
    properties.author = data.tr._("U4SSC and citiverse programme dashboard")
    properties.revision = 1
    if data.as_of_date is not None:  # the data's date, not the clock: same data, same file
        properties.created = properties.modified = datetime(*data.as_of_date.timetuple()[:3])
    for slide_data in slides:
        if slide_data.kind == "title":
            _title_slide(prs, data, slide_data)
        else:
            _content_slide(prs, data, slide_data, picture)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
