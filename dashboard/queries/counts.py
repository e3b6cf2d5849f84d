"""Reported figures over time: partners, UN agencies, KPI cities."""

from __future__ import annotations

import duckdb
import pandas as pd

from dashboard.filters import Filters
from dashboard.queries.scope import run

# Lists on screen hold at most this many rows, newest first; the page says when more exist.
LIST_LIMIT = 1000


def counts_over_time(
    con: duckdb.DuckDBPyConnection, filters: Filters, metrics: tuple[str, ...] = ()
) -> pd.DataFrame:
    """One point per series and month: the reported figure, oldest first, with its sources.

    Reports of the same series in the same month (two sources quoting one figure) share a
    point; `low` keeps the smallest so a disagreement shows as a range.
    """
    return run(
        con,
        """
        SELECT c.initiative_id, any_value(i.short_name) AS initiative,
               c.metric::VARCHAR AS metric, arg_max(c.label, c.value) AS label,
               max(c.value) AS value, min(c.value) AS low,
               arg_max(c.qualifier::VARCHAR, c.value) AS qualifier, min(c.as_of) AS as_of,
               c.as_of_precision::VARCHAR AS as_of_precision, count(*) AS reports,
               string_agg(DISTINCT s.title, '; ' ORDER BY s.title) AS source_title,
               min(s.url) AS source_url
        FROM fc c JOIN initiatives i ON i.id = c.initiative_id JOIN sources s ON s.id = c.source_id
        WHERE c.thematic_group_id IS NULL
          AND (len($metrics::VARCHAR[]) = 0
               OR list_contains($metrics::VARCHAR[], c.metric::VARCHAR))
        GROUP BY c.initiative_id, c.metric, date_trunc('month', c.as_of), c.as_of_precision
        ORDER BY as_of, c.initiative_id, metric""",
        filters,
        metrics=list(metrics),
    )


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
