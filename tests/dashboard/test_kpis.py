"""The overview's activity tiles, from the fixture database's own totals."""

import duckdb

from dashboard.filters import Filters
from dashboard.kpis import activity_cards
from dashboard.queries.overview import activity_totals


def working_group_card(con: duckdb.DuckDBPyConnection, filters: Filters, started: int):
    totals = activity_totals(con, filters).iloc[0].copy()
    totals["working_groups_started_last_year"] = started
    return activity_cards(totals, filters.year_from, filters.year_to)[0]


def test_working_groups_started_in_the_last_year_are_a_rise(con, everything):
    card = working_group_card(con, everything, 2)
    assert card.label == "Active working groups"
    assert card.delta == f"+2 started in {everything.year_to}"
    assert card.caption is None


def test_no_working_group_started_is_a_caption_not_a_rise_of_zero(con, everything):
    card = working_group_card(con, everything, 0)
    assert card.delta is None
    assert card.caption == f"None started in {everything.year_to}"
