"""Browsing tables in DuckDB: the global filters, search, column filters, sort and limit, each
bound as a parameter; and the rows written with labels and dated with their precision."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dashboard.queries.browsable_tables import TABLES
from dashboard.queries.browse import browse_rows, filter_choices, readable_rows

# Rows of each table in the fixture (tests/fixtures/data), every filter open.
FIXTURE_ROWS = {
    "events": 4,
    "releases": 4,
    "working-groups": 4,
    "thematic-groups": 2,
    "initiatives": 2,
    "counts": 8,
    "partners": 3,
    "sources": 2,
}


def ids(frame) -> list[str]:
    return frame["id"].tolist()


def test_every_browsable_table_has_its_fixture_rows():
    assert [spec.key for spec in TABLES] == list(FIXTURE_ROWS)


@pytest.mark.parametrize("key", list(FIXTURE_ROWS))
def test_every_table_browses_every_row_with_every_filter_open(con, everything, key):
    rows = browse_rows(con, key, everything)
    assert len(rows) == FIXTURE_ROWS[key] == rows["total"].iloc[0]
    assert rows["id"].is_unique


@pytest.mark.parametrize("key", list(FIXTURE_ROWS))
def test_every_table_is_shown_with_labels_and_dates_with_their_precision(con, everything, key):
    shown = readable_rows(key, browse_rows(con, key, everything))
    spec = next(s for s in TABLES if s.key == key)
    assert list(shown.columns) == [c.label for c in spec.columns]
    assert not any(c.endswith("_precision") or c == "total" for c in shown.columns)


def test_a_date_known_only_to_the_year_says_so(con, everything):
    shown = readable_rows("releases", browse_rows(con, "releases", everything)).set_index("ID")
    assert shown.loc["r1", "Released"] == "2017 (year only)"
    assert shown.loc["r2", "Released"] == "June 2020 (month only)"


def test_counts_show_what_is_counted_and_lower_bounds_in_words(con, everything):
    shown = readable_rows("counts", browse_rows(con, "counts", everything)).set_index("ID")
    assert shown.loc["c1", "What is counted"] == "UN agencies"
    assert shown.loc["c5", "Exact or lower bound"] == "lower bound (more than)"
    assert shown.loc["c5", "Value"] == 70


def test_the_search_matches_any_text_column_whatever_the_case(con, everything):
    assert ids(browse_rows(con, "events", everything, "geneva")) == ["e2", "e1"]
    assert ids(browse_rows(con, "events", everything, "ITU")) == ["e1"]  # the host
    assert ids(browse_rows(con, "releases", everything, "rel-none")) == []


@pytest.mark.parametrize(
    "search",
    ["%", "_", "'; DROP TABLE events; --", "' OR 1=1 --", "$search", "\\", "e1' UNION SELECT"],
)
def test_search_text_is_bound_literally_never_as_sql_or_a_pattern(con, everything, search):
    assert ids(browse_rows(con, "events", everything, search)) == []
    assert len(browse_rows(con, "events", everything)) == 4


def test_a_column_filter_keeps_only_the_values_chosen(con, everything):
    chosen = (("kind", ("assembly", "meeting")),)
    assert ids(browse_rows(con, "events", everything, "", chosen)) == ["e3", "e1"]
    assert ids(browse_rows(con, "events", everything, "", (("kind", ()),))) != []


def test_the_column_filters_offer_every_value_of_the_table(con):
    choices = filter_choices(con, "events")
    assert choices["kind"] == ["assembly", "meeting", "observance", "webinar"]
    assert choices["city"] == ["Geneva", "Valencia"]


def test_the_sidebar_filters_apply_where_the_table_has_them(con, everything):
    recent = replace(everything, year_from=2024)
    assert ids(browse_rows(con, "events", recent)) == ["e4", "e3", "e2"]
    themed = replace(everything, themes=("virtual-worlds",))
    assert ids(browse_rows(con, "events", themed)) == ["e3", "e2"]
    u4ssc = replace(everything, initiatives=("u4ssc",))
    assert ids(browse_rows(con, "partners", u4ssc)) == ["p1", "p2"]
    # Initiatives active in the years chosen: U4SSC (2016–) is still active in 2024.
    assert sorted(ids(browse_rows(con, "initiatives", recent))) == ["citiverse", "u4ssc"]
    # Sources are not dated by activity: the years leave them all.
    assert len(browse_rows(con, "sources", recent)) == 2


def test_rows_are_sorted_by_the_column_chosen_in_either_direction(con, everything):
    by_name = browse_rows(con, "events", everything, sort="name", descending=False)
    assert by_name["name"].tolist() == sorted(by_name["name"].tolist())
    newest = browse_rows(con, "events", everything)
    assert ids(newest) == ["e4", "e3", "e2", "e1"]


def test_the_limit_keeps_the_total_so_the_page_can_say_how_many_are_hidden(con, everything):
    rows = browse_rows(con, "counts", everything, limit=3)
    assert len(rows) == 3 and rows["total"].iloc[0] == 8


@pytest.mark.parametrize(
    ("arguments", "error"),
    [
        ({"key": "build_info"}, ValueError),
        ({"key": "events; DROP TABLE events"}, ValueError),
        ({"key": "events", "column_filters": (("name", ("x",)),)}, ValueError),
        ({"key": "events", "sort": "name DESC; DROP TABLE events"}, KeyError),
    ],
)
def test_tables_columns_and_sorts_outside_the_allow_list_are_refused(
    con, everything, arguments, error
):
    key = arguments.pop("key")
    with pytest.raises(error):
        browse_rows(con, key, everything, **arguments)
