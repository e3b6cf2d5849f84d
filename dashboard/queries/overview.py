"""Queries for the overview: options, build info, headline figures, milestones, what is new."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import duckdb
import pandas as pd

from dashboard.filters import FilterOptions, Filters
from dashboard.language import N_
from dashboard.queries.counts import LIST_LIMIT, counts_over_time
from dashboard.queries.events import STATUS_COLUMNS, STATUS_HISTORY
from dashboard.queries.scope import run

# The two headline figures the programme quotes in public.
HEADLINE_COUNTS = (
    ("citiverse", "partners", N_("Citiverse partners")),
    ("u4ssc", "un_agencies", N_("UN agencies backing U4SSC")),
)


def filter_options(con: duckdb.DuckDBPyConnection) -> FilterOptions:
    years = con.execute(
        """SELECT min(y), max(y) FROM (
               SELECT year(started_on) AS y FROM events UNION ALL
               SELECT year(released_on) FROM releases UNION ALL
               SELECT year(as_of) FROM counts UNION ALL
               SELECT year(started_on) FROM working_groups UNION ALL
               SELECT year(started_on) FROM initiatives)"""
    ).fetchone()
    themes = dict(con.execute("SELECT id, name FROM themes ORDER BY name").fetchall())
    initiatives = dict(
        con.execute("SELECT id, short_name FROM initiatives ORDER BY started_on, id").fetchall()
    )
    this_year = date.today().year
    return FilterOptions(years[0] or this_year, years[1] or this_year, themes, initiatives)


def build_info(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute("""
        SELECT b.build_id, b.built_at, s.published_on AS latest_source_date,
               s.published_on_precision::VARCHAR AS latest_source_precision
        FROM build_info b LEFT JOIN (
            SELECT published_on, published_on_precision FROM sources
            WHERE published_on IS NOT NULL ORDER BY published_on DESC LIMIT 1) s ON true""").df()


def initiative_order(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every initiative, oldest first: the order that fixes each one's colour on every page."""
    return [
        r[0] for r in con.execute("SELECT id FROM initiatives ORDER BY started_on, id").fetchall()
    ]


def headline_counts(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Each headline figure's latest and previous report in the chosen years, and its history."""
    return headline_rows(
        counts_over_time(con, filters, tuple(sorted({m for _, m, _ in HEADLINE_COUNTS})))
    )


def headline_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """`headline_counts` from rows `counts_over_time` already returned (the overview's own)."""
    rows = []
    for initiative_id, metric, title in HEADLINE_COUNTS:
        series = frame[(frame["initiative_id"] == initiative_id) & (frame["metric"] == metric)]
        latest = series.iloc[-1] if len(series) else None
        # Two sources may report the same figure for the same date; "previous" is earlier.
        earlier = series[series["as_of"] < latest["as_of"]] if latest is not None else series
        previous = earlier.iloc[-1] if len(earlier) else None

        def field(row: pd.Series | None, column: str) -> object:
            return None if row is None else row[column]

        rows.append(
            {
                "title": title,
                "initiative_id": initiative_id,
                "metric": metric,
                "value": None if latest is None else int(latest["value"]),
                "qualifier": field(latest, "qualifier"),
                "as_of": field(latest, "as_of"),
                "as_of_precision": field(latest, "as_of_precision"),
                "source_title": field(latest, "source_title"),
                "source_short_title": field(latest, "source_short_title"),
                "source_url": field(latest, "source_url"),
                "previous_value": None if previous is None else int(previous["value"]),
                "previous_qualifier": field(previous, "qualifier"),
                "previous_as_of": field(previous, "as_of"),
                "previous_as_of_precision": field(previous, "as_of_precision"),
                "history_as_of": series["as_of"].tolist(),
                "history_values": series["value"].astype(int).tolist(),
                "history_qualifiers": series["qualifier"].tolist(),
            }
        )
    return pd.DataFrame(rows)


def activity_totals(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Active working groups, events and releases in the period, and in the period before it."""
    sql = """
        SELECT (SELECT count(*) FROM fw WHERE status = 'active') AS active_working_groups,
               (SELECT count(*) FROM fw WHERE status = 'active'
                  AND year(started_on) = (SELECT y1 FROM f)) AS working_groups_started_last_year,
               (SELECT count(*) FROM fe) AS events,
               (SELECT count(*) FROM fr) AS releases"""
    span = filters.year_to - filters.year_from + 1
    before = replace(filters, year_from=filters.year_from - span, year_to=filters.year_from - 1)
    earlier = run(con, sql, before).iloc[0]
    return run(con, sql, filters).assign(
        events_before=earlier["events"],
        releases_before=earlier["releases"],
        before_from=before.year_from,
        before_to=before.year_to,
        data_from=filter_options(con).min_year,
    )


def milestones(
    con: duckdb.DuckDBPyConnection, filters: Filters, limit: int = LIST_LIMIT
) -> pd.DataFrame:
    """Launches, agreements, first meetings and assemblies, oldest first.

    `date_meaning` says what happened on the date. An agreement's is what its source says
    (signed, welcomed, announced or reported), and its name says it too: a source that only
    reports an MoU welcomed at a forum does not say when it was signed.
    Meetings and assemblies are capped to the latest `limit`, so a chart stays readable.
    """
    return run(
        con,
        """
        , firsts AS (
            SELECT arg_min(id, started_on) AS id FROM events GROUP BY initiative_id
        )
        SELECT 'Launch' AS milestone, i.id AS initiative_id, i.short_name AS initiative,
               i.name AS name, i.started_on AS date, i.started_on_precision::VARCHAR AS precision,
               'launched' AS date_meaning, s.title AS source_title, s.url AS source_url
        FROM initiatives i JOIN sources s ON s.id = i.source_id, f
        WHERE i.id IN (SELECT id FROM scope) AND year(i.started_on) BETWEEN f.y0 AND f.y1
          AND len(f.themes) = 0
        UNION ALL
        SELECT 'Agreement', a.initiative_id, i.short_name,
               concat(a.name, ' (', a.date_meaning::VARCHAR, ')'), a.dated_on,
               a.dated_on_precision::VARCHAR, a.date_meaning::VARCHAR, s.title, s.url
        FROM agreements a JOIN initiatives i ON i.id = a.initiative_id
             JOIN sources s ON s.id = a.source_id, f
        WHERE a.initiative_id IN (SELECT id FROM scope) AND year(a.dated_on) BETWEEN f.y0 AND f.y1
          AND len(f.themes) = 0
        UNION ALL
        SELECT * FROM (
            SELECT CASE WHEN e.kind = 'assembly' THEN 'Assembly' ELSE 'First meeting' END,
                   e.initiative_id, i.short_name, e.name, e.started_on,
                   e.started_on_precision::VARCHAR, 'held', s.title, s.url
            FROM fe e JOIN initiatives i ON i.id = e.initiative_id
                 JOIN sources s ON s.id = e.source_id
            WHERE e.kind = 'assembly' OR e.id IN (SELECT id FROM firsts) OR e.name LIKE '1st %'
            ORDER BY e.started_on DESC LIMIT $limit)
        ORDER BY date, name""",
        filters,
        limit=limit,
    )


def new_since(
    con: duckdb.DuckDBPyConnection, filters: Filters, since: date, limit: int = LIST_LIMIT
) -> pd.DataFrame:
    """Working groups, events and releases dated on or after `since`, newest first.

    At most `limit` rows; `total` says how many there are. An event's row carries its end and
    its status history (STATUS_COLUMNS), for `dashboard.event_status`; other rows have NULLs.
    """
    return run(
        con,
        STATUS_HISTORY
        + f"""
        , recent AS (
        SELECT 'Working group' AS record, w.name, w.initiative_id, w.started_on AS date,
               w.started_on_precision::VARCHAR AS precision, s.title AS source_title,
               s.url AS source_url, NULL::DATE AS ended_on, NULL AS ended_on_precision,
               NULL::BOOLEAN AS was_announced, NULL::DATE AS announced_on,
               NULL AS announced_on_precision, NULL::BOOLEAN AS reported_held,
               NULL::DATE AS held_reported_on, NULL AS held_reported_on_precision
        FROM fw w JOIN sources s ON s.id = w.source_id WHERE w.started_on >= $since
        UNION ALL
        SELECT 'Event', e.name, e.initiative_id, e.started_on, e.started_on_precision::VARCHAR,
               s.title, s.url, e.ended_on, e.ended_on_precision::VARCHAR, {STATUS_COLUMNS}
        FROM fe e JOIN sources s ON s.id = e.source_id LEFT JOIN history h ON h.event_id = e.id
        WHERE e.started_on >= $since
        UNION ALL
        SELECT 'Release', r.title, r.initiative_id, r.released_on,
               r.released_on_precision::VARCHAR, s.title, s.url,
               NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
        FROM fr r JOIN sources s ON s.id = r.source_id WHERE r.released_on >= $since)
        SELECT r.*, i.short_name AS initiative, count(*) OVER () AS total
        FROM recent r JOIN initiatives i ON i.id = r.initiative_id
        ORDER BY r.date DESC, r.record, r.name LIMIT $limit""",
        filters,
        since=since,
        limit=limit,
    )
