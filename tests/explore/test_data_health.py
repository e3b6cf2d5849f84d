"""Data health: vague dates, lower bounds, uncited sources, incomplete working groups and stale
initiatives, each item linked to its record in the browse view."""

from __future__ import annotations

import csv
import shutil
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import duckdb
import pytest

from dashboard.queries.browse import browse_rows
from dashboard.queries.data_health import (
    CITING_TABLES,
    browse_link,
    initiative_freshness,
    lower_bound_counts,
    partial_dates,
    records_without_source_url,
    uncited_sources,
    working_groups_missing_facts,
)
from loaders import build
from tests.support.paths import FIXTURE_DATA

HEALTH_QUERIES = [
    partial_dates,
    lower_bound_counts,
    uncited_sources,
    records_without_source_url,
    working_groups_missing_facts,
    lambda con: initiative_freshness(con, date(2026, 1, 1)),
]


def test_dates_known_only_to_the_year_or_month_are_listed_with_their_column(con):
    found = partial_dates(con)
    assert set(found["precision"]) == {"year", "month"}
    releases = found[found["table"] == "releases"]
    assert releases["id"].tolist() == ["r4", "r2", "r1"]
    wg1 = found[found["id"] == "wg-1"]
    assert sorted(wg1["date_column"]) == ["Ended", "Started"]
    assert "e1" not in set(found["id"])  # known to the day


def test_counts_that_are_lower_bounds_are_listed(con):
    assert lower_bound_counts(con)["id"].tolist() == ["c5", "c4", "c7", "c6"]


def test_a_source_no_record_cites_is_listed(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    with (data / "sources.csv").open("a", newline="", encoding="utf-8") as sources:
        csv.writer(sources, lineterminator="\n").writerow(
            [
                "src-unused",
                "Nobody cites me",
                "",
                "Test suite",
                "https://example.org/unused",
                "",
                "",
            ]
        )
    build(data, tmp_path / "unused.duckdb")
    con = duckdb.connect(str(tmp_path / "unused.duckdb"), read_only=True)
    try:
        assert uncited_sources(con)["id"].tolist() == ["src-unused"]
    finally:
        con.close()


def test_every_source_of_the_fixture_is_cited_and_has_a_url(con):
    assert uncited_sources(con).empty
    assert records_without_source_url(con).empty


def test_the_citing_tables_are_every_table_with_a_source_id(con):
    with_source = con.execute(
        """SELECT table_name FROM duckdb_columns()
           WHERE column_name = 'source_id' AND database_name = current_database()"""
    ).fetchall()
    assert sorted(CITING_TABLES) == sorted(t for (t,) in with_source)


def test_working_groups_with_no_status_or_no_start_date_say_what_is_missing(con):
    missing = working_groups_missing_facts(con)
    assert missing[["id", "missing"]].values.tolist() == [["wg-4", "status"]]


def test_each_initiative_shows_its_newest_record_and_the_days_since(con):
    fresh = initiative_freshness(con, date(2026, 1, 1)).set_index("initiative_id")
    assert fresh.loc["u4ssc", ["table", "id", "precision"]].tolist() == [
        "working-groups",
        "wg-3",
        "month",
    ]
    assert fresh.loc["u4ssc", "days_since"] == (date(2026, 1, 1) - date(2025, 3, 1)).days
    assert fresh.loc["citiverse", ["table", "id", "days_since"]].tolist() == ["events", "e4", 27]
    assert fresh.index.tolist() == ["u4ssc", "citiverse"]  # the stalest first


@pytest.mark.parametrize("query", HEALTH_QUERIES)
def test_every_item_links_to_its_record_in_the_browse_view(con, everything, query):
    for link, table, record_id in query(con)[["link", "table", "id"]].itertuples(index=False):
        url = urlparse(link)
        assert url.path == "/explore"
        assert parse_qs(url.query) == {"table": [table], "q": [record_id]}
        assert record_id in browse_rows(con, table, everything, record_id)["id"].tolist()


def test_a_link_encodes_its_search():
    assert browse_link("events", "a b&c") == "/explore?table=events&q=a+b%26c"
