"""A new build arrives warm: a process keeps its runs on the build it served while it computes,
on the new build, the queries it was recently asked for; then runs switch and find them cached.

Run outside a script (bare mode): `serve_database` keeps the pinned build in a session state
that is then a plain per-process one, which is all these tests need.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from dashboard import cached_queries
from dashboard.cached_queries import forget_connections, run_query, serve_database
from dashboard.database_file import file_version

ASKED: list[str] = []


def events_count(cursor) -> int:
    ASKED.append(file_version(Path(os.environ["PROGRAMME_DB"])))
    return cursor.execute("SELECT count(*) FROM events").fetchone()[0]


@pytest.fixture
def served(tmp_path: Path, fixture_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "programme.duckdb"
    shutil.copyfile(fixture_db, path)
    monkeypatch.setenv("PROGRAMME_DB", str(path))
    forget_connections()
    ASKED.clear()
    yield path
    forget_connections()


def publish_new_build(path: Path, fixture_db: Path) -> str:
    """A new build, published as the loaders do: a copy renamed into place."""
    new = path.with_name("new.duckdb")
    shutil.copyfile(fixture_db, new)
    stat = path.stat()
    os.replace(new, path)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    return file_version(path)


def test_runs_keep_the_served_build_until_the_new_one_is_warm_then_find_it_cached(
    served, fixture_db
):
    old = serve_database().version
    assert run_query(events_count) > 0
    ASKED.clear()

    new = publish_new_build(served, fixture_db)
    during = serve_database().version  # the first run that sees the new build
    for warming in cached_queries._warming_threads:
        warming.join(timeout=60)
    warmed_queries = len(ASKED)
    after = serve_database().version
    run_query(events_count)

    assert (during, after) == (old, new)
    assert warmed_queries == 1  # computed by the warming thread, before any run asked
    assert len(ASKED) == 1  # the run on the new build found it cached


def test_a_process_with_nothing_served_yet_takes_the_new_build_at_once(served, fixture_db):
    new = publish_new_build(served, fixture_db)

    assert serve_database().version == new
    assert cached_queries._builds["warming"] is None


def test_the_process_that_publishes_an_import_switches_at_once(served, fixture_db):
    serve_database()
    new = publish_new_build(served, fixture_db)

    forget_connections()  # what /manage calls after its import

    assert serve_database().version == new
