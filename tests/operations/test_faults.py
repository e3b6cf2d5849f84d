"""Faults: a missing, damaged or half-written database, a killed build, a full disk."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from loaders import DataError, build
from tests.support.paths import FIXTURE_DATA

REPO = Path(__file__).resolve().parents[2]
APP = str(REPO / "app.py")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, target)
    return target


def open_app(monkeypatch, data_dir: Path, db_path: Path) -> AppTest:
    monkeypatch.setenv("PROGRAMME_DATA_DIR", str(data_dir))
    monkeypatch.setenv("PROGRAMME_DB", str(db_path))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def add_event(data_dir: Path) -> None:
    with (data_dir / "events.csv").open("a") as events:
        events.write("e9,A later meeting,meeting,2025-12-01,,,true,u4ssc,,,,src-fixture\n")


def served_events(db_path: Path) -> int:
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM events").fetchone()[0]
    finally:
        con.close()


def temporaries(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith((".tmp", ".tmp.wal")))


def test_a_missing_database_is_built_by_the_app(monkeypatch, data_dir, tmp_path):
    db_path = tmp_path / "programme.duckdb"
    at = open_app(monkeypatch, data_dir, db_path)
    assert db_path.exists()
    assert len(at.get("plotly_chart")) == 1


def test_a_database_that_cannot_be_built_shows_the_validators_messages(
    monkeypatch, data_dir, tmp_path
):
    events = data_dir / "events.csv"
    events.write_text(events.read_text().replace("2016-07-21", "2016-02-30"))
    at = open_app(monkeypatch, data_dir, tmp_path / "programme.duckdb")
    assert at.error[0].value.startswith("The data could not be built.")
    assert "events.csv:2: started_on: '2016-02-30' is not a valid date" in at.code[0].value
    assert not (tmp_path / "programme.duckdb").exists()


def test_a_damaged_database_is_replaced_by_the_previous_good_build(monkeypatch, data_dir, tmp_path):
    db_path = tmp_path / "programme.duckdb"
    build(data_dir, db_path)
    build(data_dir, db_path)  # the first build is kept as programme.duckdb.bak
    with db_path.open("r+b") as damaged:
        damaged.truncate(4096)
    at = open_app(monkeypatch, data_dir, db_path)
    assert any("is damaged" in w.value and "previous good build" in w.value for w in at.warning)
    assert len(at.get("plotly_chart")) == 1


def test_a_damaged_database_without_a_backup_gets_a_clear_message(monkeypatch, data_dir, tmp_path):
    db_path = tmp_path / "programme.duckdb"
    db_path.write_bytes(b"not a database at all" * 100)
    at = open_app(monkeypatch, data_dir, db_path)
    assert "could not be opened" in at.error[0].value
    assert "python -m loaders build" in at.error[0].value


def test_a_leftover_wal_from_a_crashed_process_does_not_stop_the_app(
    monkeypatch, data_dir, tmp_path
):
    db_path = tmp_path / "programme.duckdb"
    build(data_dir, db_path)
    (tmp_path / "programme.duckdb.wal").write_bytes(b"\x00garbage from a crash")
    at = open_app(monkeypatch, data_dir, db_path)
    assert not at.error
    assert len(at.get("plotly_chart")) == 1


def start_build(data_dir: Path, db_path: Path) -> subprocess.Popen:
    """`python -m loaders build` as its own process, as `make build` runs it."""
    command = ["-m", "loaders", "build", "--data", str(data_dir), "--db", str(db_path)]
    return subprocess.Popen(
        [sys.executable, *command],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def files_of_build(directory: Path, pid: int, db_name: str) -> list[str]:
    """The temporary files of one build process (its pid is in their names)."""
    return sorted(p.name for p in directory.iterdir() if p.name.startswith(f".{db_name}.{pid}-"))


def wait_until_writing(process: subprocess.Popen, directory: Path, db_name: str) -> None:
    """Return once the build has its temporary database open; fail if it ends first."""
    while not files_of_build(directory, process.pid, db_name):
        try:
            process.wait(timeout=0.002)  # the pause between looks; returns if it exited
        except subprocess.TimeoutExpired:
            continue
        pytest.fail(f"the build exited with {process.returncode} before its temporary appeared")


def writing_span(data_dir: Path, db_path: Path) -> float:
    """How long one uninterrupted build keeps a temporary file: the window to kill it in."""
    process = start_build(data_dir, db_path)
    wait_until_writing(process, db_path.parent, db_path.name)
    opened = time.monotonic()
    while files_of_build(db_path.parent, process.pid, db_path.name):
        try:
            process.wait(timeout=0.002)
        except subprocess.TimeoutExpired:
            pass
    span = time.monotonic() - opened
    assert process.wait() == 0
    return span


def test_a_build_killed_mid_build_leaves_the_old_or_the_new_database(data_dir, tmp_path):
    db_path = tmp_path / "programme.duckdb"
    build(data_dir, db_path)
    old = served_events(db_path)
    old_build = tmp_path / "old-build.duckdb"
    shutil.copyfile(db_path, old_build)
    add_event(data_dir)
    span = writing_span(data_dir, db_path)
    rng = random.Random(20261127)
    kills = []
    for _ in range(30):
        delay = rng.uniform(0, span)
        for _attempt in range(20):
            # Each kill starts from the old build, so a kill that published nothing shows `old`.
            shutil.copyfile(old_build, db_path)
            process = start_build(data_dir, db_path)
            wait_until_writing(process, tmp_path, db_path.name)
            time.sleep(delay)  # somewhere in the write, the rename or the backup's rename
            # Frozen, it can neither finish nor remove its files while the test looks.
            os.kill(process.pid, signal.SIGSTOP)
            running = process.poll() is None
            files_when_killed = files_of_build(tmp_path, process.pid, db_path.name)
            if running:
                os.kill(process.pid, signal.SIGKILL)
            process.wait()
            if running and files_when_killed:
                break
            delay /= 2  # this build was past its last rename already: kill the next one earlier
        else:
            pytest.fail("no build could be killed while its temporary files were on disk")
        served = served_events(db_path)
        kills.append((process.returncode, files_when_killed))
        assert served in (old, old + 1)
    # Every kill landed mid-build: the process died of the kill, not of its own exit, while its
    # half-written database (or the link kept for the backup) was on disk.
    assert [code for code, _ in kills] == [-signal.SIGKILL] * len(kills)
    assert all(files for _, files in kills)
    build(data_dir, db_path)
    # The next build clears whatever the killed ones left behind.
    assert temporaries(tmp_path) == []
    assert served_events(db_path) == old + 1


def test_a_build_on_a_full_disk_keeps_the_old_database_and_says_so(data_dir, tmp_path):
    mount = tmp_path / "small-disk"
    mount.mkdir()
    size = os.path.getsize(_built_once(data_dir, tmp_path)) + 2 * 1024 * 1024
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        db_path = mount / "programme.duckdb"
        build(data_dir, db_path)
        before = db_path.read_bytes()
        add_event(data_dir)
        with pytest.raises(DataError) as failure:
            build(data_dir, db_path)
        assert "could not be built" in str(failure.value)
        assert "No space left on device" in str(failure.value) or "space" in str(failure.value)
        assert db_path.read_bytes() == before
        assert temporaries(mount) == []
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def _built_once(data_dir: Path, tmp_path: Path) -> Path:
    path = tmp_path / "size-probe.duckdb"
    build(data_dir, path)
    return path


def test_readers_see_a_rebuilt_database_on_their_next_query(data_dir, tmp_path):
    from dashboard.database_file import open_read_only

    db_path = tmp_path / "programme.duckdb"
    build(data_dir, db_path)
    before = open_read_only(db_path)
    add_event(data_dir)
    build(data_dir, db_path)
    after = open_read_only(db_path)
    count = "SELECT count(*) FROM events"
    assert after.execute(count).fetchone()[0] == before.execute(count).fetchone()[0] + 1
