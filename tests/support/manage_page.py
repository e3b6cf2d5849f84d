"""Driving /manage through AppTest: open it, sign in, upload a file, click a button; and a
clock for the sign-in lockout that moves only when a test moves it."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.support.paths import APP

PASSWORD = "correct horse battery staple"
# A secrets dict without [auth]: the tests never read a developer's own .streamlit/secrets.toml.
NO_LOGIN_SECRETS = {"editors": {"emails": []}}


class ManualClock:
    """A monotonic clock that moves only when a test moves it."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


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
