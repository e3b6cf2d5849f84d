"""Hostile-data fixtures: the hostile database, built by the real loaders, and a server on it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest
from playwright.sync_api import Browser, Page

from dashboard.filters import Filters
from dashboard.present.deck_content import DeckData, fetch_deck_data
from dashboard.queries.overview import filter_options
from tests.support.app_server import build_database, running_app
from tests.support.browser_guard import Guard, watch
from tests.support.chromium import PageProblems, offline_context, open_home_once
from tests.support.hostile import HOSTILE_DATA


@pytest.fixture(scope="session")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/fixtures/hostile_data, built by `loaders.build` like every other database."""
    return build_database(HOSTILE_DATA, tmp_path_factory.mktemp("hostile-db") / "hostile.duckdb")


@pytest.fixture(scope="session")
def hostile_app_url(
    hostile_db: Path, browser: Browser, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """`streamlit run app.py` serving the hostile database."""
    log = tmp_path_factory.mktemp("hostile-streamlit") / "streamlit.log"
    with running_app(hostile_db, log) as url:
        open_home_once(browser, url)
        yield url


@pytest.fixture
def guard() -> Guard:
    return Guard()


@pytest.fixture
def page(browser: Browser, guard: Guard) -> Iterator[Page]:
    """A page in its own offline context whose dialogs are recorded (and dismissed) and whose
    DOM is watched from the first byte; fails the test on a dialog or a browser error."""
    problems = PageProblems()
    context = offline_context(browser, problems)
    watch(context, guard)
    yield context.new_page()
    context.close()
    assert not guard.dialogs, f"a dialog opened: {guard.dialogs}"
    assert not problems.blocked_requests, f"went online: {problems.blocked_requests}"
    assert not problems.console_errors, f"browser errors: {problems.console_errors}"


@pytest.fixture
def hostile_deck(hostile_db: Path) -> Iterator[DeckData]:
    """The deck's data for every year, theme and initiative of the hostile database."""
    con = duckdb.connect(str(hostile_db), read_only=True)

    def run(query: Callable, *args: object) -> object:
        return query(con, *args)

    try:
        yield fetch_deck_data(run, Filters.everything(filter_options(con)))
    finally:
        con.close()
