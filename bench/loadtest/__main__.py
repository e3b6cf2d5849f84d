"""`python -m bench.loadtest`: every load test from one entry point.

  python -m bench.loadtest [protocol flags]          steady viewers while the database is rebuilt
  python -m bench.loadtest --processes 1,2 [protocol flags]
                                                     the same with each number of processes
  python -m bench.loadtest --burst 100/20 --processes 1,2
                                                     the room, with each number of processes,
                                                     side by side
  python -m bench.loadtest --browser [browser flags] real Chromium viewers

With more than one process the app is served through `make serve` (nginx, supervisor); the
room always is, the steady run with one process serves it straight. `--help` after a mode
shows its own flags.
"""

from __future__ import annotations

import argparse
import json
import sys

from bench.loadtest import browser_run, protocol
from bench.loadtest.room import P95_TARGET_S, measure_room, room_table
from bench.streamlit_server import REPO


def _burst(text: str) -> tuple[int, float]:
    viewers, _, seconds = text.partition("/")
    try:
        parsed = int(viewers), float(seconds)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not VIEWERS/SECONDS, e.g. 100/20") from None
    if parsed[0] < 1 or parsed[1] <= 0:
        raise argparse.ArgumentTypeError(f"{text!r}: at least one viewer in more than 0 s")
    return parsed


def _counts(text: str) -> list[int]:
    try:
        counts = [int(part) for part in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a list like 1,2") from None
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: every number of processes is 1 or more")
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.loadtest",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        add_help=False,
    )
    parser.add_argument("--browser", action="store_true", help="real Chromium viewers")
    parser.add_argument(
        "--burst", type=_burst, metavar="VIEWERS/SECONDS", help="the room: arrivals in a burst"
    )
    parser.add_argument(
        "--processes", type=_counts, default=[1], metavar="N[,N...]", help="make serve's REPLICAS"
    )
    args, rest = parser.parse_known_args(argv)
    if args.browser:
        return browser_run.main(rest)
    if args.burst is None:
        if args.processes == [1]:
            return protocol.main(rest)
        return _steady_side_by_side(args.processes, rest)
    if rest:
        parser.error(f"the room takes no {' '.join(rest)}")
    viewers, seconds = args.burst
    results = []
    for processes in args.processes:
        print(f"room: {viewers} viewers within {seconds:.0f} s, N={processes} ...", file=sys.stderr)
        results.append(measure_room(processes, viewers, seconds))
    print(room_table(results))
    out = REPO / "bench" / f"loadtest-room-{viewers}.json"
    out.write_text(json.dumps([{**vars(r), "p95_s": r.p95_s} for r in results], indent=2) + "\n")
    most = results[-1]
    return 0 if not any(r.errors for r in results) and most.p95_s <= P95_TARGET_S else 1


def _steady_side_by_side(counts: list[int], rest: list[str]) -> int:
    """The protocol load test once for each number of processes, then its main figures side by
    side (each run's own table is printed as it ends)."""
    results, codes = [], []
    for processes in counts:
        out = REPO / "bench" / f"loadtest-results-n{processes}.json"
        codes.append(protocol.main([*rest, "--processes", str(processes), "--out", str(out)]))
        results.append(json.loads(out.read_text()))
    print(steady_table(counts, results))
    return max(codes)


def steady_table(counts: list[int], results: list[dict]) -> str:
    def row(name: str, cell) -> str:
        return f"| {name} | " + " | ".join(cell(r) for r in results) + " |"

    def rss(r: dict) -> str:
        start, after = r["rss_mb"]["start"], r["rss_mb"]["after_reap"]
        return f"{start:.0f} → {after:.0f} MB ({after / start - 1:+.0%})"

    lines = [
        "| steady, with rebuilds | " + " | ".join(f"N={n}" for n in counts) + " |",
        "|---|" + "---|" * len(counts),
        row("errors", lambda r: str(r["errors"])),
        row(
            "script run p50 / p95",
            lambda r: f"{r['under_load']['p50_s']:.2f} / {r['under_load']['p95_s']:.2f} s",
        ),
        row(
            "p95 during a rebuild / between",
            lambda r: (
                f"{r['under_load']['by_rebuild_overlap']['during_a_rebuild']['p95_s']:.2f}"
                f" / {r['under_load']['by_rebuild_overlap']['between_rebuilds']['p95_s']:.2f} s"
            ),
        ),
        row("rebuilds published", lambda r: str(r["rebuilds"]["published"])),
        row("server RSS (all processes): load start → after the reap", rss),
    ]
    lines += [
        row(
            f"{page}: p95 / single-session p95",
            lambda r, page=page: (
                f"{r['under_load']['by_page'][page]['p95_s']:.2f} / "
                f"{r['single_user']['by_page'][page].get('p95_s', float('nan')):.2f} s"
            ),
        )
        for page in results[0]["under_load"]["by_page"]
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
