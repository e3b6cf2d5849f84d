"""`make bench`: page render, filter change, build, memory and cold start, as ratios.

Every figure is the median of 7 runs after one warm-up; page figures are ratios to a bare
one-chart Streamlit page served by the same Streamlit in the same run. Writes
bench/results.json and prints a table.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.page_timing import time_filter_changes, time_page_load, wait_drawn
from bench.streamlit_server import CHROMIUM_ARGS, REPO, rss_bytes, streamlit_server
from bench.synthetic import generate

# Each page and the number of Plotly charts it draws once loaded.
PAGES = {
    "overview": ("/", 1),
    "partners": ("/partners", 3),
    "working groups": ("/working-groups", 2),
    "events": ("/events", 2),
    "releases": ("/releases", 2),
    "present": ("/present", 1),
    "explore": ("/explore", 0),
}
SESSIONS_FOR_MEMORY = 20
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
    generate(work / "scale-1000000.duckdb", 1_000_000, seed=1)
    return {
        "build_shipped_s": median_of(shipped_build, runs),
        "synthetic_1m_s": time.perf_counter() - start,
    }


def measure_scale(browser, db: Path, runs: int, memory: bool) -> dict:
    env = {"PROGRAMME_DB": str(db)}
    with streamlit_server("bench/baseline_app.py") as (base_url, _):
        baseline = median_of(lambda: time_page_load(browser, base_url + "/", 1), runs)
    result: dict = {"baseline_s": baseline, "pages": {}}
    with streamlit_server("app.py", env) as (url, pid):
        time_page_load(browser, url + "/", PAGES["overview"][1])
        result["rss_first_load_mb"] = rss_bytes(pid) / 2**20
        for name, (path, charts) in PAGES.items():
            try:
                seconds = median_of(lambda: time_page_load(browser, url + path, charts), runs)
            except Exception as exc:  # one broken page must not hide the others' figures
                print(f"{name}: {exc}", file=sys.stderr)
                result["pages"][name] = {"error": " ".join(str(exc).split())[:300]}
                continue
            result["pages"][name] = {"median_s": seconds, "ratio": seconds / baseline}
        changes = time_filter_changes(browser, url + "/", PAGES["overview"][1], runs + 1)[1:]
        result["filter_change_s"] = statistics.median(changes)
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
        for path, charts in PAGES.values():
            page.goto(url + path)
            wait_drawn(page, charts)
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
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--scales", default="shipped,100000,1000000")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results.json")
    args = parser.parse_args(argv)
    scales = args.scales.split(",")
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        work = Path(tmp)
        results: dict = {"runs": args.runs, "machine": f"{os.cpu_count()} cores", "scales": {}}
        results.update(build_timings(args.runs, work))
        databases = {}
        for scale in scales:
            db = work / f"scale-{scale}.duckdb"
            if scale == "shipped":
                subprocess.run(
                    [sys.executable, "-m", "loaders", "build", "--db", str(db)],
                    cwd=REPO,
                    check=True,
                    capture_output=True,
                )
            elif not db.exists():
                generate(db, int(scale), seed=1)
            databases[scale] = db
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
            )
            for scale, db in databases.items():
                print(f"measuring scale {scale} ...", file=sys.stderr)
                results["scales"][scale] = measure_scale(
                    browser, db, args.runs, memory=scale == scales[0]
                )
            results["cold_start_s"] = cold_start(browser, databases[scales[0]], args.runs)
            browser.close()
        results["script_cpu_by_language"] = script_cpu_by_language(databases[scales[0]], args.runs)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(format_table(results))
    return 0


def format_table(results: dict) -> str:
    scales = list(results["scales"])
    lines = [
        "| page | " + " | ".join(f"{s} (ratio to bare page)" for s in scales) + " |",
        "|---|" + "---|" * len(scales),
    ]
    lines.append(
        "| bare one-chart page (s) | "
        + " | ".join(f"{results['scales'][s]['baseline_s']:.2f} s" for s in scales)
        + " |"
    )
    for page in PAGES:
        cells = []
        for s in scales:
            figure = results["scales"][s]["pages"][page]
            cells.append(
                f"{figure['ratio']:.2f}× ({figure['median_s']:.2f} s)"
                if "ratio" in figure
                else "failed"
            )
        lines.append(f"| {page} | " + " | ".join(cells) + " |")
    lines.append(
        "| filter change (s) | "
        + " | ".join(f"{results['scales'][s]['filter_change_s'] * 1000:.0f} ms" for s in scales)
        + " |"
    )
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
