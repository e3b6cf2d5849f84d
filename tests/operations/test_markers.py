"""`make test-fast` (-m "not browser and not slow") leaves out every test that drives Chromium,
wherever it lives, and the wheel build, and keeps the rest."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
FAST = "not browser and not slow"


def collected(*args: str) -> list[str]:
    """Test ids that pytest collects with these arguments, run from the repository root."""
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *args],
        cwd=REPO_ROOT,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode in (0, 5), result.stdout + result.stderr  # 5: none selected
    return [line for line in result.stdout.splitlines() if "::" in line]


def test_the_fast_run_leaves_out_browser_tests_by_folder_and_by_fixture_and_the_wheel_build():
    # tests/browser (folder and fixtures); test_browser_guard through its `browser` fixture;
    # test_hostile_data_pages through `page`; test_source_urls uses neither and stays.
    files = [
        "tests/browser/test_url_text.py",
        "tests/security/test_browser_guard.py",
        "tests/security/test_hostile_data_pages.py",
        "tests/security/test_source_urls.py",
        "tests/operations/test_wheel.py",
    ]
    fast = collected("-m", FAST, *files)  # a file that fails to collect fails this run
    assert [test for test in fast if not test.startswith("tests/security/test_source_urls.py")] == [
        # the wheel test's quick look at the source tree stays; the two that build it do not
        "tests/operations/test_wheel.py::"
        "test_the_source_tree_lists_the_subpackages_a_flat_package_list_would_miss"
    ]
    assert any(test.startswith("tests/security/test_source_urls.py") for test in fast)
