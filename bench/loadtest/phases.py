"""What both load tests do around their viewers: the data versions and the served build, the load
phase (rebuilds, staggered arrivals, memory until the closed sessions are reaped), the figures
every report shares, and writing the results.

The protocol load test (`bench.loadtest.protocol`) and the browser one
(`bench.loadtest.browser_run`) differ only in their viewers and in the figures they add.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.loadtest.browser import PageLoad
from bench.loadtest.builds import (
    FIRST_VERSION,
    EventCounts,
    Rebuild,
    build_database,
    prepare_versions,
    rebuild_repeatedly,
)
from bench.loadtest.cpu import cpu_snapshot, cpu_used
from bench.loadtest.report import mark_stale_builds, summarise
from bench.loadtest.server import RssSampler, server_metrics

MB = 2**20
# Seconds to wait after the probe visit: Streamlit reaps expired sessions when it stores one.
REAP_WAIT_S = 5

# (viewer number, time.monotonic() to stop at, its random source, the list its loads go to)
BusyViewer = Callable[[int, float, random.Random, list[PageLoad]], Awaitable[None]]


@dataclass
class LoadSetup:
    versions: dict[str, Path]  # data directory of each version
    served_db: Path
    counts: EventCounts
    log: Path


def add_server_options(parser: argparse.ArgumentParser) -> None:
    """The flags every steady load test takes for its server and its passes: the session TTL,
    Streamlit options, the single-viewer passes and the seed."""
    parser.add_argument(
        "--session-ttl", type=int, default=30, help="server.disconnectedSessionTTL (default 120)"
    )
    parser.add_argument(
        "--server-config",
        action="append",
        default=[],
        metavar="OPTION=VALUE",
        help="a Streamlit option for the server, e.g. runner.postScriptGC=false (repeatable)",
    )
    parser.add_argument("--single-rounds", type=int, default=3, help="single-viewer passes")
    parser.add_argument("--seed", type=int, default=1)


@contextmanager
def load_setup(work: Path) -> Iterator[LoadSetup]:
    """Both data versions built as references, the first one served, and the event counts."""
    versions = prepare_versions(work)
    references = {label: work / f"reference-{label}.duckdb" for label in versions}
    for label, data_dir in versions.items():
        build_database(data_dir, references[label])
    served_db = work / "served" / "programme.duckdb"
    build_database(versions[FIRST_VERSION], served_db)
    counts = EventCounts(references)
    try:
        yield LoadSetup(versions, served_db, counts, work / "server.log")
    finally:
        counts.close()


@dataclass
class LoadPhase:
    """What the load phase measured, from the first arrival until the sessions were reaped."""

    loads: list[PageLoad] = field(default_factory=list)
    rebuilds: list[Rebuild] = field(default_factory=list)
    rss: dict[str, float] = field(default_factory=dict)
    metrics: dict[str, Any] = field(default_factory=dict)
    cpu_under_load: dict[str, float] = field(default_factory=dict)
    duration_s: float = 0.0
    rss_timeline_mb: list[list[float]] = field(default_factory=list)


async def run_load_phase(
    args: argparse.Namespace,
    url: str,
    pid: int,
    clock_start: float,
    setup: LoadSetup,
    rss: dict[str, float],
    viewer: BusyViewer,
    arrival_gap_s: float,
    probe: Callable[[], Awaitable[Any]],
) -> tuple[LoadPhase, Any]:
    """`args.sessions` viewers, arriving `arrival_gap_s` apart, for `args.seconds` while the
    served database is rebuilt `args.rebuilds` times; then the server's memory after
    `args.settle_seconds` and after one `probe` visit makes Streamlit reap the closed sessions.

    `rss` holds the figures read before (the server just up); the phase adds its own. Returns
    the phase and what `probe` returned.
    """
    phase = LoadPhase(rss=rss)
    sampler = RssSampler(pid, clock_start)
    rss["start"] = sampler.sample()
    phase.metrics["start"] = server_metrics(url)
    sampling = asyncio.create_task(sampler.run())
    print(f"{args.sessions} sessions for {args.seconds:.0f} s ...", file=sys.stderr)
    cpu_at_start = cpu_snapshot(pid)
    begin = time.monotonic()
    rebuilding = asyncio.create_task(
        rebuild_repeatedly(
            setup.versions,
            setup.served_db,
            args.rebuilds,
            args.seconds,
            begin,
            clock_start,
            phase.rebuilds,
        )
    )
    await asyncio.gather(
        *(
            _arriving(
                number * arrival_gap_s,
                viewer(
                    number,
                    begin + args.seconds,
                    random.Random(args.seed * 1000 + number),
                    phase.loads,
                ),
            )
            for number in range(1, args.sessions + 1)
        )
    )
    await rebuilding
    closed = time.monotonic()
    phase.duration_s = closed - begin
    phase.cpu_under_load = cpu_used(cpu_at_start, cpu_snapshot(pid))
    rss["at_close"] = sampler.sample()
    rss["peak"] = sampler.peak(begin - clock_start, closed - clock_start)
    phase.metrics["at_close"] = server_metrics(url)

    print(f"sessions closed; settling for {args.settle_seconds:.0f} s ...", file=sys.stderr)
    await asyncio.sleep(max(0.0, closed + args.settle_seconds - time.monotonic()))
    rss["after_settle"] = sampler.sample()
    phase.metrics["after_settle"] = server_metrics(url)
    # Streamlit drops expired sessions only when it stores another: one more visitor does it.
    probed = await probe()
    await asyncio.sleep(REAP_WAIT_S)
    rss["after_reap"] = sampler.sample()
    phase.metrics["after_reap"] = server_metrics(url)
    sampling.cancel()

    mark_stale_builds(phase.loads, phase.rebuilds)
    phase.rss_timeline_mb = [
        [round(t, 1), round(value / MB, 1)] for t, value in sampler.samples[::10]
    ]
    return phase, probed


async def _arriving(delay_s: float, viewer: Awaitable[None]) -> None:
    # Every viewer's first visit in the same millisecond is not how viewers arrive.
    await asyncio.sleep(delay_s)
    await viewer


def shared_results(
    args: argparse.Namespace, single: list[PageLoad], phase: LoadPhase
) -> dict[str, Any]:
    """The figures both load tests report; each adds its own to them."""
    settings = {k: v for k, v in vars(args).items() if k != "out"}
    settings["machine"] = f"{os.cpu_count()} cores"
    results = summarise(single, phase.loads, phase.rebuilds, phase.rss, settings)
    results["under_load"]["duration_s"] = phase.duration_s
    results["server_metrics"] = phase.metrics
    results["rss_timeline_mb"] = phase.rss_timeline_mb
    return results


def run_and_write(
    args: argparse.Namespace,
    measure: Callable[[argparse.Namespace, Path], Awaitable[dict]],
    work_prefix: str,
    format_table: Callable[[dict], str],
) -> dict:
    """Run `measure` in a temporary directory, write `args.out` and print the table."""
    load_start = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix=work_prefix) as tmp:
        results = asyncio.run(measure(args, Path(tmp)))
    results["settings"]["load_average_at_start_and_end"] = [load_start, os.getloadavg()]
    args.out.write_text(json.dumps(results, indent=2, default=str) + "\n")
    print(format_table(results))
    return results
