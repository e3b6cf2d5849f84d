"""The room: V viewers from one address open the overview within S seconds, as a presenter's
link shown to a room is opened, against `make serve` (nginx, supervisor) with N processes.

Each viewer is one websocket through nginx with no cookie (a new browser), so nginx spreads
them by its own cookie. Timed per viewer: from its connect to the overview's first
`script_finished` ("time to a finished first run"). Each process's memory is read after one
warm-up visit (its start) and again after the room's sessions have closed and expired
(Streamlit drops them after server.disconnectedSessionTTL, when a new session arrives).
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import websockets

from bench.loadtest.checks import percentile
from bench.loadtest.cpu import process_cpu_s
from bench.streamlit_protocol import ProtocolViewer
from bench.streamlit_server import REPO, rss_bytes
from loaders import build
from serve.group import served_group

MB = 2**20
P95_TARGET_S = 3.0
MEMORY_TOLERANCE = 0.10


@dataclass
class RoomResult:
    processes: int
    viewers: int
    burst_s: float
    first_run_s: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    per_process_sessions: dict[str, int] = field(default_factory=dict)
    server_cpu_s: float = 0.0
    rss_start_mb: list[float] = field(default_factory=list)
    rss_after_expiry_mb: list[float] = field(default_factory=list)

    @property
    def p95_s(self) -> float:
        return percentile(self.first_run_s, 95)

    def memory_back(self) -> bool:
        return all(
            after <= start * (1 + MEMORY_TOLERANCE)
            for start, after in zip(self.rss_start_mb, self.rss_after_expiry_mb, strict=True)
        )


async def _arrive(url: str, delay_s: float, timeout_s: float, open_viewers: list) -> float | str:
    """One viewer: wait for its arrival, open the overview; its seconds, or what went wrong."""
    await asyncio.sleep(delay_s)
    started = time.monotonic()
    try:
        viewer = await ProtocolViewer.connect(url, timeout_s)
        open_viewers.append(viewer)
        run = await viewer.run("", "", timeout_s)
    except (websockets.WebSocketException, OSError, TimeoutError) as exc:
        return f"connect: {type(exc).__name__}"
    if run.status != "finished":
        return run.status
    if run.exceptions:
        return f"exception: {run.exceptions[0][:100]}"
    if "Programme overview" not in run.headings:
        return "no overview heading"
    return time.monotonic() - started


async def _room(url: str, viewers: int, burst_s: float, timeout_s: float) -> list[float | str]:
    open_viewers: list[ProtocolViewer] = []
    gap = burst_s / viewers
    try:
        return await asyncio.gather(
            *(_arrive(url, n * gap, timeout_s, open_viewers) for n in range(viewers))
        )
    finally:
        for viewer in open_viewers:
            try:
                await viewer.close()
            except (websockets.WebSocketException, OSError):
                pass


def _visit(url: str) -> None:
    async def once() -> None:
        viewer = await ProtocolViewer.connect(url)
        try:
            await viewer.run("", "")
        finally:
            await viewer.close()

    asyncio.run(once())


def _per_process(log_entries: list[dict[str, str]], since: int) -> dict[str, int]:
    counts: dict[str, int] = {}
    for entry in log_entries[since:]:
        if entry["request"].startswith("GET /_stcore/stream"):
            counts[entry["upstream"]] = counts.get(entry["upstream"], 0) + 1
    return counts


def measure_room(
    processes: int, viewers: int, burst_s: float, *, session_ttl_s: int = 20, timeout_s: float = 120
) -> RoomResult:
    """Serve a fresh build of data/ with `processes` processes, and let the room in."""
    result = RoomResult(processes, viewers, burst_s)
    with tempfile.TemporaryDirectory(prefix="loadtest-room-") as tmp:
        work = Path(tmp)
        db = work / "programme.duckdb"
        build(REPO / "data", db)
        env = {
            "PROGRAMME_DB": str(db),
            "DASHBOARD_SIGN_IN_STATE": str(work / "sign-in.sqlite3"),
            "STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": str(session_ttl_s),
        }
        with served_group(processes, work / "run", env) as group:
            pids = group.pids()
            for upstream in group.upstreams:  # each process warmed by one visit: its start
                _visit(f"http://{upstream}")
            result.rss_start_mb = [rss_bytes(pid) / MB for pid in pids]
            cpu_before = sum(process_cpu_s(pid) for pid in pids)
            logged = len(group.access_log())
            outcomes = asyncio.run(_room(group.url, viewers, burst_s, timeout_s))
            result.server_cpu_s = sum(process_cpu_s(pid) for pid in pids) - cpu_before
            result.first_run_s = [o for o in outcomes if isinstance(o, float)]
            result.errors = [o for o in outcomes if isinstance(o, str)]
            time.sleep(session_ttl_s + 2)  # the closed sessions expire ...
            for upstream in group.upstreams:  # ... and are dropped when a new one arrives
                _visit(f"http://{upstream}")
            time.sleep(1)
            result.rss_after_expiry_mb = [rss_bytes(pid) / MB for pid in pids]
            result.per_process_sessions = _per_process(group.access_log(), logged)
    return result


def room_table(results: list[RoomResult]) -> str:
    """The rooms side by side, one column each."""

    def row(name: str, cell) -> str:
        return f"| {name} | " + " | ".join(cell(r) for r in results) + " |"

    return "\n".join(
        [
            "| room | " + " | ".join(f"N={r.processes}" for r in results) + " |",
            "|---|" + "---|" * len(results),
            row("viewers arriving", lambda r: f"{r.viewers} within {r.burst_s:.0f} s"),
            row("errors", lambda r: str(len(r.errors)) + (f" ({r.errors[0]})" if r.errors else "")),
            row(
                "first run finished p50 / p95 / max",
                lambda r: (
                    f"{percentile(r.first_run_s, 50):.2f} / {r.p95_s:.2f} / "
                    f"{max(r.first_run_s, default=float('nan')):.2f} s"
                ),
            ),
            row(
                "sessions per process",
                lambda r: " / ".join(map(str, r.per_process_sessions.values())),
            ),
            row("server CPU, all processes", lambda r: f"{r.server_cpu_s:.0f} s"),
            row(
                "RSS per process: start → after expiry",
                lambda r: ", ".join(
                    f"{a:.0f}→{b:.0f} MB"
                    for a, b in zip(r.rss_start_mb, r.rss_after_expiry_mb, strict=True)
                ),
            ),
            row(
                f"memory back within {MEMORY_TOLERANCE:.0%}",
                lambda r: "met" if r.memory_back() else "NOT met",
            ),
            row(
                f"p95 ≤ {P95_TARGET_S:.0f} s, 0 errors",
                lambda r: "met" if r.p95_s <= P95_TARGET_S and not r.errors else "NOT met",
            ),
        ]
    )


def cores() -> int:
    return os.cpu_count() or 1
