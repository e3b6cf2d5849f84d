"""`make loadtest`: 50 viewers speaking Streamlit's protocol while the database is rebuilt.

No browser: each viewer is one websocket (`bench.streamlit_protocol`) that asks for page after
page, with random filters in the query string, and times each script run from its request to
`script_finished`. So the figures are the server's alone; the browser load test
(`bench.loadtest --browser`) spent 168 of 276 CPU seconds in Chromium. First one viewer alone
sets the single-session median and each page's server CPU per run; then the viewers load the server
while `python -m loaders build` publishes builds A and B in turn (`bench.loadtest.builds`);
then the server's memory is read after the sessions close and expire. Writes
bench/loadtest-results.json and prints a table; exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from urllib.parse import urlencode

import websockets

from bench.loadtest.browser import PageLoad
from bench.loadtest.checks import (
    build_of,
    check_events_page,
    events_in_gantt,
    events_in_list,
    percentile,
    random_filter_params,
    visited_paths,
)
from bench.loadtest.cpu import cpu_snapshot, cpu_used, tree_cpu_s
from bench.loadtest.phases import (
    LoadSetup,
    add_server_options,
    load_setup,
    run_and_write,
    run_load_phase,
    shared_results,
)
from bench.loadtest.report import kinds_text
from bench.loadtest.server import log_problems, served_app, served_group_app, server_rss_bytes
from bench.streamlit_protocol import ProtocolViewer, ScriptRun
from bench.streamlit_server import REPO
from dashboard.filters import FilterOptions

EventCountsFor = Callable[[Mapping[str, str]], Mapping[str, int]]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.loadtest", description=__doc__)
    parser.add_argument("--sessions", type=int, default=50, help="concurrent viewers")
    parser.add_argument(
        "--processes",
        type=int,
        default=1,
        help="1: one Streamlit process, straight; more: make serve's group behind nginx",
    )
    parser.add_argument("--seconds", type=float, default=120, help="how long they keep asking")
    parser.add_argument("--rebuilds", type=int, default=20, help="database rebuilds meanwhile")
    parser.add_argument(
        "--think-seconds",
        type=float,
        default=20,
        help="mean pause on each page before the next, 0.5–1.5× this (0: none)",
    )
    parser.add_argument("--settle-seconds", type=float, default=90, help="wait after closing")
    parser.add_argument("--run-timeout", type=float, default=60, help="seconds per script run")
    add_server_options(parser)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "loadtest-results.json")
    return parser.parse_args(argv)


def explicit_filters(params: Mapping[str, str], options: FilterOptions) -> dict[str, str]:
    """The same filters with the years always written out.

    A query string with no filter keeps the session's previous filters (a page switch drops
    the query string), so "no filter" is sent as every year: then the URL alone says what the
    page shows, and its event count can be checked against each build.
    """
    return {"from": str(options.min_year), "to": str(options.max_year), **params}


def judge_run(run: ScriptRun, expected: Mapping[str, int]) -> tuple[str | None, str | None]:
    """(error, build) for a finished or failed run: the same rules as the browser load test."""
    if run.status.startswith("timeout"):
        return run.status, None
    if run.status != "finished":
        return f"not finished: {run.status}", None
    if run.exceptions:
        return f"exception on the page: {run.exceptions[0][:300]}", None
    if run.page_not_found:
        return f"page not found: /{run.page}", None
    for alert in run.alerts:
        if "is damaged" in alert or "could not be loaded" in alert:
            return f"database unavailable: {' '.join(alert.split())[:200]}", None
    if run.page == "events":
        gantt = next((t for t in run.chart_titles() if events_in_gantt(t) is not None), None)
        build, problem = check_events_page(
            events_in_list(run.texts),
            events_in_gantt(gantt),
            any("No events match" in alert for alert in run.alerts),
            expected,
        )
        return (f"mixed builds: {problem}" if problem else None), build
    shown = next((v for label, v in run.metrics.items() if label.startswith("Events,")), None)
    if run.page == "" and shown is not None:
        count = shown.replace(",", "").strip()
        if not count.isdigit():
            return f"wrong build: the events card shows {shown!r}", None
        build, problem = build_of(int(count), expected)
        return (f"wrong build: {problem}" if problem else None), build
    return None, None


class Viewer:
    """One websocket session; reconnects after a dropped connection, which counts as an error."""

    def __init__(self, number: int, base_url: str, clock_start: float, timeout_s: float) -> None:
        self.number, self.base_url = number, base_url
        self.clock_start, self.timeout_s = clock_start, timeout_s
        self.session: ProtocolViewer | None = None
        self.runs = 0

    async def load(
        self, path: str, params: dict[str, str], event_counts: EventCountsFor
    ) -> tuple[PageLoad, float]:
        """One script run as a PageLoad (its `seconds`: request → script_finished)."""
        start = time.monotonic()
        load = PageLoad(self.number, path, params, start - self.clock_start, 0.0, None)
        load.cold, self.runs = self.runs == 0, self.runs + 1
        try:
            if self.session is None:
                self.session = await ProtocolViewer.connect(self.base_url, self.timeout_s)
            run = await self.session.run(path, urlencode(params), self.timeout_s)
        except (websockets.ConnectionClosed, OSError, TimeoutError) as exc:
            load.error = f"disconnected: {type(exc).__name__} {exc}"[:300]
            self.session = None
        else:
            load.error, load.build = judge_run(run, event_counts(params))
            if load.error is None or not load.error.startswith(("timeout", "exception")):
                load.seconds = run.seconds
            if load.error and load.error.startswith("timeout"):
                await self.close()  # a run still going would answer the next request
        load.ended_s = time.monotonic() - self.clock_start
        return load, time.monotonic() - start

    async def close(self) -> None:
        if self.session is not None:
            session, self.session = self.session, None
            try:
                await session.close()
            except (websockets.ConnectionClosed, OSError):
                pass


async def single_viewer(
    base_url: str, pid: int, rounds: int, rng, options, counts, clock_start, timeout_s
) -> tuple[list[PageLoad], dict[str, list[float]]]:
    """One viewer asks for every page `rounds` times after an unkept warm-up round; with the
    server's CPU seconds for each run (nothing else asks it anything meanwhile)."""
    viewer = Viewer(0, base_url, clock_start, timeout_s)
    loads: list[PageLoad] = []
    cpu_by_page: dict[str, list[float]] = {"/" + path: [] for path in visited_paths()}
    try:
        for round_number in range(rounds + 1):
            for path in visited_paths():
                params = explicit_filters(random_filter_params(rng, options, path), options)
                before = tree_cpu_s(pid)
                load, _ = await viewer.load(path, params, counts)
                if round_number:
                    loads.append(load)
                    cpu_by_page["/" + path].append(tree_cpu_s(pid) - before)
    finally:
        await viewer.close()
    return loads, cpu_by_page


async def busy_viewer(
    number, base_url, until, rng, options, counts, loads, *, think_s, clock_start, timeout_s
) -> None:
    """Cycle through every page with random filters until `until`, pausing `think_s` on each."""
    viewer = Viewer(number, base_url, clock_start, timeout_s)
    paths = visited_paths()
    step = number  # viewers start on different pages
    try:
        while time.monotonic() < until:
            path = paths[step % len(paths)]
            step += 1
            params = explicit_filters(random_filter_params(rng, options, path), options)
            load, _ = await viewer.load(path, params, counts)
            loads.append(load)
            if think_s:
                pause = think_s * rng.uniform(0.5, 1.5)
                await asyncio.sleep(max(0.0, min(pause, until - time.monotonic())))
    finally:
        await viewer.close()


async def measure(args: argparse.Namespace, work: Path) -> dict:
    with load_setup(work) as setup:
        options = dict(option.split("=", 1) for option in args.server_config)
        if args.processes > 1:
            with served_group_app(
                setup.served_db, args.processes, args.session_ttl, work, options
            ) as (url, pid, logs):
                results = await _phases(args, url, pid, setup)
                results["server_log_problems"] = [
                    line for log in logs for line in log_problems(log)
                ][:100]
            return results
        with served_app(setup.served_db, args.session_ttl, setup.log, options) as (url, pid):
            results = await _phases(args, url, pid, setup)
            results["server_log_problems"] = log_problems(setup.log)[:100]
    return results


async def _phases(args, url: str, pid: int, setup: LoadSetup) -> dict:
    clock = time.monotonic()
    counts = setup.counts
    timing = {"clock_start": clock, "timeout_s": args.run_timeout}
    rss = {"server_up": server_rss_bytes(pid)}
    print("one session alone ...", file=sys.stderr)
    cpu = {"single_session": cpu_snapshot(pid)}
    single, single_cpu = await single_viewer(
        url, pid, args.single_rounds, random.Random(args.seed), counts.options, counts,
        clock, args.run_timeout,
    )  # fmt: skip
    cpu["single_session"] = cpu_used(cpu["single_session"], cpu_snapshot(pid))

    def viewer(number, until, rng, loads):
        return busy_viewer(
            number, url, until, rng, counts.options, counts, loads,
            think_s=args.think_seconds, **timing,
        )  # fmt: skip

    async def probe():
        # Through make serve's nginx, new visitors land on random processes: enough of them
        # that every process very likely gets one (each process drops its own expired ones).
        for _ in range(1 if args.processes == 1 else 8 * args.processes):
            visitor = Viewer(0, url, clock, args.run_timeout)
            load, _ = await visitor.load("", explicit_filters({}, counts.options), counts)
            await visitor.close()
        return load

    # Arrivals spread over the first think time (or 5 s): fifty in one instant is not a crowd.
    spread_s = max(args.think_seconds, 5.0) / args.sessions
    phase, probe_load = await run_load_phase(
        args, url, pid, clock, setup, rss, viewer, arrival_gap_s=spread_s, probe=probe
    )
    cpu["under_load"] = phase.cpu_under_load
    results = shared_results(args, single, phase)
    # The RSS target is read after the expired sessions are dropped: until then Streamlit
    # still holds them by design (server.disconnectedSessionTTL).
    results["targets"]["RSS back within 20% of its start"] = rss["after_reap"] <= 1.2 * rss["start"]
    results["timed"] = "script run: rerun request sent → script_finished received"
    results["under_load"]["runs_per_s"] = len(phase.loads) / phase.duration_s
    results["cpu_seconds"] = cpu
    results["server_cpu_per_run_s"] = _cpu_per_run(single_cpu, cpu["under_load"], len(phase.loads))
    results["under_load"]["by_rebuild_overlap"] = rebuild_split(results)
    results["probe_after_settle"] = {"error": probe_load.error, "seconds": probe_load.seconds}
    return results


def rebuild_split(results: dict) -> dict:
    """Run times apart for runs that overlapped a rebuild (from its start to its end) and the
    others: the rebuilds share the machine, and each new build starts with cold caches."""
    columns = results["loads_columns"]
    runs = [dict(zip(columns, row, strict=True)) for row in results["loads"]]
    spans = [(started, ended) for _, started, ended, _ in results["rebuild_times_s"]]

    def overlaps(run: dict) -> bool:
        return any(run["started_s"] <= end and run["ended_s"] >= start for start, end in spans)

    split = {}
    for name, during in (("during_a_rebuild", True), ("between_rebuilds", False)):
        seconds = [
            r["render_s"] for r in runs if r["render_s"] is not None and overlaps(r) == during
        ]
        split[name] = {
            "runs": len(seconds),
            "p50_s": percentile(seconds, 50),
            "p95_s": percentile(seconds, 95),
        }
    return split


def _cpu_per_run(single: dict[str, list[float]], under_load: dict, runs: int) -> dict:
    """The server's CPU seconds per script run: each page alone, and all pages under load."""
    return {
        "single_session_by_page": {
            page: {"median_s": statistics.median(values), "p95_s": percentile(values, 95)}
            for page, values in single.items()
            if values
        },
        "under_load_all_pages": under_load["server"] / max(runs, 1),
    }


def format_table(results: dict) -> str:
    load, single, rss = results["under_load"], results["single_user"], results["rss_mb"]
    settings, rebuilds = results["settings"], results["rebuilds"]
    used, per_run = results["cpu_seconds"]["under_load"], results["server_cpu_per_run_s"]
    lines = [
        "| figure | value |",
        "|---|---|",
        f"| concurrent sessions | {results['sessions']} for {settings['seconds']:.0f} s, "
        f"{settings['think_seconds']:.0f} s mean pause per page "
        f"({load['runs_per_s']:.2f} script runs/s) |",
        f"| script runs | {results['page_loads']} (+{single['page_loads']} single-session) |",
        f"| errors | {results['errors']} {kinds_text(results['errors_by_kind'])}|",
        f"| script run p50 / p95 / max | {load['p50_s']:.2f} s / {load['p95_s']:.2f} s / "
        f"{load['max_s']:.2f} s |",
        f"| single-session median / p95 | {single['median_s']:.2f} s / {single['p95_s']:.2f} s "
        f"(p95 under load / single-session median = {load['p95_s'] / single['median_s']:.1f}×; "
        f"/ single-session p95 = {load['p95_s'] / single['p95_s']:.1f}×) |",
        *(
            f"| script run p50 / p95, {name.replace('_', ' ')} | {part['p50_s']:.2f} s / "
            f"{part['p95_s']:.2f} s ({part['runs']} runs) |"
            for name, part in load.get("by_rebuild_overlap", {}).items()
        ),
        f"| server RSS: up / load start / peak | {rss['server_up']:.0f} / {rss['start']:.0f} / "
        f"{rss['peak']:.0f} MB |",
        f"| server RSS: sessions closed / +{settings['settle_seconds']:.0f} s / after the TTL "
        f"reap | {rss['at_close']:.0f} / {rss['after_settle']:.0f} / {rss['after_reap']:.0f} MB "
        f"({rss['after_reap'] / rss['start'] - 1:+.0%} of load start) |",
        f"| rebuilds published | {rebuilds['published']} of {rebuilds['requested']} "
        f"(median {rebuilds['median_build_s']:.1f} s each) |",
        "| script runs by build shown | "
        + ", ".join(f"{k}: {v}" for k, v in sorted(results["page_loads_by_build"].items()))
        + " |",
        f"| CPU seconds under load: server / load generator / rebuilds / others | "
        f"{used['server']:.0f} / {used['load_test']:.0f} / {used['rebuilds']:.0f} / "
        f"{used['others']:.0f} of {used['machine_total']:.0f} |",
        f"| server CPU per script run under load (all pages) | "
        f"{per_run['under_load_all_pages']:.3f} s |",
        "",
        "| page | runs | p50 | p95 | single-session p50 | server CPU per run, alone |",
        "|---|---|---|---|---|---|",
    ]
    alone = per_run["single_session_by_page"]
    for page, figures in load["by_page"].items():
        lines.append(
            f"| {page} | {figures['loads']} | {figures['p50_s']:.2f} s | "
            f"{figures['p95_s']:.2f} s | {single['by_page'][page]['p50_s']:.2f} s | "
            f"{alone.get(page, {}).get('median_s', float('nan')):.3f} s |"
        )
    lines.append("")
    for target, met in results["targets"].items():
        lines.append(f"- {target}: {'met' if met else 'NOT met'}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    results = run_and_write(args, measure, "loadtest-protocol-", format_table)
    return 0 if all(results["targets"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
