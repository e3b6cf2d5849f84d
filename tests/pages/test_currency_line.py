"""The overview and the deck's title slide say when the newest source is over six months old.

The fixture's newest source is dated November 2025 (month only). Today is set through the one
clock function, `dashboard.clock.today`; a "fresh" build is the fixture data copied, with a
source dated the month before today added, as an editor's import of newer records would do.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from dashboard import clock
from loaders import build
from tests.support.data_files import append_lines
from tests.support.paths import FIXTURE_DATA
from tests.support.plotly_spec import figures

TODAY = date(2026, 12, 7)
STALE = "The newest source is from November 2025; figures may have changed since."
PRESENT = "pages/present.py"


@pytest.fixture(autouse=True)
def today_is_december_2026(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "today", lambda: TODAY)


@pytest.fixture
def fresh_db(tmp_path: Path) -> Path:
    """The fixture data plus one source published in November 2026, built."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    append_lines(
        data / "sources.csv",
        "src-newer,A newer page (invented for tests),,Test suite,https://example.org/newer,2026-11,",
    )
    path = tmp_path / "fresh.duckdb"
    build(data, path)
    return path


def captions(at) -> list[str]:
    return [c.value for c in at.caption]


def title_slide_text(at) -> str:
    [figure] = figures(at)
    return " ".join(a["text"] for a in figure["layout"]["annotations"])


def test_the_overview_says_the_newest_source_is_old_under_its_title(app):
    at = app()
    assert STALE in captions(at)


def test_the_overview_says_nothing_of_age_once_newer_records_are_built(app, fresh_db, monkeypatch):
    monkeypatch.setenv("PROGRAMME_DB", str(fresh_db))
    at = app()
    assert not [c for c in captions(at) if "newest source" in c]


def test_the_decks_title_slide_says_the_newest_source_is_old(app):
    at = app(PRESENT, slide="1")
    assert STALE in title_slide_text(at).replace("<br>", " ")


def test_the_decks_title_slide_says_nothing_of_age_for_a_fresh_build(app, fresh_db, monkeypatch):
    monkeypatch.setenv("PROGRAMME_DB", str(fresh_db))
    at = app(PRESENT, slide="1")
    text = title_slide_text(at)
    assert "Data as of November 2026" in text
    assert "newest source" not in text
