"""The wheel: built from a copy of the project, it holds and imports every module of the source
tree, and its modules come from the wheel, not from the checkout or the editable install."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("dashboard", "loaders")

# Left out of the copy that is built: history, the venv, build output and local databases.
NOT_COPIED = shutil.ignore_patterns(
    ".git",
    ".venv",
    "build",
    "*.egg-info",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    "*.duckdb",
    "*.duckdb.wal",
)

# Run in a child interpreter: imports every named module and reports where each came from, or
# the error it raised, as JSON, so that one broken module does not hide the others.
IMPORT_EVERY_MODULE = textwrap.dedent(
    """
    import importlib, json, sys
    found = {}
    for name in sys.argv[1:]:
        try:
            found[name] = importlib.import_module(name).__file__
        except Exception as error:
            found[name] = f"ERROR {type(error).__name__}: {error}"
    print(json.dumps(found))
    """
)


def source_modules(root: Path) -> list[str]:
    """Every module and package of dashboard/ and loaders/ in the source tree, as dotted names."""
    names = []
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            names.append(".".join(parts))
    return names


@pytest.fixture(scope="module")
def unpacked_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's wheel, built offline from a copy of the tree and unpacked to a folder."""
    work = tmp_path_factory.mktemp("wheel")
    # A copy, so that the build's build/ and *.egg-info never land in the checkout.
    source = work / "source"
    shutil.copytree(REPO_ROOT, source, ignore=NOT_COPIED)
    out = work / "dist"
    # --no-build-isolation: the venv's setuptools (the test extra) builds it with no download.
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--quiet",
            "-w",
            str(out),
            str(source),
        ],
        check=True,
        timeout=300,
    )
    (wheel,) = out.glob("programme_dashboard-*.whl")
    unpacked = work / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(unpacked)
    return unpacked


def test_the_source_tree_lists_the_subpackages_a_flat_package_list_would_miss():
    names = source_modules(REPO_ROOT)
    assert {"dashboard", "dashboard.charts", "dashboard.queries", "loaders"} <= set(names)
    assert "loaders.schema" not in names  # the .sql is data, checked below, not a module


@pytest.mark.slow
def test_the_wheel_holds_every_module_of_the_source_tree_and_the_schema(unpacked_wheel: Path):
    missing = [
        name
        for name in source_modules(REPO_ROOT)
        if not (unpacked_wheel / name.replace(".", "/")).with_suffix(".py").is_file()
        and not (unpacked_wheel / name.replace(".", "/") / "__init__.py").is_file()
    ]
    assert missing == []
    assert (unpacked_wheel / "loaders" / "schema.sql").read_bytes() == (
        REPO_ROOT / "loaders" / "schema.sql"
    ).read_bytes()


@pytest.mark.slow
def test_every_module_imports_from_the_wheel_alone(unpacked_wheel: Path, tmp_path: Path):
    names = source_modules(REPO_ROOT)
    # Only the unpacked wheel on PYTHONPATH, run from an empty folder: the checkout is not on
    # sys.path. The venv's editable-install finder still is, so each __file__ is checked too.
    env = {**os.environ, "PYTHONPATH": str(unpacked_wheel)}
    env.pop("PYTHONSAFEPATH", None)
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_EVERY_MODULE, *names],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    failed = {name: where for name, where in found.items() if where.startswith("ERROR")}
    assert failed == {}
    outside = {
        name: where
        for name, where in found.items()
        if not Path(where).resolve().is_relative_to(unpacked_wheel.resolve())
    }
    assert outside == {}, "imported from outside the wheel"
