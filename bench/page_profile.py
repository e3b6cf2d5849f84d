"""Where a page's load time goes, beside the floors: `python -m bench.page_profile`.

For every floor and page of `python -m bench`, a few loads in fresh browser contexts, each
read through Chromium's DevTools protocol: the main thread's script, layout and style time
(`Performance.getMetrics`), the DOM nodes, the JavaScript files and bytes fetched, and, from
the websocket, the server's script run (first message sent → `script_finished` received).
Medians, printed as a table and written to bench/profile-results.json. No timing here is a
test; it is a map of where to cut.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from contextlib import ExitStack
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.page_timing import VIEWPORT, wait_drawn
from bench.streamlit_server import CHROMIUM_ARGS, REPO, streamlit_server
from bench.targets import FLOORS, PAGES, prepare_databases, tables_drawn, work_folder

METRICS = ("TaskDuration", "ScriptDuration", "LayoutDuration", "RecalcStyleDuration")


def _is_finished(payload: bytes | str) -> bool:
    if isinstance(payload, str):
        return False
    message = ForwardMsg()
    try:
        message.ParseFromString(payload)
    except Exception:
        return False
    return message.WhichOneof("type") == "script_finished"


def profile_load(browser: Browser, url: str, charts: int, tables: int) -> dict[str, float]:
    """One load of `url` in a fresh context, read through the DevTools protocol."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Performance.enable")
        cdp.send("Network.enable")
        scripts = {"files": 0, "bytes": 0}
        kinds: dict[str, str] = {}

        def response(event: dict) -> None:
            kinds[event["requestId"]] = event["type"]

        def finished(event: dict) -> None:
            if kinds.get(event["requestId"]) == "Script":
                scripts["files"] += 1
                scripts["bytes"] += event["encodedDataLength"]

        cdp.on("Network.responseReceived", response)
        cdp.on("Network.loadingFinished", finished)
        run: dict[str, float] = {}

        def websocket(ws) -> None:
            ws.on("framesent", lambda _: run.setdefault("sent", time.perf_counter()))
            ws.on(
                "framereceived",
                lambda payload: (
                    _is_finished(payload) and run.setdefault("finished", time.perf_counter())
                ),
            )

        page.on("websocket", websocket)
        start = time.perf_counter()
        page.goto(url)
        wait_drawn(page, charts, tables)
        load = time.perf_counter() - start
        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        return {
            "load_s": load,
            **{name: metrics[name] * 1000 for name in METRICS},  # seconds → ms
            "nodes": metrics["Nodes"],
            "js_heap_mb": metrics["JSHeapUsedSize"] / 2**20,
            "script_files": scripts["files"],
            "script_kb": scripts["bytes"] / 1000,
            "server_run_ms": (run["finished"] - run["sent"]) * 1000
            if {"sent", "finished"} <= run.keys()
            else float("nan"),
        }
    finally:
        context.close()


def profile(browser: Browser, db: Path, runs: int) -> dict[str, dict[str, float]]:
    with ExitStack() as servers:
        floor_urls = {
            script: servers.enter_context(streamlit_server(script))[0]
            for script in {script for script, _ in FLOORS.values()}
        }
        url, _ = servers.enter_context(streamlit_server("app.py", {"PROGRAMME_DB": str(db)}))
        targets = {
            name: (floor_urls[script] + path, 1, tables_drawn(name))
            for name, (script, path) in FLOORS.items()
        }
        targets |= {
            name: (url + path, charts, tables_drawn(floor))
            for name, (path, charts, floor) in PAGES.items()
        }
        loads: dict[str, list[dict[str, float]]] = {name: [] for name in targets}
        for round_number in range(runs + 1):
            for name, (target, charts, tables) in targets.items():
                figures = profile_load(browser, target, charts, tables)
                if round_number:
                    loads[name].append(figures)
        return {
            name: {key: statistics.median(load[key] for load in runs_) for key in runs_[0]}
            for name, runs_ in loads.items()
        }


def format_profile(scale: str, figures: dict[str, dict[str, float]]) -> str:
    columns = [
        ("load_s", "load s", "{:.2f}"),
        ("TaskDuration", "main thread ms", "{:.0f}"),
        ("ScriptDuration", "script ms", "{:.0f}"),
        ("LayoutDuration", "layout ms", "{:.0f}"),
        ("RecalcStyleDuration", "style ms", "{:.0f}"),
        ("nodes", "DOM nodes", "{:.0f}"),
        ("script_files", "JS files", "{:.0f}"),
        ("script_kb", "JS kB", "{:.0f}"),
        ("server_run_ms", "server run ms", "{:.0f}"),
    ]
    lines = [
        f"| {scale} | " + " | ".join(title for _, title, _ in columns) + " |",
        "|---|" + "---|" * len(columns),
    ]
    for name, values in figures.items():
        lines.append(
            f"| {name} | " + " | ".join(fmt.format(values[key]) for key, _, fmt in columns) + " |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.page_profile", description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scales", default="shipped,1000000")
    parser.add_argument("--work", type=Path, help="where the synthetic databases are kept")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "profile-results.json")
    args = parser.parse_args(argv)
    with ExitStack() as stack:
        work = work_folder(stack, args.work)
        databases = prepare_databases(args.scales.split(","), work)
        results = {}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
            )
            for scale, db in databases.items():
                print(f"profiling scale {scale} ...", file=sys.stderr)
                results[scale] = profile(browser, db, args.runs)
                print(format_profile(scale, results[scale]))
            browser.close()
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
