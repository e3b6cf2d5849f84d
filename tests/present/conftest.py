"""Deck fixtures: the deck's data read from the fixture database, and the warm export browser.
(`con`, `everything` and `app` come from tests/conftest.py.)"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from dashboard.export_image import stop_export_browser
from dashboard.filters import Filters
from dashboard.present.deck_content import DeckData, fetch_deck_data


@pytest.fixture
def run(con) -> Callable:
    """The deck's query runner, without Streamlit's cache: `run(query, *args)`."""
    return lambda query, *args: query(con, *args)


@pytest.fixture
def deck_data(run, everything: Filters) -> DeckData:
    return fetch_deck_data(run, everything)


@pytest.fixture(scope="session", autouse=True)
def export_browser() -> Iterator[None]:
    """Kaleido's Chromium starts on the first export and is closed once all tests are done."""
    yield
    stop_export_browser()
