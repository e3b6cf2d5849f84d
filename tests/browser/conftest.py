"""Browser tests: one Streamlit server and one Chromium per session, a fresh offline context
per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.support.app_server import running_app
from tests.support.chromium import (
    PageProblems,
    offline_context,
    open_home_once,
)


@pytest.fixture(scope="session")
def app_url(
    fixture_db: Path, browser: Browser, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The base URL of `streamlit run app.py` serving the session's fixture database."""
    log = tmp_path_factory.mktemp("streamlit") / "streamlit.log"
    with running_app(fixture_db, log) as url:
        open_home_once(browser, url)
        yield url


@pytest.fixture
def page_problems() -> PageProblems:
    return PageProblems()


@pytest.fixture
def page(browser: Browser, page_problems: PageProblems) -> Iterator[Page]:
    """A page in its own context (no cookies or session shared), offline but for this machine.

    Fails the test afterwards if the browser logged an error or anything tried to go online.
    """
    context = offline_context(browser, page_problems)
    yield context.new_page()
    context.close()
    assert not page_problems.blocked_requests, (
        f"the dashboard tried to go online: {page_problems.blocked_requests}"
    )
    assert not page_problems.console_errors, (
        f"the browser logged errors: {page_problems.console_errors}"
    )
