"""deploy/nginx.conf in front of the app: websockets pass, what Streamlit cannot limit is, and
the sign-in lockout counts each viewer's own address from nginx's X-Forwarded-For.

nginx runs as this user, from its own prefix, pid, log and temporary directories under
tmp_path, on a free port; the app is the same `streamlit run app.py` the browser tests start,
with nginx named in DASHBOARD_TRUSTED_PROXIES as deploy/nginx.conf asks. Viewers on this
machine connect from other loopback addresses (127.0.0.2, ...) to be told apart from nginx.
"""

from __future__ import annotations

import getpass
import http.client
import os
import shutil
import socket
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from bench.streamlit_protocol import ProtocolViewer, run_pages
from bench.streamlit_server import free_port, stop, wait_until_healthy
from serve.config import nginx_site
from tests.support.app_server import running_app
from tests.support.event_loop import run_coroutine

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

pytestmark = pytest.mark.skipif(
    not os.access(NGINX, os.X_OK), reason="nginx is not installed (`make test` installs it)"
)


def proxy_config(prefix: Path, port: int, app_port: int) -> Path:
    """A top-level nginx.conf around the shipped site, with only its addresses changed (by
    `make serve`'s own rendering)."""
    site = nginx_site(f"127.0.0.1:{port}", [f"127.0.0.1:{app_port}"])
    (prefix / "site.conf").write_text(site)
    temporary = "\n".join(
        f"    {kind}_temp_path {prefix / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    config = prefix / "nginx.conf"
    config.write_text(
        # As root nginx would hand its workers to "nobody", who cannot enter tmp_path.
        f"user {getpass.getuser()};\n"
        f"daemon off;\nworker_processes 1;\npid {prefix / 'nginx.pid'};\n"
        f"error_log {prefix / 'error.log'} warn;\n"
        "events { worker_connections 256; }\n"
        f"http {{\n    access_log {prefix / 'access.log'};\n{temporary}\n"
        f"    include {prefix / 'site.conf'};\n}}\n"
    )
    return config


PASSWORD = "a password nobody guesses"


@pytest.fixture(scope="module")
def app_url(fixture_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    home = tmp_path_factory.mktemp("proxied-streamlit")
    env = {
        "DASHBOARD_TRUSTED_PROXIES": "127.0.0.1",
        "DASHBOARD_EDITOR_PASSWORD": PASSWORD,
        "DASHBOARD_SIGN_IN_STATE": str(home / "sign-in-lockout.sqlite3"),
    }
    with running_app(fixture_db, home / "streamlit.log", env) as url:
        yield url


@pytest.fixture(scope="module")
def proxy_url(app_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    prefix = tmp_path_factory.mktemp("nginx")
    port = free_port()
    config = proxy_config(prefix, port, urlsplit(app_url).port)
    error_log = prefix / "error.log"
    error_log.touch()  # opened for reading now, so a failed start can show what nginx said
    with error_log.open("rb") as said:
        process = subprocess.Popen(
            [NGINX, "-p", str(prefix), "-c", str(config), "-e", str(error_log)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_healthy(process, port, said, timeout=30)
            yield f"http://127.0.0.1:{port}"
        finally:
            stop(process)


def get(url: str) -> tuple[int, http.client.HTTPMessage]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.headers


def put_upload(url: str, body_bytes: int, send_body: bool = True) -> int:
    """A PUT to Streamlit's upload endpoint, as an anonymous script would send it.

    Without `send_body` only the headers go: nginx judges the size from Content-Length.
    """
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as connection:
        connection.sendall(
            (
                "PUT /_stcore/upload_file/a-session/a-file HTTP/1.1\r\n"
                f"Host: {parts.netloc}\r\nContent-Type: application/octet-stream\r\n"
                f"Content-Length: {body_bytes}\r\nConnection: close\r\n\r\n"
            ).encode()
            + (b"x" * body_bytes if send_body else b"")
        )
        status_line = connection.makefile("rb").readline().decode()
    return int(status_line.split()[1])


def test_the_page_loads_through_the_proxy(proxy_url):
    status, _ = get(f"{proxy_url}/")
    assert status == 200


def test_the_websocket_upgrade_passes_and_the_app_runs(proxy_url):
    [run], _ = run_pages(proxy_url, [("", "")])
    assert run.status == "finished", run
    assert "Programme overview" in run.headings
    assert run.exceptions == []


@pytest.mark.parametrize("path", ["/", "/_stcore/health", "/_stcore/metrics"])
def test_no_page_can_be_framed(proxy_url, path):
    _, headers = get(f"{proxy_url}{path}")
    assert headers["Content-Security-Policy"] == "frame-ancestors 'none'"
    assert headers["X-Frame-Options"] == "DENY"


def test_metrics_are_hidden_by_the_proxy(proxy_url, app_url):
    assert get(f"{app_url}/_stcore/metrics")[0] == 200  # Streamlit alone serves them
    assert get(f"{proxy_url}/_stcore/metrics")[0] == 404


def test_an_oversized_upload_is_refused_before_it_reaches_streamlit(proxy_url):
    assert put_upload(proxy_url, 12 * 2**20, send_body=False) == 413


def test_rapid_uploads_are_rate_limited(proxy_url):
    statuses = [put_upload(proxy_url, 16) for _ in range(20)]
    # The first few reach Streamlit (which refuses an upload with no session); then nginx.
    assert statuses[0] not in (429, 503)
    assert sum(status == 429 for status in statuses) >= 10, statuses


ADDRESS_LOCKED = "Too many attempts, try again in 30 s."


def sign_in_alerts(
    base_url: str, passwords: list[str], source: str, forged: list[str] | None = None
) -> list[list[str]]:
    """One viewer at `source` opens /manage and signs in with each password in turn, a new
    websocket for each (as a reload makes), the n-th sending `X-Forwarded-For: forged[n]` if
    given; what each sign-in showed."""

    async def attempts() -> list[list[str]]:
        shown = []
        for n, password in enumerate(passwords):
            headers = {"X-Forwarded-For": forged[n]} if forged else {}
            viewer = await ProtocolViewer.connect(base_url, headers=headers, source_address=source)
            try:
                form = await viewer.run("manage")
                assert form.status == "finished" and not form.exceptions, form
                ids = form.widget_ids
                run = await viewer.run(
                    "manage",
                    widgets={
                        ids["Your name, for the audit log"]: "A guesser",
                        ids["Editor password"]: password,
                        ids["Sign in"]: True,
                    },
                )
                assert run.status == "finished" and not run.exceptions, run
                shown.append(run.alerts + run.texts)
            finally:
                await viewer.close()
        return shown

    return run_coroutine(attempts())


# These tests share the app's one state file, so they add up to fewer than the ten failures a
# minute that lock every address: three, none, three and three.


def test_the_lockout_counts_the_viewer_behind_nginx_not_nginx(proxy_url):
    guesser = sign_in_alerts(proxy_url, ["guess 1", "guess 2", "guess 3"], "127.0.0.2")
    assert guesser[0] == guesser[1] == ["Wrong password."]
    assert guesser[2] == ["Wrong password.", ADDRESS_LOCKED]

    [editor] = sign_in_alerts(proxy_url, [PASSWORD], "127.0.0.3")  # through the same nginx

    assert "Signed in as A guesser (editor password)." in editor


def test_a_forged_forwarded_for_through_nginx_does_not_escape_the_lockout(proxy_url):
    forged = ["198.51.100.1", "198.51.100.2", "198.51.100.3", "198.51.100.4"]
    shown = sign_in_alerts(proxy_url, ["guess"] * 4, "127.0.0.4", forged)

    assert shown[2] == ["Wrong password.", ADDRESS_LOCKED]
    assert shown[3] == [ADDRESS_LOCKED]  # refused unchecked


def test_a_forged_forwarded_for_sent_straight_to_the_app_is_ignored(app_url):
    forged = ["198.51.100.5", "198.51.100.6", "198.51.100.7", "198.51.100.8"]
    shown = sign_in_alerts(app_url, ["guess"] * 4, "127.0.0.5", forged)

    assert shown[2] == ["Wrong password.", ADDRESS_LOCKED]
    assert shown[3] == [ADDRESS_LOCKED]
