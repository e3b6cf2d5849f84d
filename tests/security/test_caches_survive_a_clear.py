"""Any client can send Streamlit a `clear_cache` message; the app's own caches must not empty.

Streamlit answers that message by clearing every st.cache_data and st.cache_resource of the
process, for every viewer (`AppSession._handle_clear_cache_request`). The read side keeps its
connections and query results in `dashboard.read_cache` instead, which only the app clears.
"""

from __future__ import annotations

import threading
import tracemalloc
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st

from dashboard import cached_queries as db
from dashboard.read_cache import BoundedCache

CALLS: list[str] = []


def counted_query(con, label: str) -> pd.DataFrame:
    CALLS.append(label)
    return con.execute("SELECT count(*) AS n FROM events").df()


@pytest.fixture
def served(fixture_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PROGRAMME_DB", str(fixture_db))
    CALLS.clear()
    return fixture_db


def test_query_results_survive_a_clear_cache_message(served):
    first = db.run_query(counted_query, "a")
    st.cache_data.clear()
    st.cache_resource.clear()
    again = db.run_query(counted_query, "a")
    assert CALLS == ["a"], "the query ran again after a client-sent clear"
    pd.testing.assert_frame_equal(first, again)


def test_the_connection_survives_a_clear_cache_message(served):
    version = db.database_version()
    before = db._connection(version)
    st.cache_data.clear()
    st.cache_resource.clear()
    assert db._connection(version) is before


def test_the_app_can_still_empty_its_own_caches(served):
    db.run_query(counted_query, "a")
    db.forget_connections()
    db.run_query(counted_query, "a")
    assert CALLS == ["a", "a"]


def test_a_new_build_is_never_answered_from_the_old_builds_results(served):
    db.run_query(counted_query, "a")
    db.st.session_state.pop(db._RUN_KEY, None)  # the next run pins the file afresh
    served.touch()  # what publishing a build does to the version: a new mtime
    db.serve_database()
    db.run_query(counted_query, "a")
    assert CALLS == ["a", "a"]


def test_each_caller_gets_its_own_copy_of_a_result(served):
    mine = db.run_query(counted_query, "a")
    mine.loc[0, "n"] = -1
    assert db.run_query(counted_query, "a").loc[0, "n"] != -1


def test_the_cache_is_bounded_least_recently_used_first():
    cache: BoundedCache[int] = BoundedCache(max_entries=2)
    cache.get_or_compute("a", lambda: 1)
    cache.get_or_compute("b", lambda: 2)
    cache.get_or_compute("a", lambda: 99)  # a hit: "a" is now the most recently used
    cache.get_or_compute("c", lambda: 3)  # evicts "b"
    assert len(cache) == 2
    assert cache.get_or_compute("a", lambda: 99) == 1
    assert cache.get_or_compute("b", lambda: 22) == 22


def test_entries_unused_for_their_idle_time_are_dropped_at_the_next_call(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr("dashboard.read_cache.time.monotonic", lambda: now[0])
    cache: BoundedCache[int] = BoundedCache(max_entries=8, idle_s=10)
    cache.get_or_compute("old build", lambda: 1)
    cache.get_or_compute("a", lambda: 1)
    now[0] += 8
    cache.get_or_compute("a", lambda: 2)  # used again: kept
    now[0] += 8
    cache.get_or_compute("b", lambda: 3)  # "old build", unused for 16 s, goes now
    assert len(cache) == 2
    assert cache.get_or_compute("a", lambda: 4) == 1
    now[0] += 11
    assert cache.get_or_compute("a", lambda: 5) == 5


def test_a_failed_computation_is_not_kept():
    cache: BoundedCache[int] = BoundedCache(max_entries=2)

    def fail() -> int:
        raise RuntimeError("no")

    with pytest.raises(RuntimeError):
        cache.get_or_compute("a", fail)
    assert cache.get_or_compute("a", lambda: 1) == 1


def test_concurrent_askers_of_one_key_compute_it_once():
    cache: BoundedCache[int] = BoundedCache(max_entries=2)
    started, release, computed = threading.Event(), threading.Event(), []

    def slow() -> int:
        computed.append(1)
        started.set()
        release.wait(10)
        return 7

    first = threading.Thread(target=cache.get_or_compute, args=("k", slow))
    first.start()
    started.wait(10)
    answers = []
    waiters = [
        threading.Thread(target=lambda: answers.append(cache.get_or_compute("k", slow)))
        for _ in range(5)
    ]
    for waiter in waiters:
        waiter.start()
    release.set()
    for thread in [first, *waiters]:
        thread.join(10)
    assert computed == [1]
    assert answers == [7] * 5


def test_a_cache_by_bytes_keeps_within_its_budget_dropping_the_least_recently_used():
    cache: BoundedCache[pd.DataFrame] = BoundedCache(max_bytes=3 * 2**20)
    for key in ("a", "b", "c", "d"):
        cache.get_or_compute(key, lambda: pd.DataFrame({"x": range(100_000)}))  # 0.8 MB each
    assert 0 < cache.bytes_held <= 3 * 2**20
    assert len(cache) == 3
    assert cache.get_or_compute("d", lambda: pytest.fail("d was dropped")) is not None
    assert cache.get_or_compute("a", lambda: "a again") == "a again"  # "a" went first


def test_a_value_larger_than_the_whole_budget_is_returned_but_not_kept():
    cache: BoundedCache[str] = BoundedCache(max_bytes=10_000)
    assert cache.get_or_compute("big", lambda: "x" * 20_000) == "x" * 20_000
    assert len(cache) == 0 and cache.bytes_held == 0


def _search_result(con, search: str) -> pd.DataFrame:
    # What a browse search can return: thousands of rows, different for each search.
    return pd.DataFrame({"id": range(50_000), "text": search[:1]})


def test_distinct_searches_keep_at_most_the_result_caches_budget(served):
    # The case: 256 entries of large frames were allowed whatever their size.
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for i in range(200):  # about 1 MB each, the search half of it: 200 MB if all kept
            db.run_query(_search_result, f"{i} " + "q" * 500_000)
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
        db.forget_connections()
    assert kept <= db.RESULTS_BYTES + 8 * 2**20, f"{kept / 2**20:.0f} MB kept"
