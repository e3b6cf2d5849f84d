"""Source links are only http or https: any other scheme is refused before it reaches a page."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from loaders.__main__ import main
from loaders.importer import import_file
from loaders.problems import DataError
from tests.browser.app_server import FIXTURE_DATA, REPO_ROOT

# The second source's row: line 3 of sources.csv (the header is line 1).
SOURCE_LINE = 3


def data_with_source_url(tmp_path: Path, url: str) -> Path:
    """A copy of tests/fixtures/data whose second source links to `url`."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    path = data / "sources.csv"
    with path.open(newline="", encoding="utf-8") as file:
        rows = list(csv.reader(file))
    rows[SOURCE_LINE - 1][rows[0].index("url")] = url
    with path.open("w", newline="", encoding="utf-8") as file:
        csv.writer(file, lineterminator="\n").writerows(rows)
    return data


def validate(data: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "loaders", "validate", "--data", str(data)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_validate_refuses_a_javascript_source_url_and_names_its_line(tmp_path):
    data = data_with_source_url(tmp_path, "javascript:alert(1)")
    result = validate(data)
    assert result.returncode == 1
    assert f"sources.csv:{SOURCE_LINE}: url: 'javascript:alert(1)'" in result.stderr
    assert "1 problem(s)" in result.stderr


@pytest.mark.parametrize(
    "url",
    [
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "javascript://example.org/%0Aalert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "//evil.example/x",
        "example.org/page",
        "https:javascript:alert(1)",
        "https://example.org/ javascript:alert(1)",
        "https://example.org/\njavascript:alert(1)",
        "HTTPS://example.org/upper-case-scheme",
    ],
)
def test_validate_refuses_every_source_url_that_is_not_plain_http_or_https(tmp_path, capsys, url):
    data = data_with_source_url(tmp_path, url)
    assert main(["validate", "--data", str(data)]) == 1
    assert f"sources.csv:{SOURCE_LINE}: url:" in capsys.readouterr().err


def test_import_refuses_a_javascript_source_url_and_changes_nothing(tmp_path):
    data = data_with_source_url(tmp_path, "https://example.org/second")
    upload = tmp_path / "new_sources.csv"
    upload.write_text(
        "id,title,short_title,publisher,url,published_on,accessed_on\n"
        "src-evil,Evil,,Nobody,javascript:alert(1),2025,\n",
        encoding="utf-8",
    )
    before = (data / "sources.csv").read_bytes()
    with pytest.raises(DataError) as refused:
        import_file(upload, "sources", data, tmp_path / "db.duckdb")
    assert [(p.line, p.column) for p in refused.value.problems] == [(2, "url")]
    assert (data / "sources.csv").read_bytes() == before
