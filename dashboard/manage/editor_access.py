"""Who may use /manage: signed-in users on the editors' list, or whoever knows the editor
password; with neither configured, nobody.

- OIDC: when `[auth]` is in `.streamlit/secrets.toml`, editors are the users signed in with
  `st.login()` whose e-mail is in `[editors] emails = [...]` (an optional `provider = "..."`
  names the `[auth.<provider>]` section to use).
- Otherwise the password in the `DASHBOARD_EDITOR_PASSWORD` environment variable, compared in
  constant time. Failed attempts lock the client's address (and, past a server-wide rate, every
  address) out for a growing time: see sign_in_lockout.py.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Mapping
from typing import Any, Literal

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from dashboard.language import N_, Translator
from dashboard.manage import sign_in_lockout
from dashboard.manage.client_address import client_address
from dashboard.manage.sign_in_lockout import Wait
from dashboard.ui.language_choice import current_translator

PASSWORD_ENV = "DASHBOARD_EDITOR_PASSWORD"
_EDITOR = "_editor_signed_in"

HOW_TO_ENABLE_MESSAGE = N_(
    "Editing is not enabled on this server. To enable it, either configure Streamlit's login "
    "(an `[auth]` section in `.streamlit/secrets.toml`) and list the editors under "
    '`[editors] emails = ["name@example.org"]`, or start the app with the '
    "`{variable}` environment variable set to the editor password."
)
HOW_TO_ENABLE = HOW_TO_ENABLE_MESSAGE.format(variable=PASSWORD_ENV)  # in English


def access_mode() -> Literal["oidc", "password", "disabled"]:
    if _secrets_section("auth"):
        return "oidc"
    if os.environ.get(PASSWORD_ENV):
        return "password"
    return "disabled"


def require_editor() -> str:
    """Return the signed-in editor's name for the audit log, or draw the sign-in and stop."""
    mode = access_mode()
    if mode == "oidc":
        return _oidc_editor(_secrets_section("editors"))
    if mode == "password":
        return _password_editor(os.environ[PASSWORD_ENV])
    st.info(current_translator()._(HOW_TO_ENABLE_MESSAGE, variable=PASSWORD_ENV), icon="🔒")
    st.stop()


def _secrets_section(name: str) -> Mapping[str, Any]:
    try:
        return st.secrets.get(name) or {}
    except StreamlitSecretNotFoundError:  # no secrets.toml at all
        return {}


def _oidc_editor(editors: Mapping[str, Any]) -> str:
    tr = current_translator()
    if not st.user.get("is_logged_in"):
        st.write(tr._("Sign in with your organisation account to manage the data."))
        if st.button(tr._("Sign in"), type="primary"):
            provider = editors.get("provider")
            if provider:
                st.login(provider)
            else:
                st.login()
        st.stop()
    email = str(st.user.get("email") or "").strip().lower()
    allowed = {str(e).strip().lower() for e in editors.get("emails", [])}
    # An identity provider that says the address is unverified is not trusted with it.
    if not email or email not in allowed or st.user.get("email_verified") is False:
        st.error(tr._("This account is not on the editors' list, so it cannot change the data."))
        who = email or tr._("an account without an e-mail address")
        st.text(tr._("Signed in as {editor}.", editor=who))
        if st.button(tr._("Sign out")):
            st.logout()
        st.stop()
    st.text(tr._("Signed in as {editor}.", editor=email))
    if st.button(tr._("Sign out")):
        st.logout()
    return email


def _password_editor(password: str) -> str:
    state = st.session_state
    tr = current_translator()
    signed_in = state.get(_EDITOR)
    # A session signed in with a password that has since been changed is signed out.
    if signed_in and hmac.compare_digest(signed_in["password"], _fingerprint(password)):
        st.text(tr._("Signed in as {editor} (editor password).", editor=signed_in["name"]))
        if st.button(tr._("Sign out")):
            del state[_EDITOR]
            st.rerun()
        return f"{signed_in['name']} (editor password)"
    state.pop(_EDITOR, None)

    with st.form("editor_sign_in", clear_on_submit=True):
        name = st.text_input(tr._("Your name, for the audit log"), key="editor_name")
        given = st.text_input(tr._("Editor password"), type="password", key="editor_password")
        submitted = st.form_submit_button(tr._("Sign in"), type="primary")
    # Looked up on each run, so a test can put in a lockout with its own clock.
    lockout, address = sign_in_lockout.EDITOR_SIGN_INS, client_address()
    if submitted and not name.strip():
        st.error(tr._("Enter your name: every import is logged with who made it."))
    elif submitted:
        # While locked out it is only logged: the password is not compared.
        result = lockout.sign_in(
            address, lambda: hmac.compare_digest(given.encode(), password.encode())
        )
        if result.signed_in:
            state[_EDITOR] = {"name": name.strip(), "password": _fingerprint(password)}
            st.rerun()
        elif not result.refused_unchecked:
            st.error(tr._("Wrong password."))
    if wait := lockout.wait(address):
        st.error(_lockout_message(wait, tr))
    st.stop()


def _lockout_message(wait: Wait, tr: Translator) -> str:
    if wait.scope == "server":
        return tr._(
            "Too many failed sign-ins on this server; try again in {seconds} s.",
            seconds=tr.number(wait.seconds),
        )
    return tr._("Too many attempts, try again in {seconds} s.", seconds=tr.number(wait.seconds))


def _fingerprint(password: str) -> str:
    return hashlib.sha256(password.encode()).hexdigest()
