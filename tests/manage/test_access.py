"""Who may open /manage: editors signed in and on the allow-list, or holders of the editor
password; nobody when neither is configured. Each security promise has its own test."""

from __future__ import annotations

import logging
import re
import subprocess

from dashboard.manage import editor_access
from dashboard.manage.editor_access import HOW_TO_ENABLE
from tests.support.manage_page import PASSWORD, open_manage, sign_in
from tests.support.paths import REPO_ROOT

LOGIN_SECRETS = {
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "not-a-real-secret",
        "client_id": "dashboard",
        "client_secret": "not-a-real-secret",
        "server_metadata_url": "https://id.example.org/.well-known/openid-configuration",
    },
    "editors": {"emails": ["Editor@Example.org"]},
}


def texts(at) -> list[str]:
    return [t.value for t in at.text]


def test_manage_shows_no_upload_control_without_credentials():
    at = open_manage()

    assert not at.file_uploader
    assert [i.value for i in at.info] == [HOW_TO_ENABLE]
    assert not at.text_input  # not even a password field: there is nothing to sign in with


def test_there_is_no_default_password(monkeypatch):
    monkeypatch.setenv("DASHBOARD_EDITOR_PASSWORD", "")

    at = open_manage()

    assert not at.file_uploader
    assert [i.value for i in at.info] == [HOW_TO_ENABLE]


def test_no_credential_is_committed():
    tracked = subprocess.run(
        ["git", "ls-files", ".streamlit"], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert ".streamlit/secrets.toml" not in tracked
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", ".streamlit/secrets.toml"], cwd=REPO_ROOT, check=False
    ).returncode
    assert ignored == 0
    found = subprocess.run(
        ["git", "grep", "--untracked", "-nE", r"DASHBOARD_EDITOR_PASSWORD\s*=\s*['\"]?\w"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    assert found == ""


def test_a_wrong_password_is_refused(editor_password):
    at = sign_in(open_manage(), "not the password")

    assert [e.value for e in at.error] == ["Wrong password."]
    assert not at.file_uploader


def test_the_right_password_shows_the_upload_control(editor_password):
    at = sign_in(open_manage(), editor_password, name="Ada")

    assert not at.error
    assert len(at.file_uploader) == 1
    assert "Signed in as Ada (editor password)." in texts(at)


def test_signing_in_needs_a_name_for_the_audit_log(editor_password):
    at = sign_in(open_manage(), editor_password, name="  ")

    assert [e.value for e in at.error] == [
        "Enter your name: every import is logged with who made it."
    ]
    assert not at.file_uploader


def test_the_editor_password_is_compared_in_constant_time(editor_password, monkeypatch):
    compared = []
    real = editor_access.hmac.compare_digest

    def spy(given, expected):
        compared.append((given, expected))
        return real(given, expected)

    monkeypatch.setattr(editor_access.hmac, "compare_digest", spy)

    sign_in(open_manage(), "a guess")

    assert (b"a guess", PASSWORD.encode()) in compared


def test_failed_password_attempts_lock_out_every_new_session_from_the_same_address(
    editor_password,
):
    at = open_manage()
    for _ in range(3):
        sign_in(at, "a guess")
    assert "Too many attempts, try again in 30 s." in [e.value for e in at.error]

    # A reload, another tab or a scripted client's new websocket: a new session, still locked.
    for _ in range(3):
        fresh = open_manage()
        assert [e.value for e in fresh.error] == ["Too many attempts, try again in 30 s."]
        sign_in(fresh, editor_password)  # even the right password waits for the lockout
        assert [e.value for e in fresh.error] == ["Too many attempts, try again in 30 s."]
        assert not fresh.file_uploader


def test_guesses_spread_over_new_sessions_are_counted_together(editor_password):
    for _ in range(3):
        sign_in(open_manage(), "a guess")  # one guess per session, as a reload-script makes

    at = sign_in(open_manage(), editor_password)

    assert [e.value for e in at.error] == ["Too many attempts, try again in 30 s."]
    assert not at.file_uploader


def test_the_lockout_ends_after_its_window_and_the_right_password_then_works(
    editor_password, sign_in_clock
):
    at = open_manage()
    for _ in range(3):
        sign_in(at, "a guess")
    sign_in_clock.now += 20
    assert sign_in(at, editor_password).error[0].value == "Too many attempts, try again in 10 s."

    sign_in_clock.now += 10
    at = sign_in(open_manage(), editor_password)

    assert not at.error
    assert len(at.file_uploader) == 1


def test_ten_failures_from_ten_addresses_lock_out_every_address_for_a_minute(
    editor_password, monkeypatch
):
    addresses = iter(f"198.51.100.{n}" for n in range(11))
    address = [next(addresses)]
    monkeypatch.setattr(editor_access, "client_address", lambda: address[0])
    for _ in range(10):
        sign_in(open_manage(), "a guess")
        address[0] = next(addresses)

    at = sign_in(open_manage(), editor_password)

    assert [e.value for e in at.error] == [
        "Too many failed sign-ins on this server; try again in 60 s."
    ]
    assert not at.file_uploader


def test_every_failed_attempt_is_logged_with_its_time_and_address(
    editor_password, monkeypatch, caplog
):
    monkeypatch.setattr(editor_access, "client_address", lambda: "203.0.113.5")
    caplog.set_level(logging.WARNING, logger="dashboard.manage.sign_in_lockout")

    for _ in range(4):
        sign_in(open_manage(), "a guess")

    logged = [
        r.getMessage() for r in caplog.records if r.name == "dashboard.manage.sign_in_lockout"
    ]
    time = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00"
    assert [re.sub(time, "<time>", line) for line in logged] == [
        "editor sign-in failed at <time> from 203.0.113.5: wrong password, "
        "failure 1 from this address",
        "editor sign-in failed at <time> from 203.0.113.5: wrong password, "
        "failure 2 from this address",
        "editor sign-in failed at <time> from 203.0.113.5: wrong password, "
        "failure 3 from this address; locked out for 30 s (address)",
        "editor sign-in refused unchecked at <time> from 203.0.113.5: "
        "locked out for 30 s (address)",
    ]


def test_a_signed_in_session_is_signed_out_when_the_password_changes(editor_password, monkeypatch):
    at = sign_in(open_manage(), editor_password)
    assert at.file_uploader

    monkeypatch.setenv("DASHBOARD_EDITOR_PASSWORD", "a new password")
    at.run()

    assert not at.file_uploader
    assert at.text_input(key="editor_password")


def test_signing_out_hides_the_upload_control(editor_password):
    at = sign_in(open_manage(), editor_password)

    next(b for b in at.button if b.label == "Sign out").click()
    at.run()

    assert not at.file_uploader


# --- Streamlit's login (OIDC) ----------------------------------------------------------------


def test_with_login_configured_a_signed_out_visitor_sees_only_a_sign_in_button(editor_password):
    at = open_manage(LOGIN_SECRETS, {"is_logged_in": False})

    assert [b.label for b in at.button] == ["Sign in"]
    assert not at.file_uploader
    assert not at.text_input  # the password is not an alternative once login is configured


def test_only_editors_on_the_allow_list_may_import_when_login_is_configured():
    at = open_manage(LOGIN_SECRETS, {"is_logged_in": True, "email": "someone@example.org"})

    assert [e.value for e in at.error] == [
        "This account is not on the editors' list, so it cannot change the data."
    ]
    assert "Signed in as someone@example.org." in texts(at)
    assert not at.file_uploader


def test_an_editor_on_the_allow_list_sees_the_upload_control_whatever_the_case_of_the_email():
    at = open_manage(LOGIN_SECRETS, {"is_logged_in": True, "email": "editor@example.ORG"})

    assert not at.error
    assert len(at.file_uploader) == 1
    assert "Signed in as editor@example.org." in texts(at)


def test_an_email_the_identity_provider_has_not_verified_is_not_trusted():
    user = {"is_logged_in": True, "email": "editor@example.org", "email_verified": False}

    at = open_manage(LOGIN_SECRETS, user)

    assert not at.file_uploader


def test_an_email_claim_without_a_sign_in_is_not_trusted():
    # st.user can hold claims without is_logged_in (AppTest's default user does).
    at = open_manage(LOGIN_SECRETS, {"email": "editor@example.org"})

    assert not at.file_uploader
    assert [b.label for b in at.button] == ["Sign in"]
