"""Read-only queries run on the console and return the right rows, capped and timed."""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.explore import console_worker, sql_console
from dashboard.explore.sql_console import (
    TIME_LIMIT_S,
    ConsoleSeats,
    check_sql,
    run_console_query,
)
from dashboard.explore.sql_examples import EXAMPLES
from dashboard.queries.schema import table_schemas
from tests.support.data_files import sha256
from tests.support.paths import APP


def rows(result) -> list[tuple]:
    assert result.error is None, result.error
    return [tuple(r) for r in result.frame.itertuples(index=False, name=None)]


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("SELECT id FROM events ORDER BY id", [("e1",), ("e2",), ("e3",), ("e4",)]),
        ("select count(*) AS n from releases;", [(4,)]),
        ("-- a note first\nSELECT 2 AS two /* and a comment */", [(2,)]),
        ("SELECT 'a; DROP TABLE events' AS text", [("a; DROP TABLE events",)]),
        ("FROM places SELECT city ORDER BY city", [("Geneva",), ("Valencia",)]),
        (
            "WITH u AS (SELECT id FROM events WHERE initiative_id = 'u4ssc') SELECT * FROM u",
            [("e1",)],
        ),
        (
            """WITH ranked AS (
                   SELECT initiative_id, value,
                          row_number() OVER (PARTITION BY initiative_id ORDER BY as_of DESC)
                              AS n
                   FROM counts WHERE metric IN ('partners', 'un_agencies'))
               SELECT initiative_id, value FROM ranked WHERE n = 1 ORDER BY initiative_id""",
            [("citiverse", 70), ("u4ssc", 20)],
        ),
        (
            """SELECT id, sum(value) OVER (ORDER BY as_of, id) AS running FROM counts
               WHERE metric = 'un_agencies' ORDER BY as_of""",
            [("c1", 16), ("c2", 35), ("c3", 55)],
        ),
        (
            "SELECT kind::VARCHAR AS k, count(*) AS n FROM events GROUP BY k "
            "ORDER BY n DESC, k LIMIT 2",
            [("assembly", 1), ("meeting", 1)],
        ),
        ("SELECT 1 AS x UNION ALL SELECT 2 ORDER BY x", [(1,), (2,)]),
    ],
)
def test_a_read_only_query_returns_the_right_rows(console_db: Path, sql: str, expected):
    assert rows(run_console_query(sql, console_db)) == expected


def test_describe_summarize_and_explain_are_allowed(console_db: Path):
    described = run_console_query("DESCRIBE events", console_db).frame
    assert described["column_name"].tolist()[:3] == ["id", "name", "kind"]
    summary = run_console_query("SUMMARIZE releases", console_db).frame
    assert "approx_unique" in summary.columns
    for explain in ("EXPLAIN SELECT * FROM events", "EXPLAIN ANALYZE SELECT count(*) FROM events"):
        check_sql(explain)
        assert run_console_query(explain, console_db).error is None


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_every_example_query_runs(console_db: Path, name: str):
    result = run_console_query(EXAMPLES[name], console_db)
    assert result.error is None, result.error
    assert len(result.frame) > 0


def test_a_result_longer_than_the_cap_is_truncated_with_a_notice(console_db: Path):
    capped = run_console_query("SELECT * FROM range(25)", console_db, row_cap=10)
    assert capped.truncated and len(capped.frame) == 10
    exact = run_console_query("SELECT * FROM range(10)", console_db, row_cap=10)
    assert not exact.truncated and len(exact.frame) == 10


def test_the_default_cap_keeps_ten_thousand_rows_without_computing_the_rest(console_db: Path):
    # Ten trillion rows: fetching them all would take days; the cap stops after 10,001.
    result = run_console_query("SELECT * FROM range(10000000000000)", console_db)
    assert result.error is None and result.truncated
    assert len(result.frame) == 10_000


def test_an_error_is_duckdbs_own_message_on_one_line(console_db: Path):
    result = run_console_query("SELECT nope FROM events", console_db)
    assert result.error.startswith('Binder Error: Referenced column "nope" not found')
    assert "\n" not in result.error and "Traceback" not in result.error
    assert not result.refused and result.frame.empty


def test_repeated_column_names_are_kept_apart(console_db: Path):
    result = run_console_query("SELECT 1 AS n, 2 AS n", console_db)
    assert list(result.frame.columns) == ["n", "n (2)"]


def test_lists_and_decimals_come_back_displayable(console_db: Path):
    result = run_console_query("SELECT [1, 2] AS l, 1.5 AS d, {'a': 1} AS s", console_db)
    assert result.frame.iloc[0].tolist() == ["[1, 2]", 1.5, "{'a': 1}"]


def test_the_schema_lists_every_table_with_its_columns_and_types(con):
    schema = table_schemas(con)
    events = schema[schema["table"] == "events"]
    assert events["column"].tolist()[:3] == ["id", "name", "kind"]
    assert events.set_index("column").loc["started_on", "type"] == "DATE"
    assert {"sources", "counts", "partners", "build_info"} <= set(schema["table"])


LONG_QUERY = "SELECT count(*) FROM range(10000000000000)"


def test_a_query_past_the_time_limit_is_stopped_with_a_clear_message(console_db: Path):
    before = sha256(console_db)
    result = run_console_query(LONG_QUERY, console_db)
    assert result.timed_out and not result.refused
    assert result.error.startswith(f"Stopped after {TIME_LIMIT_S:g} s: the console's time limit.")
    assert result.worker_peak_rss > 0  # read from the worker while it was still running
    assert not Path(f"/proc/{result.worker_pid}").exists()  # killed and reaped, not computing
    assert sha256(console_db) == before


def test_another_session_loads_the_overview_while_a_long_query_runs(
    console_db: Path, fixture_db: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("PROGRAMME_DB", str(fixture_db))
    # A spare-worker pool of this test's own, whose processes it records, so that it can stop
    # the long query itself rather than race the console's time limit.
    workers: list[subprocess.Popen] = []

    def recorded_worker() -> subprocess.Popen:
        workers.append(start_worker())
        return workers[-1]

    start_worker = console_worker._start_worker
    monkeypatch.setattr(console_worker, "_start_worker", recorded_worker)
    monkeypatch.setattr(console_worker, "_spare", console_worker.SpareWorker())
    monkeypatch.setattr(sql_console, "SEATS", ConsoleSeats(1))
    outcome = {}

    def long_query() -> None:
        # A limit no run reaches: the query ends only when the test kills its worker below.
        outcome["result"] = run_console_query(LONG_QUERY, console_db, time_limit_s=3600)

    console = threading.Thread(target=long_query)
    console.start()
    try:
        for _ in range(600):  # until a worker has been sent the query (its stdin is then closed)
            if any(worker.stdin is None for worker in workers):
                break
            console.join(timeout=0.1)
        assert sql_console.SEATS.taken == 1, "the long query never started"
        overview = AppTest.from_file(APP, default_timeout=30)
        overview.run()
        # The console holds no lock and DuckDB releases the GIL: the overview did not wait.
        long_query_still_running = console.is_alive() and sql_console.SEATS.taken == 1
    finally:
        for worker in workers:
            worker.kill()
        console.join()
    assert not overview.exception
    assert len(overview.get("plotly_chart")) == 1
    assert long_query_still_running
    assert outcome["result"].error is not None and not outcome["result"].timed_out


def test_a_console_query_never_holds_the_apps_own_connection(fixture_db: Path):
    # The app's connection (default settings) and a console query coexist in one process.
    app_con = duckdb.connect(str(fixture_db), read_only=True)
    try:
        assert rows(run_console_query("SELECT count(*) FROM sources", fixture_db)) == [(2,)]
        assert app_con.execute("SELECT count(*) FROM sources").fetchone() == (2,)
    finally:
        app_con.close()
