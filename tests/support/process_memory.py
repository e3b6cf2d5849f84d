"""Peak resident memory of a server process and of the worker processes it starts, from /proc.

psutil is not a dependency: /proc/<pid>/status has VmRSS and VmHWM (the peak), and writing
"5" to /proc/<pid>/clear_refs resets that peak, so each measurement starts afresh.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

MB = 2**20
_SAMPLE_EVERY_S = 0.005


def status_bytes(pid: int, key: str) -> int:
    """`VmRSS` or `VmHWM` of a process in bytes; 0 once it has gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{key}:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def descendants(pid: int) -> list[int]:
    found = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return found
    for task in tasks:
        try:
            children = [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
        for child in children:
            found += [child, *descendants(child)]
    return found


@dataclass
class MemoryPeak:
    server_before: int = 0
    server_peak: int = 0
    worker_peaks: dict[int, int] = field(default_factory=dict)  # VmHWM less RssFile
    workers_ended: list[int] = field(default_factory=list)  # seen during the block, gone after

    @property
    def growth(self) -> int:
        """What the request added at its worst: the server's own rise plus every child seen
        meanwhile, the worker that ran the query and the spare started in its place, each at
        its own peak. A child's file-backed pages are left out: they are the libraries the
        server has already loaded (about 106 MB of an idle spare's 162 MB), shared, not new.
        Each child's peak counts in full although they need not peak together: this
        over-counts rather than under."""
        return self.server_peak - self.server_before + sum(self.worker_peaks.values())

    @property
    def ended_worker_peak(self) -> int:
        """The largest peak of a child that ended during the block: a worker that ran a query.
        An idle spare lives on, so a query that never reached a worker leaves this at 0."""
        return max((self.worker_peaks[pid] for pid in self.workers_ended), default=0)

    def __str__(self) -> str:
        rise = (self.server_peak - self.server_before) // MB
        workers = ", ".join(
            f"{pid}: {peak // MB} MB{' (ended)' if pid in self.workers_ended else ''}"
            for pid, peak in self.worker_peaks.items()
        )
        return f"server {self.server_before // MB} MB, +{rise} MB at peak; workers {workers}"


@contextmanager
def measured_peak(server_pid: int) -> Iterator[MemoryPeak]:
    """Measure the peak memory of `server_pid` and its descendants while the block runs."""
    Path(f"/proc/{server_pid}/clear_refs").write_text("5")
    peak = MemoryPeak(server_before=status_bytes(server_pid, "VmRSS"))
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            for child in descendants(server_pid):
                private = status_bytes(child, "VmHWM") - status_bytes(child, "RssFile")
                peak.worker_peaks[child] = max(peak.worker_peaks.get(child, 0), private)
            done.wait(_SAMPLE_EVERY_S)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        yield peak
    finally:
        # VmHWM is a high-water mark: read after the block (the page idle, the run over), it
        # holds the server's peak; a worker's is sampled while it lives.
        done.set()
        sampler.join()
        peak.server_peak = status_bytes(server_pid, "VmHWM")
        alive = set(descendants(server_pid))
        peak.workers_ended = [pid for pid in peak.worker_peaks if pid not in alive]
