"""Fixtures for /manage: a private copy of the fixture data and its database (never the real
data/), a fresh sign-in lockout on a manual clock, and the editor password. The page drivers
(open_manage, sign_in, upload, click) are in tests/support/manage_page.py."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.manage import sign_in_lockout
from dashboard.manage.sign_in_lockout import SignInLockout
from loaders.paths import DEFAULT_DATA_DIR
from tests.support.data_files import directory_snapshot
from tests.support.manage_page import PASSWORD, ManualClock, open_manage, sign_in
from tests.support.paths import FIXTURE_DATA


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, target)
    assert not target.resolve().is_relative_to(DEFAULT_DATA_DIR.resolve())
    return target


@pytest.fixture
def db_path(data_dir: Path, fixture_db: Path) -> Path:
    # Beside the CSV files, as data/programme.duckdb is, so one snapshot covers both. A copy:
    # these tests publish new builds over it.
    path = data_dir / "programme.duckdb"
    shutil.copyfile(fixture_db, path)
    return path


@pytest.fixture(autouse=True)
def private_data(data_dir: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the app at the copy; no test sees a password it did not set itself."""
    monkeypatch.setenv("PROGRAMME_DATA_DIR", str(data_dir))
    monkeypatch.setenv("PROGRAMME_DB", str(db_path))
    monkeypatch.delenv("DASHBOARD_EDITOR_PASSWORD", raising=False)


@pytest.fixture(autouse=True)
def sign_in_clock(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> ManualClock:
    """A new process-wide sign-in lockout for each test (it outlives sessions by design), on a
    clock the test moves."""
    clock = ManualClock()
    monkeypatch.setattr(
        sign_in_lockout,
        "EDITOR_SIGN_INS",
        SignInLockout(clock=clock, path=tmp_path / "sign-in-lockout.sqlite3"),
    )
    return clock


@pytest.fixture
def editor_password(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("DASHBOARD_EDITOR_PASSWORD", PASSWORD)
    return PASSWORD


@pytest.fixture
def snapshot() -> Callable[[Path], dict[str, str]]:
    return directory_snapshot


@pytest.fixture
def editor(editor_password: str) -> Callable[[], AppTest]:
    """Open /manage signed in with the editor password."""

    def open_signed_in() -> AppTest:
        return sign_in(open_manage(), editor_password)

    return open_signed_in
