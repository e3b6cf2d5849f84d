"""The Streamlit app as a subprocess on a free port, against a database built by the real loaders.

Shared by the browser tests' conftest and `take_screenshots.py`.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from loaders import build

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURE_DATA = REPO_ROOT / "tests" / "fixtures" / "data"
STARTUP_TIMEOUT_S = 60


class AppFailedToStart(RuntimeError):
    """The server died or never answered its health check; the message holds its output."""


def build_database(data_dir: Path, db_path: Path) -> Path:
    """The one build path: `loaders.build`, exactly as `make build` runs it."""
    build(data_dir, db_path)
    return db_path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _output(log: Path) -> str:
    return log.read_text(errors="replace") if log.exists() else "(no output)"


def wait_for_server(process: subprocess.Popen, url: str, log: Path) -> None:
    """Poll `url` until it answers "ok"; fail at once, with the server's output, if it exits."""
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AppFailedToStart(
                f"streamlit exited with code {process.returncode} before answering {url}:\n"
                + _output(log)
            )
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.read().decode().strip() == "ok":
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        try:
            # Doubles as the pause between polls, and notices an early exit at once.
            process.wait(timeout=0.1)
        except subprocess.TimeoutExpired:
            pass
    raise AppFailedToStart(
        f"streamlit did not answer {url} within {STARTUP_TIMEOUT_S} s:\n" + _output(log)
    )


@contextmanager
def running_app(db_path: Path, log: Path) -> Iterator[str]:
    """Serve `app.py` against `db_path`; yields the base URL and terminates the server after."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    env = {**os.environ, "PROGRAMME_DB": str(db_path)}
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, cwd=REPO_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        base_url = f"http://127.0.0.1:{port}"
        wait_for_server(process, f"{base_url}/_stcore/health", log)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
