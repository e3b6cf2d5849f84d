"""Shared fixtures: the fixture database, built by the real loaders from tests/fixtures/data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from playwright.sync_api import Browser, Playwright, sync_playwright

from dashboard.cached_queries import forget_connections
from loaders import build

FIXTURE_DATA = Path(__file__).parent / "fixtures" / "data"
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
    path = tmp_path_factory.mktemp("db") / "fixture.duckdb"
    build(FIXTURE_DATA, path)
    return path


# One Playwright and one Debian Chromium for the whole run: Playwright's sync API cannot be
# started twice in one process, so every suite that drives a browser shares these.
@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    p = sync_playwright().start()
    yield p
    p.stop()


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    from tests.browser.chromium import launch_chromium

    chromium = launch_chromium(playwright)
    yield chromium
    chromium.close()
