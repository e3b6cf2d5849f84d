"""Figures made of text: the deck's title card, the KPI board and the table of what is new.

They are figures so that the deck, its PNG/SVG and the offline HTML draw them like any chart.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.common import plain, styled
from dashboard.formatting import date_label
from dashboard.kpis import KpiCard
from dashboard.language import ENGLISH, N_, Translator

NEWEST_SHOWN = 10
# The kinds of record dashboard/queries/overview.py's `new_since` names, marked for the catalogue.
RECORD_KINDS = (N_("Working group"), N_("Event"), N_("Release"))


def _blank(fig: go.Figure) -> go.Figure:
    fig.update_xaxes(visible=False, range=[0, 1])
    fig.update_yaxes(visible=False, range=[0, 1])
    return fig


def _wrapped(text: str, width: int) -> str:
    """Record text for an annotation: escaped line by line, joined with Plotly's <br>."""
    return "<br>".join(plain(line) for line in textwrap.wrap(text, width))


def _text(x: float, y: float, text: str, size: int, **extra: object) -> dict:
    return {
        "x": x,
        "y": y,
        "xref": "paper",
        "yref": "paper",
        "text": text,
        "showarrow": False,
        "font": {"size": size},
        "xanchor": "center",
        "yanchor": "top",
        "align": "center",
        **extra,
    }


def title_card(title: str, lines: Sequence[str], *, tr: Translator = ENGLISH) -> go.Figure:
    """The deck's first slide: its title and what the filters select, one line each."""
    fig = go.Figure()
    fig.add_annotation(_text(0.5, 0.72, _wrapped(title, 40), 60))
    for index, line in enumerate(lines):
        fig.add_annotation(_text(0.5, 0.48 - 0.09 * index, _wrapped(line, 80), 30))
    fig = styled(_blank(fig), "", height=560, tr=tr)
    fig.update_layout(title=None)
    return fig


def kpi_board(cards: Sequence[KpiCard], title: str, *, tr: Translator = ENGLISH) -> go.Figure:
    """Each card's label, value (a lower bound keeps its '+'), change and caption, two rows."""
    rows = [list(cards[:2]), list(cards[2:])] if len(cards) > 3 else [list(cards)]
    fig = go.Figure()
    row_height = 1 / len(rows)
    for row_index, row in enumerate(rows):
        top = 1 - row_index * row_height
        for index, card in enumerate(row):
            left, right = index / len(row), (index + 1) / len(row)
            centre, chars = (left + right) / 2, 120 // len(row)
            fig.add_shape(
                type="rect",
                xref="paper",
                yref="paper",
                x0=left + 0.01,
                x1=right - 0.01,
                y0=top - row_height + 0.02,
                y1=top - 0.01,
                line={"color": "#7a7a7a", "width": 2},
            )
            # Lines stand a fixed number of pixels below the card's top, not a share of the
            # figure's height: the deck fits the chart to the window, so the height varies.
            for text, size, below_px in (
                (_wrapped(card.label, chars), 26, 10),
                (plain(card.value), 72, 44),
                (_wrapped(card.delta, chars) if card.delta else "", 22, 124),
                (_wrapped(card.caption, chars) if card.caption else "", 18, 154),
            ):
                if text:
                    fig.add_annotation(_text(centre, top - 0.01, text, size, yshift=-below_px))
    return styled(_blank(fig), title, height=640, tr=tr)


def new_records_rows(
    new: pd.DataFrame, limit: int = NEWEST_SHOWN, tr: Translator = ENGLISH
) -> pd.DataFrame:
    """The newest records as plain text (escape before drawing): date, kind and name."""
    newest = new.head(limit)
    return pd.DataFrame(
        {
            tr.pgettext("column", "Date"): [
                date_label(d, p, tr)
                for d, p in zip(newest["date"], newest["precision"], strict=True)
            ],
            tr.pgettext("column", "What"): [tr._(kind) for kind in newest["record"]],
            tr.pgettext("column", "Name"): newest["name"].tolist(),
        }
    )


def new_records_title(new: pd.DataFrame, year: int, tr: Translator = ENGLISH) -> str:
    """'New in 2025: 5 working groups, 10 events, 10 releases; the 10 newest'."""
    kinds = new["record"].value_counts()
    counts = {
        "working_groups": tr.ngettext(
            "{n} working group", "{n} working groups", int(kinds.get("Working group", 0))
        ),
        "events": tr.ngettext("{n} event", "{n} events", int(kinds.get("Event", 0))),
        "releases": tr.ngettext("{n} release", "{n} releases", int(kinds.get("Release", 0))),
    }
    if len(new) > NEWEST_SHOWN:
        return tr._(
            "New in {year}: {working_groups}, {events}, {releases}; the {shown} newest",
            year=year,
            shown=tr.number(NEWEST_SHOWN),
            **counts,
        )
    return tr._("New in {year}: {working_groups}, {events}, {releases}", year=year, **counts)


def new_records_table(new: pd.DataFrame, year: int, *, tr: Translator = ENGLISH) -> go.Figure:
    """What is new in `year`, newest first, as a table of at most NEWEST_SHOWN rows."""
    title = new_records_title(new, year, tr)
    rows = new_records_rows(new, tr=tr)
    fig = go.Figure(
        go.Table(
            columnwidth=[2, 1.4, 7],
            header={"values": list(rows.columns), "align": "left"},
            cells={
                "values": [[plain(v) for v in rows[column]] for column in rows.columns],
                "align": "left",
            },
        )
    )
    return styled(fig, title, height=120 + 42 * (len(rows) + 1), tr=tr)
