"""`make bench`: every page's load time as ratios to two floors, measured in the same run.

The floors are a bare one-chart Streamlit page (`bench/baseline_app.py`) and that page plus the
widget kinds a dashboard page draws (`bench/floor_app.py`; with `?table=1` also one
st.dataframe, the floor of a page that lists records). Each round loads every floor and every
page once, each in a fresh browser context, in an order that rotates from round to round, so
the machine's changing speed falls on all of them alike; a figure is the median of the rounds
after one warm-up round. Also measured: a filter change, the chart data and table bytes each
page receives, its DOM elements, and (unless --pages-only) build, memory and cold start.
Writes bench/results.json and prints the table; --before adds an earlier results file's
figures beside this run's.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.page_timing import (
    time_filter_changes,
    time_new_filter_changes,
    time_page_load,
    wait_drawn,
)
from bench.page_weight import page_weight
from bench.streamlit_server import CHROMIUM_ARGS, REPO, rss_bytes, streamlit_server
from bench.synthetic import generate
from bench.targets import BARE, FLOORS, PAGES, prepare_databases, tables_drawn, work_folder

SESSIONS_FOR_MEMORY = 20
# The pages of --before-tree are named so in the rounds and kept under "before".
BEFORE = "before: "
# The overview in Arabic and in Chinese against English (issue 21: within 5 %).
LANGUAGES_COMPARED = ("en", "ar", "zh")
LANGUAGE_LIMIT = 1.05


def median_of(measure, runs: int) -> float:
    measure()  # warm-up
    return statistics.median(measure() for _ in range(runs))


def build_timings(runs: int, work: Path) -> dict[str, float]:
    def shipped_build() -> float:
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "loaders", "build", "--db", str(work / "build.duckdb")],
            cwd=REPO,
            check=True,
            capture_output=True,
        )
        return time.perf_counter() - start

    start = time.perf_counter()
    generate(work / "generator-1000000.duckdb", 1_000_000, seed=1)
    return {
        "build_shipped_s": median_of(shipped_build, runs),
        "synthetic_1m_s": time.perf_counter() - start,
    }


def interleaved_medians(browser, targets: dict[str, tuple[str, int, int]], runs: int) -> dict:
    """Median seconds per target over `runs` rounds after a warm-up round.

    Every round loads every target once, starting one further along each time. A target
    that fails is reported with its error and left out of the later rounds.
    """
    names = list(targets)
    times: dict[str, list[float]] = {name: [] for name in names}
    errors: dict[str, str] = {}
    for round_number in range(runs + 1):
        shift = round_number % len(names)
        for name in names[shift:] + names[:shift]:
            if name in errors:
                continue
            url, charts, tables = targets[name]
            try:
                seconds = time_page_load(browser, url, charts, tables)
            except Exception as exc:  # one broken page must not hide the others' figures
                print(f"{name}: {exc}", file=sys.stderr)
                errors[name] = " ".join(str(exc).split())[:300]
                continue
            if round_number:  # round 0 warms the servers' caches and the browser up
                times[name].append(seconds)
    return {
        name: {"error": errors[name]}
        if name in errors
        else {"median_s": statistics.median(times[name]), "runs_s": times[name]}
        for name in names
    }


def measure_scale(browser, db: Path, runs: int, memory: bool, before_tree: Path | None) -> dict:
    """Every floor and page timed in the same rounds; with `before_tree`, that checkout's
    pages too (under "before"), so a change is measured against the code it replaces."""
    env = {"PROGRAMME_DB": str(db)}
    with ExitStack() as servers:
        floor_urls = {
            script: servers.enter_context(streamlit_server(script))[0]
            for script in {script for script, _ in FLOORS.values()}
        }
        apps = {"": servers.enter_context(streamlit_server("app.py", env))}
        if before_tree:
            apps[BEFORE] = servers.enter_context(streamlit_server("app.py", env, cwd=before_tree))
        url, pid = apps[""]
        time_page_load(browser, url + "/", PAGES["overview"][1])
        result: dict = {"rss_first_load_mb": rss_bytes(pid) / 2**20}
        targets = {
            name: (floor_urls[script] + path, 1, tables_drawn(name))
            for name, (script, path) in FLOORS.items()
        }
        for tag, (app_url, _) in apps.items():
            targets |= {
                tag + name: (app_url + path, charts, tables_drawn(floor))
                for name, (path, charts, floor) in PAGES.items()
            }
        timed = interleaved_medians(browser, targets, runs)
        result["floors"] = {name: timed[name] for name in FLOORS}
        bare = timed[BARE].get("median_s")
        for name in FLOORS:
            if bare and "median_s" in timed[name]:
                result["floors"][name]["ratio_to_bare"] = timed[name]["median_s"] / bare
        for tag, (app_url, _) in apps.items():
            into = result if not tag else result.setdefault("before", {})
            into["pages"] = {}
            for name, (path, charts, floor) in PAGES.items():
                figures = {**timed[tag + name], "floor": floor}
                floor_s = timed[floor].get("median_s")
                if "median_s" in figures and bare and floor_s:
                    figures["ratio_to_bare"] = figures["median_s"] / bare
                    figures["ratio_to_floor"] = figures["median_s"] / floor_s
                try:
                    weight = page_weight(browser, app_url + path, charts, tables_drawn(floor))
                    figures.update(weight.as_dict())
                except Exception as exc:
                    print(f"{tag}{name} (weight): {exc}", file=sys.stderr)
                into["pages"][name] = figures
            changes = time_filter_changes(browser, app_url + "/", PAGES["overview"][1], runs + 1)
            into["filter_change_s"] = statistics.median(changes[1:])
            fresh = time_new_filter_changes(browser, app_url + "/", PAGES["overview"][1], runs)
            into["new_filter_change_s"] = statistics.median(fresh)
        if memory:
            result["languages"] = language_timings(browser, url, runs)
            result.update(memory_growth(browser, url, pid))
    return result


def language_timings(browser, url: str, runs: int) -> dict:
    """The overview's load in each language, runs interleaved (en, ar, zh, then ar, zh, en, …)
    so that a slow moment of the machine falls on every language alike; medians and ratios."""
    path, charts = PAGES["overview"]
    times: dict[str, list[float]] = {code: [] for code in LANGUAGES_COMPARED}
    for code in LANGUAGES_COMPARED:  # warm-up: each catalogue is loaded once per process
        time_page_load(browser, f"{url}{path}?lang={code}", charts)
    for round_ in range(runs):
        # Each round starts with the next language: none is always the one after a pause.
        shift = round_ % len(LANGUAGES_COMPARED)
        for code in LANGUAGES_COMPARED[shift:] + LANGUAGES_COMPARED[:shift]:
            times[code].append(time_page_load(browser, f"{url}{path}?lang={code}", charts))
    medians = {code: statistics.median(values) for code, values in times.items()}
    return {
        "median_s": medians,
        "ratio_to_en": {code: medians[code] / medians["en"] for code in LANGUAGES_COMPARED},
    }


def script_cpu_by_language(db: Path, runs: int) -> dict:
    """CPU seconds of one run of the overview's script in each language (Streamlit's AppTest,
    in this process, no browser): the translation's own cost, free of the browser's noise."""
    from streamlit.testing.v1 import AppTest

    os.environ["PROGRAMME_DB"] = str(db)

    def once(code: str) -> float:
        app = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
        app.query_params["lang"] = code
        start = time.process_time()
        app.run()
        return time.process_time() - start

    for code in LANGUAGES_COMPARED:
        once(code)
    times: dict[str, list[float]] = {code: [] for code in LANGUAGES_COMPARED}
    for round_ in range(runs * 2):
        shift = round_ % len(LANGUAGES_COMPARED)
        for code in LANGUAGES_COMPARED[shift:] + LANGUAGES_COMPARED[:shift]:
            times[code].append(once(code))
    medians = {code: statistics.median(values) for code, values in times.items()}
    return {
        "median_cpu_s": medians,
        "ratio_to_en": {code: medians[code] / medians["en"] for code in LANGUAGES_COMPARED},
    }


def memory_growth(browser, url: str, pid: int) -> dict:
    """RSS after 20 sessions, each still open, have loaded every page."""
    before = rss_bytes(pid)
    contexts = []
    for _ in range(SESSIONS_FOR_MEMORY):
        context = browser.new_context()
        page = context.new_page()
        for path, charts, floor in PAGES.values():
            page.goto(url + path)
            wait_drawn(page, charts, tables_drawn(floor))
        contexts.append(context)
    after = rss_bytes(pid)
    for context in contexts:
        context.close()
    return {
        "rss_before_sessions_mb": before / 2**20,
        "rss_after_20_sessions_mb": after / 2**20,
        "rss_growth_per_session_mb": (after - before) / 2**20 / SESSIONS_FOR_MEMORY,
    }


def cold_start(browser, db: Path, runs: int) -> float:
    def once() -> float:
        start = time.perf_counter()
        with streamlit_server("app.py", {"PROGRAMME_DB": str(db)}) as (url, _):
            context = browser.new_context()
            page = context.new_page()
            page.goto(url + "/")
            wait_drawn(page, PAGES["overview"][1])
            context.close()
            return time.perf_counter() - start

    return median_of(once, runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="timed rounds (after one warm-up)")
    parser.add_argument("--scales", default="shipped,100000,1000000")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results.json")
    parser.add_argument(
        "--before", type=Path, help="an earlier results file, printed beside this run's figures"
    )
    parser.add_argument(
        "--before-tree",
        type=Path,
        help="an earlier checkout (with its own dashboard code) whose pages are timed in the "
        "same rounds, so the table shows before → after measured together",
    )
    parser.add_argument(
        "--work",
        type=Path,
        help="keep the synthetic databases here and reuse them on the next run (default: a "
        "temporary directory)",
    )
    parser.add_argument(
        "--pages-only",
        action="store_true",
        help="pages, filter change and page weights only: no build, memory or cold start",
    )
    args = parser.parse_args(argv)
    scales = args.scales.split(",")
    before = json.loads(args.before.read_text()) if args.before else None
    with ExitStack() as stack:
        work = work_folder(stack, args.work)
        results: dict = {"runs": args.runs, "machine": f"{os.cpu_count()} cores", "scales": {}}
        if not args.pages_only:
            results.update(build_timings(args.runs, work))
        databases = prepare_databases(scales, work)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
            )
            for scale, db in databases.items():
                print(f"measuring scale {scale} ...", file=sys.stderr)
                results["scales"][scale] = measure_scale(
                    browser,
                    db,
                    args.runs,
                    memory=not args.pages_only and scale == scales[0],
                    before_tree=args.before_tree,
                )
            if not args.pages_only:
                results["cold_start_s"] = cold_start(browser, databases[scales[0]], args.runs)
            browser.close()
        results["script_cpu_by_language"] = script_cpu_by_language(databases[scales[0]], args.runs)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(format_table(results, before))
    return 0


def _ratio(figures: dict | None, key: str) -> str:
    return f"{figures[key]:.2f}×" if figures and key in figures else "–"


def _cell(now: dict | None, then: dict | None, key: str) -> str:
    """'1.31×' or, with an earlier run, '1.31× → 1.05×'."""
    return _ratio(now, key) if then is None else f"{_ratio(then, key)} → {_ratio(now, key)}"


def _lookup(results: dict | None, scale: str, *path: str) -> dict | None:
    node = results
    for step in ("scales", scale, *path):
        if not isinstance(node, dict) or step not in node:
            return None
        node = node[step]
    return node


def _kb(figures: dict | None, key: str) -> str:
    return f"{figures[key] / 1000:,.0f} kB" if figures and key in figures else "–"


def format_table(results: dict, before: dict | None = None) -> str:
    """The page table (ratios to each floor, before → after when `before` is given or the run
    timed a --before-tree), the floors, the filter change, and what each page sends."""
    scales = list(results["scales"])
    if before is None and any("before" in results["scales"][s] for s in scales):
        before = {"scales": {s: results["scales"][s].get("before", {}) for s in scales}}
    lines = [
        "| page | held to | " + " | ".join(f"{s} records" for s in scales) + " |",
        "|---|---|" + "---|" * len(scales),
    ]
    for floor in FLOORS:
        cells = []
        for s in scales:
            now = _lookup(results, s, "floors", floor)
            seconds = f"{now['median_s']:.2f} s" if now and "median_s" in now else "failed"
            cells.append(
                seconds if floor == BARE else f"{seconds}, {_ratio(now, 'ratio_to_bare')} bare"
            )
        lines.append(f"| floor: {floor} | | " + " | ".join(cells) + " |")
    for page, (_, _, floor) in PAGES.items():
        for key, held_to in (("ratio_to_bare", BARE), ("ratio_to_floor", floor)):
            cells = []
            for s in scales:
                now = _lookup(results, s, "pages", page)
                then = _lookup(before, s, "pages", page) if before else None
                if now and "error" in now:
                    cells.append("failed")
                    continue
                then_figures = then if before is not None else None
                if before is not None and then is not None and key not in then:
                    # An earlier results file held each page to the bare page alone.
                    then_figures = {key: then["ratio"]} if key == "ratio_to_bare" else {}
                cells.append(_cell(now, then_figures, key))
            lines.append(f"| {page} | {held_to} | " + " | ".join(cells) + " |")
    cells = []
    for s in scales:
        now = f"{results['scales'][s]['filter_change_s'] * 1000:.0f} ms"
        then = _lookup(before, s) if before else None
        cells.append(f"{then['filter_change_s'] * 1000:.0f} ms → {now}" if then else now)
    lines.append("| filter change (overview, back and forth) | | " + " | ".join(cells) + " |")
    cells = []
    for s in scales:
        now = results["scales"][s].get("new_filter_change_s")
        then = (_lookup(before, s) or {}).get("new_filter_change_s") if before else None
        shown = f"{now * 1000:.0f} ms" if now is not None else "–"
        cells.append(f"{then * 1000:.0f} ms → {shown}" if then is not None else shown)
    lines.append(
        "| filter change (overview, to years not asked before) | | " + " | ".join(cells) + " |"
    )

    lines += [
        "",
        "| page | " + " | ".join(f"chart data / table data / elements, {s}" for s in scales) + " |",
        "|---|" + "---|" * len(scales),
    ]
    for page in PAGES:
        cells = []
        for s in scales:
            now = _lookup(results, s, "pages", page)
            then = _lookup(before, s, "pages", page) if before else None
            parts = []
            for key, show in (
                ("chart_bytes", lambda f, k: _kb(f, k)),
                ("table_bytes", lambda f, k: _kb(f, k)),
                ("elements", lambda f, k: f"{f[k]:,}" if f and k in f else "–"),
            ):
                parts.append(
                    show(now, key)
                    if not then or key not in then
                    else f"{show(then, key)} → {show(now, key)}"
                )
            cells.append(" / ".join(parts))
        lines.append(f"| {page} | " + " | ".join(cells) + " |")

    first = results["scales"][scales[0]]
    if "languages" in first:
        ratio, median = first["languages"]["ratio_to_en"], first["languages"]["median_s"]
        lines += [
            "",
            f"- overview in Arabic / Chinese against English ({scales[0]} data): "
            f"{ratio['ar']:.3f}× / {ratio['zh']:.3f}× ({median['ar']:.2f} s / {median['zh']:.2f} s "
            f"/ {median['en']:.2f} s; limit {LANGUAGE_LIMIT:.2f}×)",
        ]
    if "script_cpu_by_language" in results:
        cpu = results["script_cpu_by_language"]
        lines.append(
            f"- the overview's script alone (CPU, AppTest) in Arabic / Chinese against English: "
            f"{cpu['ratio_to_en']['ar']:.3f}× / {cpu['ratio_to_en']['zh']:.3f}× "
            f"({cpu['median_cpu_s']['en'] * 1000:.0f} ms in English)"
        )
    if "build_shipped_s" in results:
        lines += [
            "",
            f"- build of the shipped data: {results['build_shipped_s']:.2f} s "
            f"(`python -m loaders build`, process included)",
            f"- synthetic generator at 1,000,000: {results['synthetic_1m_s']:.1f} s",
            f"- cold start (`streamlit run` to first page drawn): {results['cold_start_s']:.2f} s",
            f"- RSS after first load: {first['rss_first_load_mb']:.0f} MB; after 20 sessions: "
            f"{first['rss_after_20_sessions_mb']:.0f} MB; growth per session: "
            f"{first['rss_growth_per_session_mb']:.2f} MB",
        ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
