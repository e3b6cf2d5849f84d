"""/explore through AppTest: each table renders, the URL carries the table, the search and the
query, a shared query opens already run, and a refused one says why."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.queries.browsable_tables import TABLES
from tests.explore.test_table_browser import FIXTURE_ROWS

ROOT = Path(__file__).resolve().parents[2]


def texts(at) -> list[str]:
    return [t.value for t in at.text]


def shown_ids(at) -> list[str]:
    return at.dataframe[0].value["ID"].tolist()


@pytest.mark.parametrize("key", [spec.key for spec in TABLES])
def test_every_table_renders_with_its_row_count_and_labels(explore, key):
    at = explore(table=key)
    assert f"{FIXTURE_ROWS[key]} rows" in texts(at)
    spec = next(s for s in TABLES if s.key == key)
    assert list(at.dataframe[0].value.columns) == [c.label for c in spec.columns]
    assert at.selectbox(key="explore_table").value == key
    assert not at.error


def test_a_table_and_a_search_in_the_url_filter_the_rows(explore):
    at = explore(table="events", q="Geneva")
    assert at.text_input(key="explore_q").value == "Geneva"
    assert shown_ids(at) == ["e2", "e1"]
    assert "2 rows" in texts(at)


def test_the_sidebar_filters_narrow_the_browsed_rows(explore):
    at = explore(table="events", **{"from": "2025"})
    assert shown_ids(at) == ["e4", "e3"]


def test_an_unknown_table_in_the_url_is_ignored_with_a_notice(explore):
    at = explore(table="build_info")
    assert any("Ignored unknown table `build_info`" in w.value for w in at.warning)
    assert at.selectbox(key="explore_table").value == "events"
    assert at.query_params["table"] == "events"


def test_choosing_a_table_and_searching_write_both_to_the_url(explore):
    at = explore()
    at.selectbox(key="explore_table").set_value("releases").run()
    at.text_input(key="explore_q").input("circular").run()
    assert at.query_params["table"] == "releases"
    assert at.query_params["q"] == "circular"
    assert shown_ids(at) == ["r2"]


def test_a_column_filter_narrows_the_rows(explore):
    at = explore(table="events")
    at.multiselect(key="explore_filter_events_kind").set_value(["assembly"]).run()
    assert shown_ids(at) == ["e3"]
    assert "1 row" in texts(at)


def test_a_query_in_the_url_opens_the_console_already_run(explore):
    at = explore(sql="SELECT 1 AS one")
    assert at.text_area(key="explore_sql").value == "SELECT 1 AS one"
    assert at.dataframe[0].value["one"].tolist() == [1]
    assert "1 row" in texts(at)
    assert not at.error


def test_a_refused_query_in_the_url_shows_the_refusal_and_runs_nothing(explore):
    at = explore(sql="COPY events TO '/tmp/stolen.csv'")
    assert [e.value for e in at.error] == ["This query was not run."]
    assert any(t.startswith("Refused: COPY statements are not allowed") for t in texts(at))
    assert not any(d for d in at.dataframe if "one" in d.value.columns)


def test_a_duckdb_error_is_shown_in_one_line(explore):
    at = explore(sql="SELECT nope FROM events")
    assert [e.value for e in at.error] == ["DuckDB could not run the query."]
    assert any(t.startswith("Binder Error:") and "\n" not in t for t in texts(at))


def test_running_a_query_writes_it_to_the_url(explore):
    at = explore(sql="SELECT 1 AS one")
    at.text_area(key="explore_sql").input("SELECT count(*) AS n FROM events")
    at.button[0].click().run()
    assert at.query_params["sql"] == "SELECT count(*) AS n FROM events"
    assert at.dataframe[0].value["n"].tolist() == [4]


def test_an_example_query_loads_and_runs(explore):
    at = explore(sql="SELECT 1")
    at.selectbox(key="explore_example").set_value("The columns of a table").run()
    assert at.text_area(key="explore_sql").value == "DESCRIBE events"
    assert at.dataframe[0].value["column_name"].tolist()[0] == "id"


def test_the_schema_of_every_table_is_shown_beside_the_console(explore):
    at = explore(sql="SELECT 1")
    schema = at.dataframe[-1].value
    assert list(schema.columns) == ["table", "column", "type"]
    assert {"events", "releases", "sources", "counts"} <= set(schema["table"])


def test_data_health_lists_its_items_with_links_to_the_browse_view(explore):
    at = explore()
    at.session_state["explore_tab"] = "Data health"
    at.run()
    titles = [s.value for s in at.header]
    assert "Counts that are lower bounds" in titles
    assert "Working groups with no status or no start date" in titles
    links = [link for frame in at.dataframe for link in frame.value.get("link", [])]
    assert "/explore?table=working-groups&q=wg-4" in links
    assert "/explore?table=counts&q=c5" in links


def test_a_table_name_in_the_url_cannot_inject_markdown(explore):
    at = explore(table="`[click](https://evil.example)`")
    notices = [w.value for w in at.warning if "Ignored unknown table" in w.value]
    # One code span whose fence is longer than the name's backticks: the link stays literal.
    assert notices == ["Ignored unknown table `` `[click](https://evil.example)` ``."]


def test_explore_never_renders_record_text_as_html_or_markdown():
    # Record text, search text and queries go through st.dataframe and st.text only.
    for path in (ROOT / "pages" / "explore.py", ROOT / "dashboard" / "explore" / "explore_tabs.py"):
        source = path.read_text()
        for forbidden in ("unsafe_allow_html", "components", "st.markdown", "st.write(", "st.html"):
            assert forbidden not in source, f"{path.name} uses {forbidden}"
