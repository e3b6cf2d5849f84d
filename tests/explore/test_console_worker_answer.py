"""The worker's answer cannot run code in the server, and a worker leaves no core file.

A worker that DuckDB input had subverted controls every byte it sends. With pickle, those bytes
could make the server call any function; the answer is JSON and Arrow instead, which are read
as data only."""

from __future__ import annotations

import pickle
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dashboard.explore import console_worker
from dashboard.explore.console_fetch import Budget
from dashboard.explore.console_worker import CRASHED, WORKER_MEMORY, run_in_worker


class _TouchesAFile:
    """Unpickling this calls Path.touch: any code the sender chooses would run the same way."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self):
        return (Path.touch, (self.path,))


def _fake_worker(answer: bytes) -> subprocess.Popen:
    """A process that behaves as a worker would, then sends `answer`."""
    script = (
        "import sys; sys.stdin.buffer.read(); "
        f"sys.stdout.buffer.write(b'R' + bytes.fromhex('{answer.hex()}'))"
    )
    return subprocess.Popen(
        [sys.executable, "-c", script],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        bufsize=0,
    )


def test_a_workers_answer_cannot_make_the_server_run_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    touched = tmp_path / "ran-in-the-server"
    answer = pickle.dumps(_TouchesAFile(touched))
    monkeypatch.setattr(console_worker._spare, "take", lambda: _fake_worker(answer))
    result = run_in_worker("SELECT 1", tmp_path / "x.duckdb", time_limit_s=30, budget=Budget())
    assert not touched.exists()
    assert result.error == CRASHED


def test_an_answer_round_trips_every_kind_of_value_the_console_shows(console_db: Path):
    sql = (
        "SELECT 1 AS n, 2.5 AS x, 'text' AS t, NULL AS nothing, DATE '2025-11-03' AS d, "
        "TIMESTAMP '2025-11-03 10:00' AS ts, TIME '10:30' AS tm, INTERVAL 3 DAY AS i, "
        "170141183460469231731687303715884105727::HUGEINT AS h, [1, 2] AS l, "
        "1.25::DECIMAL(5,2) AS m"
    )
    result = run_in_worker(sql, console_db, time_limit_s=30, budget=Budget())
    assert result.error is None, result.error
    row = result.frame.iloc[0]
    assert (row["n"], row["x"], row["t"], row["m"]) == (1, 2.5, "text", 1.25)
    assert str(row["d"])[:10] == "2025-11-03" and str(row["ts"]) == "2025-11-03 10:00:00"
    assert str(row["tm"]) == "10:30:00" and str(row["i"]).startswith("3 days")
    assert row["h"] == "170141183460469231731687303715884105727" and row["l"] == "[1, 2]"
    assert row["nothing"] is None or row["nothing"] != row["nothing"]  # None or NaN


def _limits(pid: int) -> dict[str, list[str]]:
    limits = {}
    for line in Path(f"/proc/{pid}/limits").read_text().splitlines()[1:]:
        name, values = line[:26].strip(), line[26:].split()
        limits[name] = values
    return limits


def test_a_worker_may_write_no_core_file():
    worker = console_worker._start_worker()
    try:
        # The limits are set together as the worker starts; wait for them, not for time.
        deadline = time.monotonic() + 30
        while _limits(worker.pid)["Max data size"][0] != str(WORKER_MEMORY):
            assert time.monotonic() < deadline, "the worker never set its limits"
            try:
                worker.wait(timeout=0.05)  # the pause between looks; an early exit fails below
            except subprocess.TimeoutExpired:
                continue
            pytest.fail(f"the worker exited: {worker.stderr.read()!r}")
        assert _limits(worker.pid)["Max core file size"][:2] == ["0", "0"]
    finally:
        worker.kill()
        worker.communicate()
