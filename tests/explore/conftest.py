"""Fixtures for /explore: a private copy of the fixture database whose bytes the security tests
hash, and the app opened on /explore through AppTest."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.explore.console_cache import CONSOLE_RESULTS
from tests.support.paths import APP


@pytest.fixture(scope="module")
def console_db(fixture_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the fixture database for the console's tests, whose hash must never change."""
    path = tmp_path_factory.mktemp("console") / "programme.duckdb"
    shutil.copyfile(fixture_db, path)
    return path


@pytest.fixture
def explore(fixture_db: Path, monkeypatch: pytest.MonkeyPatch):
    """Open /explore with URL query parameters, as a link would."""
    monkeypatch.setenv("PROGRAMME_DB", str(fixture_db))

    def open_explore(**params: str) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=30)
        for name, value in params.items():
            at.query_params[name] = value
        at.run()
        at.switch_page("pages/explore.py")
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return open_explore


@pytest.fixture(autouse=True)
def fresh_console_results():
    # The console's cache is its own (it must outlive st.cache_data.clear()): empty it here.
    CONSOLE_RESULTS.clear()
    yield
    CONSOLE_RESULTS.clear()
