"""Deck fixtures: the deck's data read from the fixture database, and the warm export browser."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest

from dashboard.filters import Filters
from dashboard.present.deck_content import DeckData, fetch_deck_data
from dashboard.present.export_image import stop_export_browser
from dashboard.queries.overview import filter_options

# The AppTest fixture of tests/pages: the app on a page with URL parameters.
from tests.pages.conftest import app  # noqa: F401


@pytest.fixture
def con(fixture_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(fixture_db), read_only=True)
    yield connection
    connection.close()


@pytest.fixture
def run(con) -> Callable:
    """The deck's query runner, without Streamlit's cache: `run(query, *args)`."""
    return lambda query, *args: query(con, *args)


@pytest.fixture
def everything(con) -> Filters:
    return Filters.everything(filter_options(con))


@pytest.fixture
def deck_data(run, everything) -> DeckData:
    return fetch_deck_data(run, everything)


@pytest.fixture(scope="session", autouse=True)
def export_browser() -> Iterator[None]:
    """Kaleido's Chromium starts on the first export and is closed once all tests are done."""
    yield
    stop_export_browser()
