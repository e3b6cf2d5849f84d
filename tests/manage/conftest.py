"""Fixtures for /manage: a private copy of the fixture data and its database (never the real
data/), the page opened through AppTest, and helpers to sign in and upload."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.manage import sign_in_lockout
from dashboard.manage.sign_in_lockout import SignInLockout
from loaders.paths import DEFAULT_DATA_DIR
from tests.loaders.conftest import FIXTURE_DATA, directory_snapshot

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PASSWORD = "correct horse battery staple"
# A secrets dict without [auth]: the tests never read a developer's own .streamlit/secrets.toml.
NO_LOGIN_SECRETS = {"editors": {"emails": []}}


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, target)
    assert not target.resolve().is_relative_to(DEFAULT_DATA_DIR.resolve())
    return target


@pytest.fixture
def db_path(data_dir: Path, fixture_db: Path) -> Path:
    # Beside the CSV files, as data/programme.duckdb is, so one snapshot covers both.
    path = data_dir / "programme.duckdb"
    shutil.copyfile(fixture_db, path)
    return path


@pytest.fixture(autouse=True)
def private_data(data_dir: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the app at the copy; no test sees a password it did not set itself."""
    monkeypatch.setenv("PROGRAMME_DATA_DIR", str(data_dir))
    monkeypatch.setenv("PROGRAMME_DB", str(db_path))
    monkeypatch.delenv("DASHBOARD_EDITOR_PASSWORD", raising=False)


class ManualClock:
    """A monotonic clock that moves only when a test moves it."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def sign_in_clock(monkeypatch: pytest.MonkeyPatch) -> ManualClock:
    """A new process-wide sign-in lockout for each test (it outlives sessions by design), on a
    clock the test moves."""
    clock = ManualClock()
    monkeypatch.setattr(sign_in_lockout, "EDITOR_SIGN_INS", SignInLockout(clock=clock))
    return clock


@pytest.fixture
def editor_password(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("DASHBOARD_EDITOR_PASSWORD", PASSWORD)
    return PASSWORD


@pytest.fixture
def snapshot() -> Callable[[Path], dict[str, str]]:
    return directory_snapshot


def open_manage(secrets: dict | None = None, user: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets = secrets or dict(NO_LOGIN_SECRETS)
    if user is not None:
        at.user = user
    # Run once first: before a run, switch_page cannot match st.navigation's pages.
    at.run()
    at.switch_page("pages/manage.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def sign_in(at: AppTest, password: str, name: str = "Ada Editor") -> AppTest:
    at.text_input(key="editor_name").input(name)
    at.text_input(key="editor_password").input(password)
    next(b for b in at.button if b.label == "Sign in").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def upload(at: AppTest, name: str, content: bytes, *, table: str = "events") -> AppTest:
    at.selectbox(key="manage_table").select(table)
    at.file_uploader[0].set_value((name, content, "application/octet-stream"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def click(at: AppTest, label: str) -> AppTest:
    next(b for b in at.button if b.label == label).click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture
def editor(editor_password: str) -> Callable[[], AppTest]:
    """Open /manage signed in with the editor password."""

    def open_signed_in() -> AppTest:
        return sign_in(open_manage(), editor_password)

    return open_signed_in
