"""The app served for the load test: a short session TTL, its log kept, its memory sampled;
one Streamlit process, or `make serve`'s group of N behind nginx."""

from __future__ import annotations

import asyncio
import re
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.loadtest.checks import visited_paths
from bench.loadtest.cpu import tree_pids
from bench.streamlit_protocol import run_pages
from bench.streamlit_server import rss_bytes, streamlit_server
from serve.group import served_group


@contextmanager
def served_app(
    db: Path, session_ttl_s: int, log: Path, options: dict[str, str] | None = None
) -> Iterator[tuple[str, int]]:
    """`streamlit run app.py` on `db`; yields its URL and pid. Its output goes to `log`.

    `options` are further Streamlit options, `{"runner.postScriptGC": "false"}` for instance.
    """
    # Streamlit keeps a closed session's state this long (default 120 s).
    ttl = {"server.disconnectedSessionTTL": str(session_ttl_s)}
    with streamlit_server(
        "app.py", {"PROGRAMME_DB": str(db)}, log=log, options={**ttl, **(options or {})}
    ) as (url, pid):
        yield url, pid


def streamlit_options_as_env(options: dict[str, str]) -> dict[str, str]:
    """`{"runner.postScriptGC": "false"}` as Streamlit reads it from the environment
    (STREAMLIT_RUNNER_POST_SCRIPT_GC): how options reach processes that supervisor starts."""
    env = {}
    for name, value in options.items():
        section, _, option = name.partition(".")
        snake = re.sub(r"(?<!^)(?=[A-Z])", "_", option).upper()
        env[f"STREAMLIT_{section.upper()}_{snake}"] = value
    return env


@contextmanager
def served_group_app(
    db: Path, processes: int, session_ttl_s: int, work: Path, options: dict[str, str] | None = None
) -> Iterator[tuple[str, int, list[Path]]]:
    """`make serve` with `processes` Streamlit processes on `db`; yields nginx's URL, the pid
    of supervisord (whose process tree is the server) and the processes' log files."""
    ttl = {"server.disconnectedSessionTTL": str(session_ttl_s)}
    env = {
        "PROGRAMME_DB": str(db),
        "DASHBOARD_SIGN_IN_STATE": str(work / "sign-in.sqlite3"),
        **streamlit_options_as_env({**ttl, **(options or {})}),
    }
    with served_group(processes, work / "run", env) as group:
        # Every page once on every process, straight: memory at the load's start is then each
        # process's warm start, as with one process, whose single session comes first.
        for upstream in group.upstreams:
            run_pages(f"http://{upstream}", [(page, "") for page in visited_paths()])
        logs = sorted((group.run_dir / "logs").glob("streamlit-*.log"))
        yield group.url, group.supervisor_pid, logs


def server_rss_bytes(root: int) -> int:
    """Resident memory of the server: one process, or a group's processes (and nginx) summed."""
    total = 0
    for pid in tree_pids(root):
        try:
            total += rss_bytes(pid)
        except (OSError, RuntimeError):  # gone meanwhile, or a kernel thread
            continue
    return total


class RssSampler:
    """The server's resident memory every `interval_s`, in a background asyncio task."""

    def __init__(self, pid: int, clock_start: float, interval_s: float = 0.5) -> None:
        self.pid, self.clock_start, self.interval_s = pid, clock_start, interval_s
        self.samples: list[tuple[float, int]] = []  # (seconds on the load test's clock, bytes)

    def sample(self) -> int:
        rss = server_rss_bytes(self.pid)
        self.samples.append((time.monotonic() - self.clock_start, rss))
        return rss

    async def run(self) -> None:
        while True:
            self.sample()
            await asyncio.sleep(self.interval_s)

    def peak(self, from_s: float = 0.0, to_s: float = float("inf")) -> int:
        return max((rss for t, rss in self.samples if from_s <= t <= to_s), default=0)


def server_metrics(base_url: str) -> dict[str, float]:
    """Sessions and cache sizes from Streamlit's /_stcore/metrics (OpenMetrics text)."""
    wanted = ("active_sessions", "session_events_total", "cache_memory_bytes")
    try:
        with urllib.request.urlopen(f"{base_url}/_stcore/metrics", timeout=30) as response:
            text = response.read().decode()
    except urllib.error.HTTPError:  # behind make serve's nginx, which hides them
        return {}
    figures = {}
    for line in text.splitlines():
        if line.startswith(wanted):
            name, value = line.rsplit(" ", 1)
            figures[name] = float(value)
    return figures


def log_problems(log: Path) -> list[str]:
    """Tracebacks and errors the server logged, one line each."""
    lines = log.read_text(errors="replace").splitlines()
    return [line for line in lines if re.search(r"Traceback|Error|Exception|WARNING", line)]
