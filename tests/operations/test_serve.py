"""`make serve` as a room meets it: two Streamlit processes behind the real nginx, under
supervisor, spoken to through Streamlit's own websocket protocol (bench/streamlit_protocol.py).

Which process answered each request is read from nginx's access log (`upstream=`), never
from the app. Viewers connect from their own loopback addresses (127.0.0.x) when it matters
who they are.
"""

from __future__ import annotations

import csv
import http.client
import io
import os
import shutil
import signal
import uuid
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import websockets
from streamlit.proto.Common_pb2 import FileUploaderState

from bench.streamlit_protocol import ProtocolViewer, ScriptRun
from serve.config import NGINX
from serve.group import ServedGroup, healthy, served_group, until
from tests.support.event_loop import run_coroutine
from tests.support.paths import FIXTURE_DATA

pytestmark = pytest.mark.skipif(
    not os.access(NGINX, os.X_OK), reason="nginx is not installed (`make test` installs it)"
)

REPLICAS = 2
PASSWORD = "a password nobody guesses"
ROUTE = "programme_route"
XSRF = "_streamlit_xsrf"
UPLOADER = "A CSV or XLSX file (at most 10 MB)"
ADDRESS_LOCKED = "Too many attempts, try again in 30 s."


@pytest.fixture(scope="module")
def group(fixture_db: Path, tmp_path_factory: pytest.TempPathFactory):
    home = tmp_path_factory.mktemp("serve")
    data = home / "data"
    shutil.copytree(FIXTURE_DATA, data)
    shutil.copyfile(fixture_db, data / "programme.duckdb")
    env = {
        "PROGRAMME_DATA_DIR": str(data),
        "PROGRAMME_DB": str(data / "programme.duckdb"),
        "DASHBOARD_EDITOR_PASSWORD": PASSWORD,
        "DASHBOARD_SIGN_IN_STATE": str(home / "sign-in-lockout.sqlite3"),
    }
    with served_group(REPLICAS, home / "run", env) as served:
        yield served


def request(url: str, method: str = "GET", path: str = "/", body: bytes = b"", headers=None):
    """One HTTP request: (status, the cookies it set)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        response.read()
        cookies = dict(
            value.split(";", 1)[0].split("=", 1)
            for value in response.headers.get_all("Set-Cookie") or []
        )
        return response.status, cookies
    finally:
        connection.close()


def new_browser(group: ServedGroup) -> dict[str, str]:
    """The cookies a browser gets on its first visit: the proxy's route and Streamlit's XSRF
    (set by the health check the page makes first)."""
    status, cookies = request(group.url, path="/_stcore/health")
    assert status == 200 and ROUTE in cookies and XSRF in cookies, cookies
    return cookies


def cookie_header(cookies: dict[str, str]) -> dict[str, str]:
    return {"Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items())}


def browsers_on_each_process(group: ServedGroup) -> dict[str, dict[str, str]]:
    """One browser's cookies for each process (first visits until every process has one)."""
    found: dict[str, dict[str, str]] = {}
    for _ in range(100):
        cookies = new_browser(group)
        [upstream] = until(
            lambda: [e["upstream"] for e in group.access_log() if e["route"] == cookies[ROUTE]],
            "nginx logged the first visit",
        )
        found.setdefault(upstream, cookies)
        if len(found) == REPLICAS:
            return found
    raise AssertionError(f"100 first visits reached only {sorted(found)}")


def streams_of(group: ServedGroup, route: str) -> list[str]:
    """The processes that served the websockets of the browser with this route cookie."""
    return [
        e["upstream"]
        for e in group.access_log()
        if e["route"] == route and e["request"].startswith("GET /_stcore/stream")
    ]


async def connect(group: ServedGroup, cookies: dict[str, str], **kwargs) -> ProtocolViewer:
    return await ProtocolViewer.connect(group.url, headers=cookie_header(cookies), **kwargs)


def finished(run: ScriptRun) -> ScriptRun:
    assert run.status == "finished" and not run.exceptions, run
    return run


async def sign_in(viewer: ProtocolViewer, password: str) -> ScriptRun:
    ids = finished(await viewer.run("manage")).widget_ids
    return finished(
        await viewer.run(
            "manage",
            widgets={
                ids["Your name, for the audit log"]: "A viewer",
                ids["Editor password"]: password,
                ids["Sign in"]: True,
            },
        )
    )


def test_twenty_reconnects_with_the_proxy_cookie_stay_on_one_process_and_keep_the_session(group):
    cookies = new_browser(group)

    async def reconnects() -> tuple[str, list[tuple[str, bool]]]:
        viewer = await connect(group, cookies)
        assert "Signed in as A viewer (editor password)." in (await sign_in(viewer, PASSWORD)).texts
        session = viewer.session_id
        await viewer.close()
        seen = []
        for _ in range(20):
            viewer = await connect(group, cookies, xsrf_token=cookies[XSRF], session_id=session)
            run = finished(await viewer.run("manage"))
            seen.append(
                (viewer.session_id, "Signed in as A viewer (editor password)." in run.texts)
            )
            await viewer.close()
        return session, seen

    session, seen = run_coroutine(reconnects())

    assert seen == [(session, True)] * 20  # the same session, still signed in
    served = until(
        lambda: len(streams_of(group, cookies[ROUTE])) == 21 and streams_of(group, cookies[ROUTE]),
        "nginx logged the 21 websockets",
    )
    assert len(set(served)) == 1, Counter(served)


def test_new_sessions_from_one_address_spread_over_the_processes(group):
    async def first_visits() -> list[str]:
        routes = []
        for _ in range(200):  # no cookie: each a new browser, all from 127.0.0.1
            viewer = await ProtocolViewer.connect(group.url)
            routes.append(viewer.response_headers["Set-Cookie"].split(";")[0].split("=")[1])
            await viewer.close()
        return routes

    routes = set(run_coroutine(first_visits()))

    def served() -> list[str]:
        return [
            e["upstream"]
            for e in group.access_log()
            if e["route"] in routes and e["request"].startswith("GET /_stcore/stream")
        ]

    per_process = Counter(until(lambda: len(served()) == 200 and served(), "200 logged"))
    assert len(routes) == 200
    assert set(per_process) == set(group.upstreams)
    for upstream in group.upstreams:
        assert abs(per_process[upstream] / 200 - 1 / REPLICAS) <= 0.10, per_process


def multipart(name: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: text/csv\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def test_an_upload_reaches_its_session_through_the_proxy_and_is_refused_by_another_process(
    group,
):
    cookies = new_browser(group)
    content = (FIXTURE_DATA / "sources.csv").read_bytes()  # the table /manage offers first
    rows = len(list(csv.reader(io.StringIO(content.decode())))) - 1
    body, content_type = multipart("sources.csv", content)
    headers = {**cookie_header(cookies), "Content-Type": content_type, "X-Xsrftoken": cookies[XSRF]}

    async def import_through_the_proxy() -> tuple[str, int, ScriptRun]:
        viewer = await connect(group, cookies)
        await sign_in(viewer, PASSWORD)
        uploader = finished(await viewer.run("manage")).widget_ids[UPLOADER]
        file_id = uuid.uuid4().hex
        path = f"/_stcore/upload_file/{viewer.session_id}/{file_id}"
        status, _ = request(group.url, "PUT", path, body, headers)
        files = FileUploaderState()
        files.uploaded_file_info.add(name="sources.csv", size=len(content), file_id=file_id)
        run = finished(await viewer.run("manage", widgets={uploader: files}))
        await viewer.close()
        return path, status, run

    path, status, preview = run_coroutine(import_through_the_proxy())

    assert status == 204
    # The process read the very file: every row already there.
    read = f"sources.csv → sources: 0 row(s) to add, 0 to change, {rows} unchanged (skipped)"
    assert f"{read}, 0 problem(s)." in preview.texts, preview
    [own] = set(until(lambda: streams_of(group, cookies[ROUTE]), "nginx logged the websocket"))
    [other] = [upstream for upstream in group.upstreams if upstream != own]
    status_elsewhere, _ = request(f"http://{other}", "PUT", path, body, headers)
    assert status_elsewhere == 400  # "Invalid session_id": why the affinity exists


def test_wrong_guesses_spread_over_the_processes_lock_the_address_after_three(group):
    on_process = browsers_on_each_process(group)
    order = [on_process[group.upstreams[n % REPLICAS]] for n in range(4)]

    async def guesses() -> list[list[str]]:
        shown = []
        for cookies in order:  # a guesser at 127.0.0.6, each guess on the next process
            viewer = await connect(group, cookies, source_address="127.0.0.6")
            run = await sign_in(viewer, "a guess")
            shown.append(run.alerts)
            await viewer.close()
        return shown

    shown = run_coroutine(guesses())

    assert shown[:2] == [["Wrong password."]] * 2
    assert shown[2] == ["Wrong password.", ADDRESS_LOCKED]  # the third, as on one process
    assert shown[3] == [ADDRESS_LOCKED]  # refused unchecked, on the other process
    served = [streams_of(group, cookies[ROUTE]) for cookies in order]
    assert {upstream for streams in served for upstream in streams} == set(group.upstreams)


def test_a_killed_process_costs_its_viewers_one_reconnect_and_is_started_again(group):
    victim, survivor = group.upstreams
    on_process = browsers_on_each_process(group)
    old_pid = group.pid(int(victim.rsplit(":", 1)[1]))

    async def viewers_through_a_kill() -> tuple[list[str], list[str]]:
        viewers = {
            upstream: [await connect(group, on_process[upstream]) for _ in range(2)]
            for upstream in (victim, survivor)
        }
        for viewer in viewers[victim] + viewers[survivor]:
            finished(await viewer.run(""))
        os.kill(old_pid, signal.SIGKILL)

        survivors_next = [(await viewer.run("partners")).status for viewer in viewers[survivor]]
        victims_next = []
        for viewer in viewers[victim]:
            try:
                run = await viewer.run("partners")
            except websockets.ConnectionClosed:  # the browser reconnects, as Streamlit's does
                viewer = await connect(group, on_process[victim])
                run = await viewer.run("partners")
            victims_next.append(run.status if "Partners" in " ".join(run.headings) else str(run))
        for viewer in viewers[survivor]:
            await viewer.close()
        return survivors_next, victims_next

    survivors_next, victims_next = run_coroutine(viewers_through_a_kill())

    assert survivors_next == ["finished", "finished"]  # the others noticed nothing
    assert victims_next == ["finished", "finished"]  # a working page on the next interaction
    new_pid = until(
        lambda: (pid := group.pid(int(victim.rsplit(":", 1)[1]))) != old_pid and pid,
        "supervisor started the killed process again",
    )
    assert new_pid
    until(lambda: healthy(f"http://{victim}"), "the restarted process answers")


def test_ctrl_c_stops_nginx_and_every_process(fixture_db, tmp_path):
    env = {"PROGRAMME_DB": str(fixture_db), "DASHBOARD_SIGN_IN_STATE": str(tmp_path / "s.db")}
    with served_group(REPLICAS, tmp_path / "run", env) as stopped:
        started = [stopped.supervisor_pid, *stopped.pids()]
        started.append(int((stopped.run_dir / "nginx.pid").read_text()))
        assert all(Path(f"/proc/{pid}").exists() for pid in started)
    # Leaving served_group sent SIGINT, as Ctrl-C does, and waited for `python -m serve`.

    assert not healthy(stopped.url)
    assert not any(healthy(f"http://{upstream}") for upstream in stopped.upstreams)
    assert [pid for pid in started if Path(f"/proc/{pid}").exists()] == []


def test_the_proxys_limits_hold_for_the_whole_group(group):
    status, _ = request(group.url, path="/_stcore/metrics")
    assert status == 404  # while each process serves them to this machine
    assert all(request(f"http://{u}", path="/_stcore/metrics")[0] == 200 for u in group.upstreams)
    oversized = {"Content-Length": str(12 * 2**20), "Content-Type": "application/octet-stream"}
    parts = urlsplit(group.url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:  # the headers alone: nginx refuses by Content-Length before any body
        connection.putrequest("PUT", "/_stcore/upload_file/a-session/a-file")
        for name, value in oversized.items():
            connection.putheader(name, value)
        connection.endheaders()
        assert connection.getresponse().status == 413
    finally:
        connection.close()
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request("GET", "/")
        headers = connection.getresponse().headers
    finally:
        connection.close()
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Content-Security-Policy"] == "frame-ancestors 'none'"

    statuses = []
    for _ in range(20):  # rapid uploads from one address (127.0.0.7), whichever process
        connection = http.client.HTTPConnection(
            parts.hostname, parts.port, timeout=30, source_address=("127.0.0.7", 0)
        )
        try:
            connection.request("PUT", "/_stcore/upload_file/a-session/a-file", body=b"x" * 16)
            statuses.append(connection.getresponse().status)
        finally:
            connection.close()
    assert sum(status == 429 for status in statuses) >= 10, statuses
