"""Browser load test: 20 viewers for 2 minutes while the database is rebuilt 20 times.

`make loadtest` runs it small (3 viewers) as a smoke check after the protocol load test
(`bench.loadtest_protocol`), which measures the server without a browser's CPU in the way.

One headless Chromium holds a context per viewer; each cycles through every page with random
filters. First one viewer alone sets the single-user median. Then the server's memory is read
until it settles, past Streamlit's session TTL. Writes bench/loadtest-browser-results.json and
prints a table. The pieces: loadtest_browser (viewers), loadtest_builds (data versions, rebuilds),
loadtest_server (server, memory), loadtest_checks (pure rules), loadtest_report (figures).
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
from dataclasses import asdict
from pathlib import Path

from playwright.async_api import Browser, async_playwright

from bench.loadtest_browser import busy_viewer, close_viewer, load_page, open_viewer, single_viewer
from bench.loadtest_builds import (
    FIRST_VERSION,
    EventCounts,
    build_database,
    prepare_versions,
    rebuild_repeatedly,
)
from bench.loadtest_cpu import cpu_per_load, cpu_snapshot, cpu_used
from bench.loadtest_report import format_table, mark_stale_builds, summarise
from bench.loadtest_server import RssSampler, log_problems, served_app, server_metrics
from bench.streamlit_server import CHROMIUM_ARGS, REPO, rss_bytes

# Twenty pages drawing at once: none of them may be throttled as a background page.
LOAD_CHROMIUM_ARGS = [
    *CHROMIUM_ARGS,
    "--disable-renderer-backgrounding",
    "--disable-background-timer-throttling",
    "--disable-backgrounding-occluded-windows",
]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.loadtest", description=__doc__)
    parser.add_argument("--sessions", type=int, default=20, help="concurrent viewers")
    parser.add_argument("--seconds", type=float, default=120, help="how long they keep loading")
    parser.add_argument("--rebuilds", type=int, default=20, help="database rebuilds meanwhile")
    parser.add_argument(
        "--settle-seconds", type=float, default=120, help="wait after the sessions close"
    )
    parser.add_argument(
        "--session-ttl", type=int, default=30, help="server.disconnectedSessionTTL (default 120)"
    )
    parser.add_argument(
        "--think-seconds", type=float, default=0, help="mean pause after each page (default none)"
    )
    parser.add_argument(
        "--server-config",
        action="append",
        default=[],
        metavar="OPTION=VALUE",
        help="a Streamlit option for the server, e.g. runner.postScriptGC=false (repeatable)",
    )
    parser.add_argument("--single-rounds", type=int, default=3, help="single-user passes")
    parser.add_argument("--page-timeout", type=float, default=60, help="seconds per page load")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="fail only on errors: the timing targets are the protocol load test's",
    )
    parser.add_argument(
        "--out", type=Path, default=REPO / "bench" / "loadtest-browser-results.json"
    )
    return parser.parse_args(argv)


async def measure(args: argparse.Namespace, work: Path) -> dict:
    versions = prepare_versions(work)
    references = {label: work / f"reference-{label}.duckdb" for label in versions}
    for label, data_dir in versions.items():
        build_database(data_dir, references[label])
    served_db = work / "served" / "programme.duckdb"
    build_database(versions[FIRST_VERSION], served_db)
    counts = EventCounts(references)
    log = work / "server.log"
    try:
        options = dict(option.split("=", 1) for option in args.server_config)
        with served_app(served_db, args.session_ttl, log, options) as (url, pid):
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(
                    executable_path="/usr/bin/chromium", headless=True, args=LOAD_CHROMIUM_ARGS
                )
                try:
                    results = await _phases(args, browser, url, pid, versions, served_db, counts)
                finally:
                    await browser.close()
            results["server_log_problems"] = log_problems(log)[:100]
    finally:
        counts.close()
    return results


async def _phases(args, browser: Browser, url, pid, versions, served_db, counts) -> dict:
    clock = time.monotonic()
    rss = {"server_up": rss_bytes(pid)}
    timing = {"clock_start": clock, "timeout_s": args.page_timeout, "event_counts": counts}
    print("one viewer alone ...", file=sys.stderr)
    cpu = {"single_user": cpu_snapshot(pid)}
    single = await single_viewer(
        browser, url, args.single_rounds, random.Random(args.seed), counts.options, **timing
    )
    cpu["single_user"] = cpu_used(cpu["single_user"], cpu_snapshot(pid))

    sampler = RssSampler(pid, clock)
    rss["start"] = sampler.sample()
    metrics = {"start": server_metrics(url)}
    sampling = asyncio.create_task(sampler.run())
    print(f"{args.sessions} viewers for {args.seconds:.0f} s ...", file=sys.stderr)
    cpu["under_load"] = cpu_snapshot(pid)
    begin = time.monotonic()
    loads, rebuilds = [], []
    rebuilding = asyncio.create_task(
        rebuild_repeatedly(versions, served_db, args.rebuilds, args.seconds, begin, clock, rebuilds)
    )
    await asyncio.gather(
        *(
            _staggered(
                number * 0.25,
                busy_viewer(
                    browser,
                    number,
                    url,
                    begin + args.seconds,
                    random.Random(args.seed * 1000 + number),
                    counts.options,
                    loads,
                    think_s=args.think_seconds,
                    **timing,
                ),
            )
            for number in range(1, args.sessions + 1)
        )
    )
    await rebuilding
    closed = time.monotonic()
    cpu["under_load"] = cpu_used(cpu["under_load"], cpu_snapshot(pid))
    rss["at_close"] = sampler.sample()
    rss["peak"] = sampler.peak(begin - clock, closed - clock)
    metrics["at_close"] = server_metrics(url)

    print(f"sessions closed; settling for {args.settle_seconds:.0f} s ...", file=sys.stderr)
    await asyncio.sleep(max(0.0, closed + args.settle_seconds - time.monotonic()))
    rss["after_settle"] = sampler.sample()
    metrics["after_settle"] = server_metrics(url)
    # Streamlit drops expired sessions only when it stores another: one more visitor does it.
    viewer = await open_viewer(browser, 0)
    probe = await load_page(viewer, url, "", {}, **timing)
    await close_viewer(viewer)
    await asyncio.sleep(5)
    rss["after_reap"] = sampler.sample()
    metrics["after_reap"] = server_metrics(url)
    sampling.cancel()

    mark_stale_builds(loads, rebuilds)
    settings = {k: v for k, v in vars(args).items() if k != "out"}
    settings["machine"] = f"{os.cpu_count()} cores"
    single_loads_run = len(single) * (args.single_rounds + 1) / args.single_rounds  # + warm-up
    results = summarise(single, loads, rebuilds, rss, settings)
    results["under_load"]["duration_s"] = closed - begin
    results["under_load"]["loads_per_s"] = len(loads) / (closed - begin)
    results["cpu_seconds"] = cpu
    results["cpu_per_page_load_s"] = {
        "single_user": cpu_per_load(cpu["single_user"], single_loads_run),
        "under_load": cpu_per_load(cpu["under_load"], len(loads)),
    }
    results["probe_after_settle"] = asdict(probe)
    results["server_metrics"] = metrics
    results["rss_timeline_mb"] = [
        [round(t, 1), round(value / 2**20, 1)] for t, value in sampler.samples[::10]
    ]
    return results


async def _staggered(delay_s: float, viewer) -> None:
    # Twenty first visits in the same millisecond is not how viewers arrive.
    await asyncio.sleep(delay_s)
    await viewer


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.settle_seconds < args.session_ttl:
        print("note: --settle-seconds is shorter than --session-ttl", file=sys.stderr)
    load_start = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="loadtest-") as tmp:
        results = asyncio.run(measure(args, Path(tmp)))
    results["settings"]["load_average_at_start_and_end"] = [load_start, os.getloadavg()]
    args.out.write_text(json.dumps(results, indent=2, default=str) + "\n")
    print(format_table(results))
    if args.smoke:
        return 0 if results["targets"]["no errors"] else 1
    return 0 if all(results["targets"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
