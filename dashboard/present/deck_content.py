"""The /present deck as data: each slide's heading, the query it reads and the chart it draws.

`fetch_deck_data` runs every query once (through whatever runner the caller passes: the page's
cached `run_query`, or a plain connection in tests); `build_slide` turns that data into one
slide, so the page, the PNG/SVG, the PowerPoint and the offline HTML all draw the same slides.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any
from urllib.parse import urlencode

import pandas as pd
import plotly.graph_objects as go

from dashboard import clock
from dashboard.charts.animation import animated_growth_chart
from dashboard.charts.bars import releases_per_year_chart, working_group_sunburst
from dashboard.charts.event_map import events_map
from dashboard.charts.findings import series_finding
from dashboard.charts.slide_cards import NEWEST_SHOWN, kpi_board, new_records_table, title_card
from dashboard.colours import initiative_colours
from dashboard.currency import build_currency_line
from dashboard.filters import FilterOptions, Filters, to_query_params
from dashboard.formatting import date_label, year_span
from dashboard.kpis import KpiCard, activity_cards, headline_card
from dashboard.language import ENGLISH, ENGLISH_CODE, LANG_PARAM, N_, Translator
from dashboard.queries.counts import counts_over_time
from dashboard.queries.events import event_timeline, events_per_city
from dashboard.queries.overview import (
    activity_totals,
    build_info,
    filter_options,
    headline_counts,
    initiative_order,
    new_since,
)
from dashboard.queries.releases import release_list, releases_per_year
from dashboard.queries.working_groups import working_group_hierarchy, working_group_table

# run(query_function, *args), e.g. dashboard.cached_queries.run_query
QueryRunner = Callable[..., Any]
DECK_TITLE = N_("U4SSC and the citiverse: the programme in eight slides")
RECORDS_SOURCE = N_("the programme's records in data/, each citing a public source")
SOURCES_SHOWN = 3


@dataclass(frozen=True)
class DeckData:
    """Every frame the deck draws, for one set of filters."""

    filters: Filters
    options: FilterOptions
    colours: Mapping[str, str]
    as_of: str  # the latest source's date, as people write it
    as_of_date: date | None
    year: int  # "this year": the latest year in the filters that the data reaches
    frames: Mapping[str, pd.DataFrame]
    currency: str = ""  # the line saying the newest source is old, or '' while it is recent
    tr: Translator = ENGLISH  # the language every slide, footer and export is written in


@dataclass(frozen=True)
class Slide:
    number: int
    key: str
    heading: str  # constant text (and years): safe anywhere
    kind: str  # title | kpis | growth | hierarchy | map | per_year | table
    data: pd.DataFrame  # what the chart plots; empty when the filters leave nothing
    figure: go.Figure | None  # None: show `empty` instead
    sources: tuple[str, ...]
    empty: str = ""
    cards: tuple[KpiCard, ...] = ()
    lines: tuple[str, ...] = ()


def fetch_deck_data(
    run: QueryRunner, filters: Filters, today: date | None = None, tr: Translator = ENGLISH
) -> DeckData:
    """Every frame of the deck; `today` (the clock's by default) dates the currency line."""
    options = run(filter_options)
    build = run(build_info)
    currency = build_currency_line(build, today or clock.today(), tr)
    latest = build.iloc[0] if len(build) else None
    if latest is not None and pd.notna(latest["latest_source_date"]):
        as_of = date_label(latest["latest_source_date"], latest["latest_source_precision"], tr)
        as_of_date = pd.Timestamp(latest["latest_source_date"]).date()
    else:
        as_of, as_of_date = tr._("date not stated"), None
    data_year = as_of_date.year if as_of_date else filters.year_to
    year = max(filters.year_from, min(filters.year_to, data_year))
    this_year = replace(filters, year_from=year, year_to=year)
    frames = {
        "headline": run(headline_counts, filters),
        "totals": run(activity_totals, filters),
        "partners": run(counts_over_time, filters, ("partners",)),
        "un_agencies": run(counts_over_time, filters, ("un_agencies",)),
        "hierarchy": run(working_group_hierarchy, filters),
        "working_groups": run(working_group_table, filters),
        "cities": run(events_per_city, this_year),
        "events": run(event_timeline, this_year),
        "releases_per_year": run(releases_per_year, filters),
        "releases": run(release_list, filters),
        "new": run(new_since, this_year, date(year, 1, 1)),
    }
    colours = initiative_colours(run(initiative_order))
    return DeckData(filters, options, colours, as_of, as_of_date, year, frames, currency, tr)


def _sources(*frames: pd.DataFrame) -> tuple[str, ...]:
    """Each distinct source title behind the frames, in order of first appearance."""
    # A grouped figure lists its sources as "A; B" (see counts_over_time): one title each.
    titles = (
        title.strip()
        for frame in frames
        if "source_title" in frame
        for joined in frame["source_title"].dropna()
        for title in str(joined).split("; ")
    )
    return tuple(dict.fromkeys(titles))


def filter_lines(data: DeckData) -> tuple[str, ...]:
    """What the filters select, in words, for the title slide; and, when the newest source is
    more than six months old, the line that says so."""
    f, options, tr = data.filters, data.options, data.tr
    themes = ", ".join(options.themes.get(t, t) for t in f.themes) or tr._("all themes")
    initiatives = ", ".join(options.initiatives.get(i, i) for i in f.initiatives)
    return (
        tr._("Years {years} · {themes}", years=year_span(f.year_from, f.year_to), themes=themes),
        tr._("Initiatives: {initiatives}", initiatives=initiatives or tr._("all initiatives")),
        tr._("Data as of {date}", date=data.as_of),
        *((data.currency,) if data.currency else ()),
    )


def _title(data: DeckData, number: int) -> Slide:
    lines = filter_lines(data)
    return Slide(
        number=number,
        key="title",
        heading=data.tr._("U4SSC and the citiverse"),
        kind="title",
        data=pd.DataFrame(),
        figure=title_card(data.tr._(DECK_TITLE), lines, tr=data.tr),
        sources=(data.tr._(RECORDS_SOURCE),),
        lines=lines,
    )


def _glance(data: DeckData, number: int) -> Slide:
    f, headline, tr = data.filters, data.frames["headline"], data.tr
    cards = [headline_card(row, tr) for _, row in headline.iterrows()]
    cards += activity_cards(data.frames["totals"].iloc[0], f.year_from, f.year_to, tr)
    title = tr._("Headline figures and activity, {years}", years=year_span(f.year_from, f.year_to))
    sources = (*_sources(headline), tr._(RECORDS_SOURCE))
    return Slide(
        number=number,
        key="glance",
        heading=tr._("The programme at a glance"),
        kind="kpis",
        data=headline,
        figure=kpi_board(cards, title, tr=tr),
        sources=sources,
        cards=tuple(cards),
    )


def _growth(key: str, heading: str, initiative_id: str, empty: str) -> Callable:
    def build(data: DeckData, number: int) -> Slide:
        counts, tr = data.frames[key], data.tr
        figure = None
        if len(counts):
            title = series_finding(counts, initiative_id, key, tr) or tr._(heading)
            figure = animated_growth_chart(counts, data.colours, title, tr=tr)
        return Slide(
            number=number,
            key=key,
            heading=tr._(heading),
            kind="growth",
            data=counts,
            figure=figure,
            sources=_sources(counts),
            empty=tr._(empty),
        )

    return build


def _hierarchy(data: DeckData, number: int) -> Slide:
    wgs, tr = data.frames["hierarchy"], data.tr
    return Slide(
        number=number,
        key="working_groups",
        heading=tr._("Working groups by thematic group"),
        kind="hierarchy",
        data=wgs,
        figure=working_group_sunburst(wgs, data.colours, tr=tr) if len(wgs) else None,
        sources=_sources(data.frames["working_groups"]),
        empty=tr._("No working groups match the filters."),
    )


def _map(data: DeckData, number: int) -> Slide:
    cities, tr = data.frames["cities"], data.tr
    return Slide(
        number=number,
        key="map",
        heading=tr._("Events in {year} on a map", year=data.year),
        kind="map",
        data=cities,
        figure=events_map(cities, tr=tr) if len(cities) else None,
        sources=_sources(data.frames["events"]),
        empty=tr._("No event with a known city in {year} matches the filters.", year=data.year),
    )


def _releases(data: DeckData, number: int) -> Slide:
    per_year, tr = data.frames["releases_per_year"], data.tr
    return Slide(
        number=number,
        key="releases",
        heading=tr._("Releases per year"),
        kind="per_year",
        data=per_year,
        figure=releases_per_year_chart(per_year, tr=tr) if len(per_year) else None,
        sources=_sources(data.frames["releases"]),
        empty=tr._("No releases match the filters."),
    )


def _new(data: DeckData, number: int) -> Slide:
    new, tr = data.frames["new"], data.tr
    return Slide(
        number=number,
        key="new",
        heading=tr._("What is new in {year}", year=data.year),
        kind="table",
        data=new,
        figure=new_records_table(new, data.year, tr=tr) if len(new) else None,
        sources=_sources(new.head(NEWEST_SHOWN)),
        empty=tr._("Nothing dated {year} matches the filters.", year=data.year),
    )


SLIDES: tuple[Callable[[DeckData, int], Slide], ...] = (
    _title,
    _glance,
    _growth(
        "partners",
        N_("Citiverse partners over time"),
        "citiverse",
        N_("No partner figures match."),
    ),
    _growth(
        "un_agencies", N_("UN agencies backing U4SSC"), "u4ssc", N_("No UN agency figures match.")
    ),
    _hierarchy,
    _map,
    _releases,
    _new,
)
SLIDE_COUNT = len(SLIDES)


def build_slide(data: DeckData, number: int) -> Slide:
    return SLIDES[number - 1](data, number)


def build_deck(data: DeckData) -> tuple[Slide, ...]:
    return tuple(build_slide(data, n) for n in range(1, SLIDE_COUNT + 1))


def parse_slide(
    raw: str | None, count: int = SLIDE_COUNT, tr: Translator = ENGLISH
) -> tuple[int, str | None]:
    """The slide a `?slide=` value asks for, and a notice when it could not be shown as asked."""
    if raw is None or raw == "":
        return 1, None
    try:
        number = int(raw)
    except ValueError:
        return 1, tr._("The slide in the link is not a number; showing the first slide.")
    if number > count:
        return count, tr.ngettext(
            "The deck has {n} slide; showing the last one.",
            "The deck has {n} slides; showing the last one.",
            count,
        )
    if number < 1:
        return 1, tr._("Slides are numbered from 1; showing the first slide.")
    return number, None


def view_url(data: DeckData, number: int, *, dark: bool = False) -> str:
    """The short, relative URL that reopens this slide with these filters."""
    params = to_query_params(data.filters, data.options)
    if data.tr.code != ENGLISH_CODE:
        params[LANG_PARAM] = data.tr.code
    if dark:
        params["mode"] = "dark"
    params["slide"] = str(number)
    return "/present?" + urlencode(params, safe=",")


def sources_line(slide: Slide, tr: Translator = ENGLISH) -> str:
    shown = list(slide.sources[:SOURCES_SHOWN])
    if len(slide.sources) > SOURCES_SHOWN:
        shown.append(tr._("and {count} more", count=tr.number(len(slide.sources) - SOURCES_SHOWN)))
    titles = "; ".join(shown)
    if len(slide.sources) > 1:
        return tr._("Sources: {titles}", titles=titles)
    return tr._("Source: {titles}", titles=titles)


def footer(data: DeckData, slide: Slide, *, dark: bool = False) -> str:
    """'Source: … · Data as of … · /present?…&slide=N', the same on screen and in every export."""
    return " · ".join(
        (
            sources_line(slide, data.tr),
            data.tr._("Data as of {date}", date=data.as_of),
            view_url(data, slide.number, dark=dark),
        )
    )
