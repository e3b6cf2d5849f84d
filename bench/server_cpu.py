"""Server CPU per first visit of each page, against the bare one-chart page.

`python -m bench.server_cpu`. A first visit is what a new viewer's browser asks the server
for: the page's HTML, every script, style and font it names (uncached), the health and
host-config checks, and a new websocket session asking for the page with its default filters
(chunks the browser loads later on demand, Plotly's among them, are left out). For each page,
`--sessions` fresh sessions visit it one after another, after one unkept warm-up visit, so the
figure is a steady first visit and not the process's first. The server's CPU seconds (all its
threads, from /proc) over those visits, divided by their number, is the page's figure. The
bare page (bench/baseline_app.py) is measured the same way on its own server; the ratio is the
target (at most 1.3x). Writes bench/server-cpu-results.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
import urllib.request
from pathlib import Path

from bench.loadtest.checks import visited_paths
from bench.loadtest.cpu import process_cpu_s
from bench.streamlit_protocol import ProtocolViewer
from bench.streamlit_server import REPO, streamlit_server

TARGET_RATIO = 1.3


def _static_files(url: str, page: str) -> None:
    """What the page's HTML names, fetched as a browser without a cache would."""
    with urllib.request.urlopen(f"{url}/{page}", timeout=30) as response:
        html = response.read().decode()
    named = re.findall(r'(?:src|href)="\./((?:static|favicon)[^"]*)"', html)
    for path in [*named, "_stcore/health", "_stcore/host-config"]:
        with urllib.request.urlopen(f"{url}/{path}", timeout=30) as response:
            response.read()


async def _first_visits(url: str, pid: int, page: str, sessions: int) -> float:
    async def visit() -> None:
        await asyncio.to_thread(_static_files, url, page)
        viewer = await ProtocolViewer.connect(url)
        try:
            run = await viewer.run(page, "")
            if run.status != "finished" or run.exceptions:
                raise RuntimeError(f"/{page}: {run.status} {run.exceptions[:1]}")
        finally:
            await viewer.close()

    await visit()  # warm-up: the process's own first visit of this page is not a viewer's
    before = process_cpu_s(pid)
    for _ in range(sessions):
        await visit()
    return (process_cpu_s(pid) - before) / sessions


def measure(sessions: int) -> dict:
    with streamlit_server("bench/baseline_app.py") as (url, pid):
        bare = asyncio.run(_first_visits(url, pid, "", sessions))
    pages = {}
    with streamlit_server("app.py") as (url, pid):
        for page in visited_paths():
            pages["/" + page] = asyncio.run(_first_visits(url, pid, page, sessions))
    return {
        "sessions_per_page": sessions,
        "bare_page_cpu_s": bare,
        "pages_cpu_s": pages,
        "ratio_to_bare": {page: cpu / bare for page, cpu in pages.items()},
        "target_ratio": TARGET_RATIO,
    }


def table(results: dict) -> str:
    lines = [
        "| page | server CPU per first visit | × bare page |",
        "|---|---|---|",
        f"| bare one-chart page | {results['bare_page_cpu_s']:.3f} s | 1.0 |",
    ]
    for page, cpu in results["pages_cpu_s"].items():
        ratio = results["ratio_to_bare"][page]
        mark = "" if ratio <= TARGET_RATIO else " (over 1.3)"
        lines.append(f"| {page} | {cpu:.3f} s | {ratio:.2f}{mark} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.server_cpu", description=__doc__)
    parser.add_argument("--sessions", type=int, default=16, help="first visits per page")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "server-cpu-results.json")
    args = parser.parse_args(argv)
    results = measure(args.sessions)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(table(results))
    return 0 if max(results["ratio_to_bare"].values()) <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
