"""Shared fixtures: the fixture database, built by the real loaders from tests/fixtures/data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from playwright.sync_api import Browser, Playwright, sync_playwright

from dashboard.db import forget_connections
from loaders import build

FIXTURE_DATA = Path(__file__).parent / "fixtures" / "data"


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
