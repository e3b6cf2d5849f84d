"""`make serve` started from Python, for the tests and the load test: `python -m serve` with N
processes on free ports and a private run directory; who answered each request, from nginx's
access log; and supervisor's own view of its processes."""

from __future__ import annotations

import os
import random
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from serve.config import ACCESS_LOG, REPO

T = TypeVar("T")
_LOGGED = re.compile(
    r'"(?P<request>[^"]*)" (?P<status>\d+) upstream=(?P<upstream>\S+) route=(?P<route>\S*)'
)


@dataclass
class ServedGroup:
    url: str  # nginx
    process_ports: tuple[int, ...]
    run_dir: Path
    supervisor_pid: int = 0  # supervisord: every process and nginx are its children

    @property
    def upstreams(self) -> list[str]:
        return [f"127.0.0.1:{port}" for port in self.process_ports]

    def access_log(self) -> list[dict[str, str]]:
        """Every request nginx logged so far: request line, status, upstream, route cookie."""
        path = self.run_dir / ACCESS_LOG
        text = path.read_text() if path.exists() else ""
        return [m.groupdict() for m in _LOGGED.finditer(text)]

    def supervisorctl(self, *args: str) -> str:
        return subprocess.run(
            [sys.executable, "-m", "supervisor.supervisorctl", "-c",
             str(self.run_dir / "supervisord.conf"), *args],
            capture_output=True, text=True, check=False,
        ).stdout  # fmt: skip

    def pid(self, port: int) -> int:
        return int(self.supervisorctl("pid", f"streamlit:streamlit-{port}").strip())

    def pids(self) -> list[int]:
        return [self.pid(port) for port in self.process_ports]


def until(check: Callable[[], T], what: str, timeout: float = 60) -> T:
    """Poll `check` until it returns something true; fail naming `what` after `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := check():
            return result
        time.sleep(0.1)
    raise AssertionError(f"not within {timeout:.0f} s: {what}")


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.read().strip() == b"ok"
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _free_ports(count: int) -> tuple[int, ...]:
    """`count` consecutive free ports: supervisor numbers its processes by port."""
    for _ in range(200):
        first = random.randrange(20_000, 40_000)
        ports = tuple(range(first, first + count))
        try:
            for port in ports:
                with socket.socket() as probe:
                    probe.bind(("127.0.0.1", port))
        except OSError:
            continue
        return ports
    raise RuntimeError(f"no {count} consecutive free ports")


@contextmanager
def served_group(replicas: int, run_dir: Path, env: dict[str, str]) -> Iterator[ServedGroup]:
    """`python -m serve --replicas N` until every process and nginx answer; stopped after."""
    port, ports = free_port(), _free_ports(replicas)
    log = (run_dir.parent / f"{run_dir.name}-launcher.log").open("w+b")
    process = subprocess.Popen(
        [sys.executable, "-m", "serve", "--replicas", str(replicas), "--port", str(port),
         "--first-process-port", str(ports[0]), "--listen-address", "127.0.0.1",
         "--run-dir", str(run_dir)],
        cwd=REPO, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    # `python -m serve` execs supervisord: the launcher's pid is supervisord's.
    group = ServedGroup(f"http://127.0.0.1:{port}", ports, run_dir, process.pid)
    try:
        until(
            lambda: (
                process.poll() is not None
                or (
                    all(healthy(f"http://{upstream}") for upstream in group.upstreams)
                    and healthy(group.url)
                )
            ),
            "make serve's processes and nginx answer",
            timeout=120,
        )
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"python -m serve exited:\n{log.read().decode()[-4000:]}")
        yield group
    finally:
        process.send_signal(signal.SIGINT)  # Ctrl-C
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
