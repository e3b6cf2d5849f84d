"""The two data versions the load test publishes in turn, their event counts, and the rebuilds.

Version A is a copy of data/*.csv; version B adds one clearly labelled synthetic event, only in
the temporary copy. Every rebuild runs `python -m loaders build` over the served database.
"""

from __future__ import annotations

import asyncio
import csv
import shutil
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.streamlit_server import REPO
from dashboard.database_file import open_read_only
from dashboard.filters import FilterOptions, parse_filters
from dashboard.queries.overview import filter_options
from dashboard.queries.scope import run

FIRST_VERSION = "A"
# Dated inside the data's years so both versions offer the same filters; it cites an existing
# source, and its name and note say it is not a real event.
SYNTHETIC_EVENT = {
    "id": "ev-2025-12-loadtest-synthetic",
    "name": "Load-test synthetic event (not a real event)",
    "kind": "meeting",
    "started_on": "2025-12",
    "online": "true",
    "initiative_id": "u4ssc",
    "note": "Synthetic row added by the load test (bench/loadtest/) to a temporary copy of data/.",
    "source_id": "digest-2025",
}


def prepare_versions(work: Path, data_dir: Path = REPO / "data") -> dict[str, Path]:
    """Copy the shipped CSV files twice, and add the synthetic event to the second copy."""
    versions = {"A": work / "data-A", "B": work / "data-B"}
    for directory in versions.values():
        directory.mkdir(parents=True)
        for table in data_dir.glob("*.csv"):
            shutil.copy2(table, directory / table.name)
    events = versions["B"] / "events.csv"
    with events.open(newline="", encoding="utf-8") as file:
        header = next(csv.reader(file))
    with events.open("a", newline="", encoding="utf-8") as file:
        csv.DictWriter(file, header, restval="").writerow(SYNTHETIC_EVENT)
    return versions


def build_database(data_dir: Path, db: Path) -> None:
    """`python -m loaders build`, the same command every rebuild runs."""
    command = [sys.executable, "-m", "loaders", "build", "--data", str(data_dir), "--db", str(db)]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}")


class EventCounts:
    """Events in scope for a page's URL filters, in each version's build."""

    def __init__(self, databases: Mapping[str, Path]) -> None:
        self._connections = {label: open_read_only(db) for label, db in databases.items()}
        options = {label: filter_options(con) for label, con in self._connections.items()}
        self.options: FilterOptions = options[FIRST_VERSION]
        if len({(o.min_year, o.max_year) for o in options.values()}) != 1:
            raise RuntimeError(f"the versions offer different years: {options}")
        self._known: dict[tuple, dict[str, int]] = {}

    def __call__(self, params: Mapping[str, str]) -> dict[str, int]:
        key = tuple(sorted(params.items()))
        if key not in self._known:
            filters, _ = parse_filters({k: [v] for k, v in params.items()}, self.options)
            self._known[key] = {
                label: int(run(con, "SELECT count(*) AS n FROM fe", filters)["n"].iloc[0])
                for label, con in self._connections.items()
            }
        return self._known[key]

    def close(self) -> None:
        for con in self._connections.values():
            con.close()


@dataclass
class Rebuild:
    version: str
    started_s: float  # on the load test's clock
    ended_s: float
    ok: bool
    output: str


async def rebuild_repeatedly(
    versions: Mapping[str, Path],
    served_db: Path,
    count: int,
    over_s: float,
    begin: float,
    clock_start: float,
    done: list[Rebuild],
) -> None:
    """Publish B, A, B, … over the served database, `count` times spread evenly over `over_s`.

    `begin` and `clock_start` are `time.monotonic()` readings: when the first interval starts,
    and the zero of the load test's clock that the recorded times count from.
    """
    for number in range(count):
        due = begin + (number + 0.5) * over_s / count
        await asyncio.sleep(max(0.0, due - time.monotonic()))
        version = "B" if number % 2 == 0 else "A"
        started = time.monotonic()
        process = await asyncio.create_subprocess_exec(
            *[sys.executable, "-m", "loaders", "build"],
            *["--data", str(versions[version]), "--db", str(served_db)],
            cwd=REPO,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        output, _ = await process.communicate()
        done.append(
            Rebuild(
                version,
                started - clock_start,
                time.monotonic() - clock_start,
                process.returncode == 0,
                output.decode(errors="replace")[-2000:],
            )
        )


def builds_served_between(rebuilds: Sequence[Rebuild], start_s: float, end_s: float) -> set[str]:
    """Every version the served file may have held at some moment from `start_s` to `end_s`.

    A rebuild publishes at some moment between its start and its end, so while it runs both
    the version before it and its own are possible.
    """
    before = FIRST_VERSION
    possible: set[str] = set()
    for rebuild in rebuilds:
        if not rebuild.ok:
            continue
        if rebuild.ended_s <= start_s:
            before = rebuild.version
        elif rebuild.started_s < end_s:
            possible.add(rebuild.version)
    return possible | {before}
