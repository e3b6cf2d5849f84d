"""Save a PNG of each dashboard page to docs/screenshots/<page>.png: 1600 wide, laid out in a
1600x1000 window, and as tall as the page; and of the /present deck at 1920x1080.

With `--languages`, only the language screenshots: the overview in Arabic (right to left) and
the deck in Chinese and in French (overview-ar.png, present-zh.png, present-fr.png).

Uses the shipped data/ when `python -m loaders validate` passes, else the test fixture; either
is built into a temporary database. Not a test (pytest does not collect this file):

    .venv/bin/python tests/browser/take_screenshots.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))  # run as a script, `tests.browser` is not importable

from playwright.sync_api import Page, sync_playwright  # noqa: E402

from tests.support.app_server import build_database, running_app  # noqa: E402
from tests.support.chromium import (  # noqa: E402
    VIEWPORT,
    PageProblems,
    launch_chromium,
    offline_context,
    open_home_once,
    wait_for_page,
)
from tests.support.dashboard_pages import PAGES  # noqa: E402
from tests.support.paths import FIXTURE_DATA  # noqa: E402

SHIPPED_DATA = REPO_ROOT / "data"
SCREENSHOTS = REPO_ROOT / "docs" / "screenshots"


def data_to_show() -> Path:
    """data/ if it validates, otherwise the fixture (saying why)."""
    check = subprocess.run(
        [sys.executable, "-m", "loaders", "validate", "--data", str(SHIPPED_DATA)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if check.returncode == 0:
        print(check.stdout.strip())
        return SHIPPED_DATA
    print(f"{SHIPPED_DATA} does not validate; using the test fixture:\n{check.stderr}")
    return FIXTURE_DATA


def screenshot_whole_page(page: Page, path: Path, charts: int) -> None:
    # Streamlit scrolls stMain, not the document, so full_page=True would stop at the window:
    # grow the window to the page's height instead, then put it back.
    height = page.get_by_test_id("stMain").evaluate("main => main.scrollHeight")
    page.set_viewport_size({"width": VIEWPORT["width"], "height": max(height, VIEWPORT["height"])})
    wait_for_page(page, charts=charts)
    page.screenshot(path=str(path))
    page.set_viewport_size(VIEWPORT)


@contextmanager
def _page_of_the_shipped_app(data_dir: Path) -> Iterator[tuple[str, Page]]:
    """The app built from `data_dir`, served, and one offline page of it; fails if the browser
    reported a problem on the way."""
    with tempfile.TemporaryDirectory() as tmp:
        db = build_database(data_dir, Path(tmp) / "programme.duckdb")
        with running_app(db, Path(tmp) / "streamlit.log") as url, sync_playwright() as p:
            browser = launch_chromium(p)
            open_home_once(browser, url)
            problems = PageProblems()
            context = offline_context(browser, problems)
            yield url, context.new_page()
            context.close()
            browser.close()
            if problems:
                raise SystemExit(f"the browser reported problems: {problems}")


def take_screenshots(data_dir: Path, out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    with _page_of_the_shipped_app(data_dir) as (url, page):
        for dashboard_page in PAGES:
            page.goto(url + dashboard_page.path)
            wait_for_page(page, charts=dashboard_page.charts)
            path = out_dir / f"{dashboard_page.name}.png"
            screenshot_whole_page(page, path, dashboard_page.charts)
            saved.append(path)
            print(f"saved {path.relative_to(REPO_ROOT)}")
        # The deck as a projector shows it: 1920 × 1080, the growth slide.
        page.set_viewport_size({"width": 1920, "height": 1080})
        page.goto(url + "/present?slide=4")
        wait_for_page(page, charts=1)
        path = out_dir / "present.png"
        page.screenshot(path=str(path))
        saved.append(path)
        print(f"saved {path.relative_to(REPO_ROOT)}")
    return saved


def take_language_screenshots(data_dir: Path, out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    with _page_of_the_shipped_app(data_dir) as (url, page):
        page.goto(url + "/?lang=ar")
        wait_for_page(page, charts=1)
        path = out_dir / "overview-ar.png"
        screenshot_whole_page(page, path, 1)
        saved.append(path)
        page.set_viewport_size({"width": 1920, "height": 1080})
        for code in ("zh", "fr"):
            page.goto(url + f"/present?lang={code}&slide=4")
            wait_for_page(page, charts=1)
            path = out_dir / f"present-{code}.png"
            page.screenshot(path=str(path))
            saved.append(path)
        for path in saved:
            print(f"saved {path.relative_to(REPO_ROOT)}")
    return saved


if __name__ == "__main__":
    if "--languages" in sys.argv:
        take_language_screenshots(data_to_show(), SCREENSHOTS)
    else:
        take_screenshots(data_to_show(), SCREENSHOTS)
