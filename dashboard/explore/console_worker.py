"""Each console query runs in a fresh Python process with a memory ceiling, killed at the limit.

Why a process: DuckDB's memory_limit does not cover the strings and lists one vector of 2,048
rows builds (`repeat('x', 1000000)` over 2,048 rows is 2 GB at once), DuckDB notices an
interrupt only between vectors, and Python's copy of a result is outside DuckDB altogether.
A process of its own gets a kernel ceiling on its memory (RLIMIT_DATA), is killed outright at
the time limit, and gives back everything it allocated when it ends; a crash ends it alone.

Both sides live here: `run_in_worker` (the server) and `main` (`python -m
dashboard.explore.console_worker`, the worker). The server sends the request as JSON on stdin; the
worker answers one byte when it is ready, then the result: its fields as one line of JSON and
its frame as an Arrow IPC stream. Neither format can run code when read, unlike pickle: a worker
that DuckDB input had subverted could still only send wrong data. One worker is always started
ahead of need, so that its imports (about a second) overlap the previous query instead of
delaying the next one.

The worker bounds what a query costs (memory, time, a crash); it is not a security boundary.
It runs as the server's user, can read the server's /proc entries, and could write to its pipe
anything at all: what keeps a query from doing harm is the SQL checks and the locked-down
connection (sql_console.py, console_sandbox.py).
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import resource
import select
import subprocess
import sys
import threading
from pathlib import Path

import duckdb
import pyarrow as pa

from dashboard.explore.console_fetch import Budget, ConsoleResult, fetch_capped, one_line
from dashboard.explore.console_sandbox import open_console

# The worker's private memory (heap, anonymous maps, thread stacks). About 160 MB of it is
# Python, pandas and DuckDB themselves, so a query gets roughly 280 MB.
WORKER_MEMORY = 448 * 2**20
STARTUP_TIMEOUT_S = 30.0
_READY = b"R"
# The worker gets only what Python needs to start: never the server's secrets (the editor
# password, OIDC settings), even though the console cannot read the environment anyway.
_WORKER_ENVIRONMENT = ("PATH", "PYTHONPATH", "HOME", "LANG", "LC_ALL", "TZ")
_PACKAGE_PARENT = Path(__file__).resolve().parents[2]

OUT_OF_MEMORY = (
    "Stopped: the query needed more memory than the console allows. Narrow it (a WHERE, a "
    "LIMIT, fewer columns or shorter text) and run it again."
)
CRASHED = "The query stopped unexpectedly and returned nothing. Narrow it and run it again."
NO_START = "The SQL console could not start the query; try again in a moment."

log = logging.getLogger(__name__)


def stopped_message(time_limit_s: float) -> str:
    return (
        f"Stopped after {time_limit_s:g} s: the console's time limit. "
        "Narrow the query (a WHERE, a LIMIT or fewer joins) and run it again."
    )


def peak_rss(pid: int) -> int:
    """A live process's peak resident memory in bytes (VmHWM), or 0 once it has gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _start_worker() -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "dashboard.explore.console_worker"],
        cwd=_PACKAGE_PARENT,
        env={name: os.environ[name] for name in _WORKER_ENVIRONMENT if name in os.environ},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        bufsize=0,  # unbuffered: reading the ready byte must not swallow the result after it
    )


class SpareWorker:
    """A worker started ahead, importing while nobody waits; each one runs a single query.

    An idle spare waits on its stdin; when the server stops, that pipe closes and it exits.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: subprocess.Popen | None = None

    def take(self) -> subprocess.Popen:
        with self._lock:
            spare, self._process = self._process, _start_worker()
        if spare is None or spare.poll() is not None:  # the first query, or a spare that died
            return _start_worker()
        return spare


_spare = SpareWorker()


def run_in_worker(
    sql: str, db_path: Path | str, *, time_limit_s: float, budget: Budget
) -> ConsoleResult:
    """Run one already-checked query in a worker of its own; the time limit starts once the
    worker is ready. The result says which process ran it (`worker_pid`)."""
    request = {"sql": sql, "db": str(db_path), "budget": dataclasses.asdict(budget)}
    worker = _spare.take()
    try:
        try:
            worker.stdin.write(json.dumps(request).encode())
        except BrokenPipeError:
            pass  # it died at start; the ready byte below never comes
        worker.stdin.close()
        worker.stdin = None  # sent: communicate() below must not try to send again
        ready, _, _ = select.select([worker.stdout], [], [], STARTUP_TIMEOUT_S)
        if not ready or worker.stdout.read(1) != _READY:
            return ConsoleResult(error=NO_START)
        try:
            output, errors = worker.communicate(timeout=time_limit_s)
        except subprocess.TimeoutExpired:
            peak = peak_rss(worker.pid)
            worker.kill()
            worker.communicate()
            return ConsoleResult(
                error=stopped_message(time_limit_s),
                timed_out=True,
                worker_peak_rss=peak,
                worker_pid=worker.pid,
            )
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    if worker.returncode != 0 or not output:
        reason = errors[-2000:].decode("utf-8", "replace")
        log.warning("console worker exited with %s: %s", worker.returncode, reason)
        return ConsoleResult(error=CRASHED)
    try:
        result = read_answer(output)
    except (ValueError, TypeError, pa.ArrowException) as exc:
        log.warning("console worker sent an unreadable answer: %s", one_line(exc))
        return ConsoleResult(error=CRASHED)
    return dataclasses.replace(result, worker_pid=worker.pid)


# Every field of the answer but the frame, which travels as Arrow, and the worker's own id,
# which the server knows better.
_ANSWER_FIELDS = tuple(
    f.name for f in dataclasses.fields(ConsoleResult) if f.name not in ("frame", "worker_pid")
)


def write_answer(result: ConsoleResult, sink) -> None:
    """`result` as one JSON line of its fields, then its frame as an Arrow IPC stream."""
    table = pa.Table.from_pandas(result.frame, preserve_index=False)
    fields = {name: getattr(result, name) for name in _ANSWER_FIELDS}
    sink.write(json.dumps(fields).encode() + b"\n")
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)


def read_answer(answer: bytes) -> ConsoleResult:
    """The result `write_answer` wrote; ValueError, TypeError or ArrowException if it is not one."""
    header, _, stream = answer.partition(b"\n")
    fields = json.loads(header)
    if not isinstance(fields, dict) or sorted(fields) != sorted(_ANSWER_FIELDS):
        raise ValueError("the answer's fields are not a console result's")
    frame = pa.ipc.open_stream(pa.py_buffer(stream)).read_all().to_pandas()
    return ConsoleResult(frame=frame, **fields)


def _run(request: dict) -> ConsoleResult:
    try:
        con = open_console(request["db"])
    except duckdb.Error as exc:  # the file is missing or unreadable
        return ConsoleResult(error=one_line(exc))
    try:
        return fetch_capped(con, request["sql"], Budget(**request["budget"]))
    except (MemoryError, duckdb.OutOfMemoryException):
        return ConsoleResult(error=OUT_OF_MEMORY, out_of_memory=True)
    except duckdb.Error as exc:
        return ConsoleResult(error=one_line(exc))
    except Exception as exc:  # a value the table cannot hold: say so rather than crash
        return ConsoleResult(error=f"The console could not show this result: {one_line(exc)}")
    finally:
        con.close()


def main() -> None:
    # No core file: a crashed query would otherwise leave its memory, the data it read, on disk.
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_DATA, (WORKER_MEMORY, WORKER_MEMORY))
    sent = sys.stdin.buffer.read()
    if not sent:  # a spare whose server has stopped
        return
    request = json.loads(sent)
    # The answer gets the real stdout to itself; anything else printed goes to stderr.
    answer = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    answer.write(_READY)
    answer.flush()
    result = _run(request)
    result = dataclasses.replace(result, worker_peak_rss=peak_rss(os.getpid()))
    try:
        write_answer(result, answer)
    except MemoryError:  # the result fitted its budgets but not a second copy of itself
        # The Arrow table is built before the first byte goes out, so usually nothing was
        # written yet; if something was, the server reads a broken answer as a crash.
        del result
        write_answer(ConsoleResult(error=OUT_OF_MEMORY, out_of_memory=True), answer)
    except pa.ArrowException as exc:  # a column Arrow cannot hold: say so rather than crash
        message = f"The console could not show this result: {one_line(exc)}"
        write_answer(ConsoleResult(error=message), answer)
    answer.close()


if __name__ == "__main__":
    main()
