"""Browser load test: 20 viewers for 2 minutes while the database is rebuilt 20 times.

`make loadtest` runs it small (3 viewers) as a smoke check after the protocol load test
(`bench.loadtest.protocol`), which measures the server without a browser's CPU in the way.

One headless Chromium holds a context per viewer; each cycles through every page with random
filters. First one viewer alone sets the single-user median. Then the server's memory is read
until it settles, past Streamlit's session TTL. Writes bench/loadtest-browser-results.json and
prints a table. The pieces, in bench/loadtest/: browser (viewers), phases (the load phase both
load tests share), builds (data versions, rebuilds), server (server, memory), checks (pure
rules), report (figures).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import asdict
from pathlib import Path

from playwright.async_api import Browser, async_playwright

from bench.loadtest.browser import busy_viewer, close_viewer, load_page, open_viewer, single_viewer
from bench.loadtest.cpu import cpu_per_load, cpu_snapshot, cpu_used
from bench.loadtest.phases import (
    LoadSetup,
    add_server_options,
    load_setup,
    run_and_write,
    run_load_phase,
    shared_results,
)
from bench.loadtest.report import format_table
from bench.loadtest.server import log_problems, served_app
from bench.streamlit_server import CHROMIUM_ARGS, REPO, rss_bytes

# Twenty pages drawing at once: none of them may be throttled as a background page.
LOAD_CHROMIUM_ARGS = [
    *CHROMIUM_ARGS,
    "--disable-renderer-backgrounding",
    "--disable-background-timer-throttling",
    "--disable-backgrounding-occluded-windows",
]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.loadtest --browser", description=__doc__)
    parser.add_argument("--sessions", type=int, default=20, help="concurrent viewers")
    parser.add_argument("--seconds", type=float, default=120, help="how long they keep loading")
    parser.add_argument("--rebuilds", type=int, default=20, help="database rebuilds meanwhile")
    parser.add_argument(
        "--settle-seconds", type=float, default=120, help="wait after the sessions close"
    )
    parser.add_argument(
        "--think-seconds", type=float, default=0, help="mean pause after each page (default none)"
    )
    parser.add_argument("--page-timeout", type=float, default=60, help="seconds per page load")
    add_server_options(parser)
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
    with load_setup(work) as setup:
        options = dict(option.split("=", 1) for option in args.server_config)
        with served_app(setup.served_db, args.session_ttl, setup.log, options) as (url, pid):
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(
                    executable_path="/usr/bin/chromium", headless=True, args=LOAD_CHROMIUM_ARGS
                )
                try:
                    results = await _phases(args, browser, url, pid, setup)
                finally:
                    await browser.close()
            results["server_log_problems"] = log_problems(setup.log)[:100]
    return results


async def _phases(args, browser: Browser, url: str, pid: int, setup: LoadSetup) -> dict:
    clock = time.monotonic()
    rss = {"server_up": rss_bytes(pid)}
    counts = setup.counts
    timing = {"clock_start": clock, "timeout_s": args.page_timeout, "event_counts": counts}
    print("one viewer alone ...", file=sys.stderr)
    cpu = {"single_user": cpu_snapshot(pid)}
    single = await single_viewer(
        browser, url, args.single_rounds, random.Random(args.seed), counts.options, **timing
    )
    cpu["single_user"] = cpu_used(cpu["single_user"], cpu_snapshot(pid))

    def viewer(number, until, rng, loads):
        return busy_viewer(
            browser, number, url, until, rng, counts.options, loads,
            think_s=args.think_seconds, **timing,
        )  # fmt: skip

    async def probe():
        visitor = await open_viewer(browser, 0)
        load = await load_page(visitor, url, "", {}, **timing)
        await close_viewer(visitor)
        return load

    phase, probe_load = await run_load_phase(
        args, url, pid, clock, setup, rss, viewer, arrival_gap_s=0.25, probe=probe
    )
    cpu["under_load"] = phase.cpu_under_load
    single_loads_run = len(single) * (args.single_rounds + 1) / args.single_rounds  # + warm-up
    results = shared_results(args, single, phase)
    results["under_load"]["loads_per_s"] = len(phase.loads) / phase.duration_s
    results["cpu_seconds"] = cpu
    results["cpu_per_page_load_s"] = {
        "single_user": cpu_per_load(cpu["single_user"], single_loads_run),
        "under_load": cpu_per_load(cpu["under_load"], len(phase.loads)),
    }
    results["probe_after_settle"] = asdict(probe_load)
    return results


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.settle_seconds < args.session_ttl:
        print("note: --settle-seconds is shorter than --session-ttl", file=sys.stderr)
    results = run_and_write(args, measure, "loadtest-", format_table)
    if args.smoke:
        return 0 if results["targets"]["no errors"] else 1
    return 0 if all(results["targets"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
