"""Shared fixtures: the fixture database (built once per session by the real loaders from
tests/fixtures/data, and only read), a connection to it, the app opened on it through AppTest,
and one Chromium. Helpers live in tests/support."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest
import streamlit as st
from playwright.sync_api import Browser, Playwright, sync_playwright
from streamlit.testing.v1 import AppTest

from dashboard.cached_queries import forget_connections
from dashboard.filters import Filters
from dashboard.queries.overview import filter_options
from loaders import build
from tests.support.paths import APP, FIXTURE_DATA

BROWSER_TESTS = Path(__file__).parent / "browser"
# A test that asks for any of these drives Chromium, wherever it lives (tests/security,
# tests/present): the fixtures, not the folder, say so.
BROWSER_FIXTURES = frozenset({"playwright", "browser", "page"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that drives Chromium `browser`, so `make test-fast` can leave it out."""
    for item in items:
        if item.path.is_relative_to(BROWSER_TESTS) or BROWSER_FIXTURES & set(
            getattr(item, "fixturenames", ())
        ):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def fresh_caches():
    # st.cache_* and the app's own read caches (dashboard.read_cache) are shared by the whole
    # process and would leak between tests (streamlit#9139).
    st.cache_data.clear()
    st.cache_resource.clear()
    forget_connections()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()
    forget_connections()


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The one build of tests/fixtures/data for the whole run. Read it, never write it: a test
    that changes a database copies this file first (shutil.copyfile) and changes the copy."""
    path = tmp_path_factory.mktemp("db") / "fixture.duckdb"
    build(FIXTURE_DATA, path)
    return path


@pytest.fixture
def con(fixture_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(fixture_db), read_only=True)
    yield connection
    connection.close()


@pytest.fixture
def everything(con: duckdb.DuckDBPyConnection) -> Filters:
    return Filters.everything(filter_options(con))


@pytest.fixture
def app(fixture_db: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., AppTest]:
    """Return a function opening the app on a page with URL query parameters."""
    monkeypatch.setenv("PROGRAMME_DB", str(fixture_db))

    def open_page(page: str | None = None, **params: str | list[str]) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=30)
        for name, value in params.items():
            at.query_params[name] = value
        at.run()
        if page:
            at.switch_page(page)
            at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return open_page


# One Playwright and one Debian Chromium for the whole run: Playwright's sync API cannot be
# started twice in one process, so every suite that drives a browser shares these.
@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    p = sync_playwright().start()
    yield p
    p.stop()


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    from tests.support.chromium import launch_chromium

    chromium = launch_chromium(playwright)
    yield chromium
    chromium.close()
