"""The app served for the load test: a short session TTL, its log kept, its memory sampled."""

from __future__ import annotations

import asyncio
import re
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.streamlit_server import rss_bytes, streamlit_server


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


class RssSampler:
    """The server's resident memory every `interval_s`, in a background asyncio task."""

    def __init__(self, pid: int, clock_start: float, interval_s: float = 0.5) -> None:
        self.pid, self.clock_start, self.interval_s = pid, clock_start, interval_s
        self.samples: list[tuple[float, int]] = []  # (seconds on the load test's clock, bytes)

    def sample(self) -> int:
        rss = rss_bytes(self.pid)
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
    with urllib.request.urlopen(f"{base_url}/_stcore/metrics", timeout=30) as response:
        text = response.read().decode()
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
