"""Reported figures over time: partners, UN agencies, KPI cities."""

from __future__ import annotations

import duckdb
import pandas as pd

from dashboard.filters import Filters
from dashboard.queries.scope import run

# Lists on screen hold at most this many rows, newest first; the page says when more exist.
LIST_LIMIT = 1000


# A series keeps at most this many points. A chart is at most 1440 px wide and draws each
# point as an 11 px marker: about 130 fit side by side, and more only pile up on each other
# while every one costs the server its hover text and the browser its marker.
MAX_SERIES_POINTS = 120

# One point per series and month: reports of the same series in the same month (two sources
# quoting one figure) share a point, and `low` keeps the smallest so a disagreement shows as a
# range. A series with more than MAX_SERIES_POINTS such points keeps one per quarter (or, if
# still too many, per year): the latest of that period, a figure exactly as reported, with
# its own sources and range. `points` is how many points the series has in the chosen years.
_SERIES_POINTS = """
    , series_points AS (
        SELECT c.initiative_id, any_value(i.short_name) AS initiative,
               c.metric::VARCHAR AS metric, any_value(c.unit::VARCHAR) AS unit,
               arg_max(c.label, c.value) AS label,
               max(c.value) AS value, min(c.value) AS low,
               arg_max(c.qualifier::VARCHAR, c.value) AS qualifier, min(c.as_of) AS as_of,
               c.as_of_precision::VARCHAR AS as_of_precision, count(*) AS reports,
               string_agg(DISTINCT s.title, '; ' ORDER BY s.title) AS source_title,
               string_agg(DISTINCT coalesce(s.short_title, s.title), '; '
                          ORDER BY coalesce(s.short_title, s.title)) AS source_short_title,
               min(s.url) AS source_url
        FROM fc c JOIN initiatives i ON i.id = c.initiative_id JOIN sources s ON s.id = c.source_id
        WHERE c.thematic_group_id IS NULL
          AND (len($metrics::VARCHAR[]) = 0
               OR list_contains($metrics::VARCHAR[], c.metric::VARCHAR))
        GROUP BY c.initiative_id, c.metric, date_trunc('month', c.as_of), c.as_of_precision
    ), series_size AS (
        SELECT initiative_id, metric, count(*) AS monthly,
               count(DISTINCT date_trunc('quarter', as_of)) AS quarterly
        FROM series_points GROUP BY ALL
    ), thinned AS (
        SELECT p.* FROM series_points p JOIN series_size z USING (initiative_id, metric)
        QUALIFY z.monthly <= $max_points
             OR row_number() OVER (
                    PARTITION BY p.initiative_id, p.metric,
                        CASE WHEN z.quarterly <= $max_points
                             THEN date_trunc('quarter', p.as_of)
                             ELSE date_trunc('year', p.as_of) END
                    ORDER BY p.as_of DESC, p.value DESC, p.as_of_precision) = 1
    ), counted AS (
        SELECT *, count(*) OVER (PARTITION BY initiative_id, metric) AS points
        FROM thinned
    )
"""


def counts_over_time(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    metrics: tuple[str, ...] = (),
    max_points: int = MAX_SERIES_POINTS,
) -> pd.DataFrame:
    """One point per series and month (or coarser, past `max_points`): the reported figure,
    oldest first, with its sources."""
    return run(
        con,
        _SERIES_POINTS + "SELECT * FROM counted ORDER BY as_of, initiative_id, metric",
        filters,
        metrics=list(metrics),
        max_points=max_points,
    )


def repeated_series(counts: pd.DataFrame) -> pd.DataFrame:
    """Of `counts_over_time`'s rows, the series with two or more points: what a line can show."""
    return counts[counts["points"] >= 2]


def reported_once(counts: pd.DataFrame) -> pd.DataFrame:
    """Of `counts_over_time`'s rows, the series reported once: a fact, not a line. Newest first."""
    return counts[counts["points"] == 1].sort_values("as_of", ascending=False, kind="stable")


def reported_figures(
    con: duckdb.DuckDBPyConnection, filters: Filters, limit: int = LIST_LIMIT
) -> pd.DataFrame:
    """Every reported figure as recorded, newest first, with `total` rows before the limit."""
    return run(
        con,
        """
        SELECT i.short_name AS initiative, c.metric::VARCHAR AS metric, c.label, c.value,
               c.qualifier::VARCHAR AS qualifier, c.as_of,
               c.as_of_precision::VARCHAR AS as_of_precision, s.title AS source_title,
               s.url AS source_url, count(*) OVER () AS total
        FROM fc c JOIN initiatives i ON i.id = c.initiative_id JOIN sources s ON s.id = c.source_id
        ORDER BY c.as_of DESC, c.id LIMIT $limit""",
        filters,
        limit=limit,
    )


def event_markers(
    con: duckdb.DuckDBPyConnection, filters: Filters, limit: int = 20
) -> pd.DataFrame:
    """Programme events worth marking on a time chart: assemblies, launches and first meetings.

    Only the latest `limit`: more vertical lines than that would hide the figures.
    """
    return run(
        con,
        """
        SELECT * FROM (
            SELECT e.id, e.name, e.started_on AS date,
                   e.started_on_precision::VARCHAR AS precision, e.initiative_id
            FROM fe e
            WHERE e.kind IN ('assembly', 'launch', 'observance') OR e.name LIKE '1st %'
            ORDER BY e.started_on DESC, e.id LIMIT $limit)
        ORDER BY date, id""",
        filters,
        limit=limit,
    )
