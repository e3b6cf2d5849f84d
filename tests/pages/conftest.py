from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture
def app(fixture_db: Path, monkeypatch: pytest.MonkeyPatch):
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
