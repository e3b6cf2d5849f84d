"""Starting `streamlit run` on a free port and waiting until it answers (or failing fast).

The one server launcher: the benchmarks, the load test and the tests (tests/support/app_server.py)
all start the app through `streamlit_server`. Nothing here imports from tests/.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

REPO = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerFailedToStart(RuntimeError):
    """The server died or never answered its health check; the message holds its output."""


@contextmanager
def streamlit_server(
    script: str = "app.py",
    env: dict[str, str] | None = None,
    *,
    log: Path | None = None,
    options: dict[str, str] | None = None,
    cwd: Path = REPO,
) -> Iterator[tuple[str, int]]:
    """Serve `script` (relative to the repository) on a free local port; yield its base URL and
    process id once it answers its health check, and stop it afterwards.

    The one launcher of `streamlit run`, for the benchmarks, the load test and the tests. `env`
    is added to this process's environment (`{"PROGRAMME_DB": ...}` picks the database); the
    server's output goes to `log` when given (kept for reading afterwards), else to a temporary
    file; `options` are further Streamlit options, `{"runner.postScriptGC": "false"}` say;
    `cwd` is the checkout served (`python -m bench --before-tree` serves an earlier one too).
    """
    port = free_port()
    command = [
        *[sys.executable, "-m", "streamlit", "run", script],
        *["--server.port", str(port), "--server.address", "127.0.0.1"],
        *["--server.headless", "true", "--browser.gatherUsageStats", "false"],
        *[part for name, value in (options or {}).items() for part in (f"--{name}", value)],
    ]
    # A file, not a pipe: nobody reads the server's output during a run, and a full pipe would
    # stall the server on its next log line.
    output = log.open("w+b") if log is not None else tempfile.TemporaryFile()
    try:
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env={**os.environ, **(env or {})},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_healthy(process, port, output)
            yield f"http://127.0.0.1:{port}", process.pid
        finally:
            stop(process)
    finally:
        output.close()


def stop(process: subprocess.Popen) -> None:
    """Ask a server to stop; kill it if it has not within 10 s."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _output_so_far(log: IO[bytes] | None) -> str:
    if log is None:
        return ""
    log.flush()
    log.seek(0)
    return log.read().decode(errors="replace")[-4000:]


def wait_until_healthy(
    process: subprocess.Popen, port: int, log: IO[bytes] | None = None, timeout: float = 60
) -> None:
    """Poll /_stcore/health until it answers "ok"; fail at once, with the server's output, if
    the process exits first. `process` may be a proxy in front of Streamlit on `port`."""
    url = f"http://127.0.0.1:{port}/_stcore/health"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerFailedToStart(
                f"streamlit exited with {process.returncode} before answering {url}:\n"
                + _output_so_far(log)
            )
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            pass
        try:
            # Doubles as the pause between polls, and notices an early exit at once.
            process.wait(timeout=0.1)
        except subprocess.TimeoutExpired:
            pass
    raise ServerFailedToStart(
        f"streamlit did not answer {url} within {timeout:g} s:\n" + _output_so_far(log)
    )


def rss_bytes(pid: int) -> int:
    """Resident memory of a process, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmRSS for process {pid}")
