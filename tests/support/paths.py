"""Where the repository, the app and the test data are, wherever a test runs from."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
APP = str(REPO_ROOT / "app.py")
FIXTURE_DATA = REPO_ROOT / "tests" / "fixtures" / "data"
