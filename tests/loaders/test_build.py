"""`python -m loaders build`: the database it publishes, and how it publishes it atomically."""

from __future__ import annotations

import importlib
import re
from datetime import date
from pathlib import Path

import duckdb
import pytest

from loaders.paths import DEFAULT_DATA_DIR, default_db_path

# Not `import loaders.build`: the package re-exports the function build() under that name.
build_module = importlib.import_module("loaders.build")


def query(db_path: Path, sql: str, params: list[object] | None = None) -> list[tuple]:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def test_build_prints_the_row_count_of_every_table_and_exits_0(
    data_dir, db_path, run_cli, fixture_row_counts
):
    result = run_cli("build", "--data", data_dir, "--db", db_path)

    assert result.exit_code == 0, result.stderr
    *count_lines, last = result.stdout.splitlines()
    printed = {table: int(count) for table, count in (line.split() for line in count_lines)}
    assert printed == fixture_row_counts
    assert last == f"built {db_path}"


def test_built_database_has_the_fixture_row_count_in_every_table(built_db, fixture_row_counts):
    counts = {
        table: query(built_db, f"SELECT count(*) FROM {table}")[0][0]
        for table in fixture_row_counts
    }

    assert counts == fixture_row_counts
    assert query(built_db, "SELECT count(*) FROM build_info") == [(1,)]


@pytest.mark.parametrize(
    ("table", "row_id", "column", "written", "stored", "precision"),
    [
        ("releases", "r1", "released_on", "2017", date(2017, 1, 1), "year"),
        ("releases", "r2", "released_on", "2020-06", date(2020, 6, 1), "month"),
        ("releases", "r3", "released_on", "2025-11-03", date(2025, 11, 3), "day"),
        ("initiatives", "u4ssc", "started_on", "2016-05", date(2016, 5, 1), "month"),
        ("events", "e1", "ended_on", "2016-07-22", date(2016, 7, 22), "day"),
        ("events", "e2", "ended_on", "", None, None),
    ],
)
def test_build_derives_each_date_precision_from_how_the_date_is_written(
    built_db, table, row_id, column, written, stored, precision
):
    rows = query(
        built_db, f"SELECT {column}, {column}_precision FROM {table} WHERE id = ?", [row_id]
    )

    assert rows == [(stored, precision)], f"{table}.{column} written as {written!r}"


def test_every_row_names_a_source_with_an_http_url(built_db, fixture_row_counts):
    tables_with_sources = [
        table
        for (table,) in query(
            built_db,
            "SELECT table_name FROM duckdb_columns() WHERE column_name = 'source_id' "
            "AND NOT internal ORDER BY table_name",
        )
    ]
    assert sorted(tables_with_sources) == sorted(set(fixture_row_counts) - {"sources"})

    for table in tables_with_sources:
        rows = query(
            built_db,
            f"SELECT t.source_id, s.url FROM {table} t LEFT JOIN sources s ON s.id = t.source_id",
        )
        assert len(rows) == fixture_row_counts[table]
        for source_id, url in rows:
            assert url is not None, f"{table}: source {source_id!r} does not exist"
            assert re.fullmatch(r"https?://\S+", url), f"{table}: {url!r} is not an http(s) URL"


def test_build_info_has_exactly_one_row_describing_the_build(built_db):
    rows = query(
        built_db, "SELECT build_id, built_at, data_sha256, latest_source_date FROM build_info"
    )

    assert len(rows) == 1
    build_id, built_at, data_sha256, latest_source_date = rows[0]
    assert build_id
    assert built_at is not None
    assert re.fullmatch(r"[0-9a-f]{64}", data_sha256)
    assert latest_source_date == date(2025, 11, 1)  # src-fixture, published 2025-11


def test_build_leaves_only_the_database_beside_the_data_files(data_dir, db_path, run_cli):
    assert run_cli("build", "--data", data_dir, "--db", db_path).exit_code == 0

    # CHECKPOINT before the rename means no .wal, and the temporary file is gone.
    leftovers = sorted(p.name for p in data_dir.iterdir() if p.suffix != ".csv")

    assert leftovers == ["programme.duckdb"]


def test_build_writes_a_checkpointed_temporary_file_beside_the_target_then_renames_it(
    data_dir, db_path, monkeypatch
):
    published: list[tuple[Path, list[str]]] = []
    real_publish = build_module.publish

    def spy(temporary: Path, target: Path) -> None:
        published.append((temporary, sorted(p.name for p in temporary.parent.iterdir())))
        real_publish(temporary, target)

    monkeypatch.setattr(build_module, "publish", spy)

    build_module.build(data_dir, db_path)

    [(temporary, files_at_rename)] = published
    assert temporary.parent == db_path.parent
    assert re.fullmatch(r"\.programme\.duckdb\.\d+-[0-9a-f]{32}\.tmp", temporary.name)
    assert temporary.name in files_at_rename
    assert temporary.name + ".wal" not in files_at_rename
    assert "programme.duckdb" not in files_at_rename  # published only by the rename
    assert not temporary.exists()
    assert db_path.exists()


def test_build_replaces_the_previous_database_with_one_built_from_the_new_data(
    data_dir, built_db, run_cli, append_rows, fixture_row_counts
):
    append_rows(
        data_dir / "events.csv", "e5,Another meeting,meeting,2026,,,true,u4ssc,,,,src-fixture"
    )

    result = run_cli("build", "--data", data_dir, "--db", built_db)

    assert result.exit_code == 0, result.stderr
    assert query(built_db, "SELECT count(*) FROM events") == [(fixture_row_counts["events"] + 1,)]
    assert query(built_db, "SELECT name FROM events WHERE id = 'e5'") == [("Another meeting",)]


def test_build_leaves_previous_database_untouched_when_a_file_is_invalid(
    data_dir, built_db, run_cli, snapshot
):
    events = data_dir / "events.csv"
    events.write_text(events.read_text().replace("2016-07-21", "2016-02-30"))
    before = snapshot(data_dir)

    result = run_cli("build", "--data", data_dir, "--db", built_db)

    assert result.exit_code == 1
    assert f"{data_dir}/events.csv:2: started_on: '2016-02-30' is not a valid date" in (
        result.problem_lines
    )
    assert result.stdout == ""
    assert snapshot(data_dir) == before


def test_build_leaves_previous_database_untouched_when_the_database_rejects_a_row(
    data_dir, built_db, run_cli, snapshot, append_rows
):
    # The CHECK on sources.url is enforced by DuckDB while the temporary file is written.
    append_rows(data_dir / "sources.csv", "src-bad,Bad,,Publisher,example.org/no-scheme,2024,")
    before = snapshot(data_dir)

    result = run_cli("build", "--data", data_dir, "--db", built_db)

    assert result.exit_code == 1
    assert "sources" in result.stderr
    assert snapshot(data_dir) == before


def test_build_leaves_previous_database_untouched_when_the_final_rename_fails(
    data_dir, built_db, run_cli, snapshot, monkeypatch
):
    before = snapshot(data_dir)

    def refuse(source: object, target: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(build_module.os, "replace", refuse)

    result = run_cli("build", "--data", data_dir, "--db", built_db)

    assert result.exit_code == 1
    assert f"{built_db}: could not be replaced: [Errno 13] Permission denied" in result.stderr
    assert snapshot(data_dir) == before


def test_programme_db_environment_variable_overrides_the_default_database_path(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("PROGRAMME_DB", str(tmp_path / "elsewhere.duckdb"))
    assert default_db_path() == tmp_path / "elsewhere.duckdb"

    monkeypatch.delenv("PROGRAMME_DB")
    assert default_db_path() == DEFAULT_DATA_DIR / "programme.duckdb"


def test_build_run_as_a_real_process_writes_to_the_database_named_by_programme_db(
    data_dir, tmp_path, run_real_cli
):
    target = tmp_path / "from-env.duckdb"

    result = run_real_cli("build", "--data", data_dir, env={"PROGRAMME_DB": str(target)})

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == f"built {target}"
    assert query(target, "SELECT count(*) FROM build_info") == [(1,)]
    assert not (data_dir / "programme.duckdb").exists()


def test_build_accepts_an_initiative_listed_before_its_parent(data_dir, db_path, run_cli):
    initiatives = data_dir / "initiatives.csv"
    header, *rows = initiatives.read_text().splitlines(keepends=True)
    initiatives.write_text(
        header
        + "child,Child programme,Child,programme,2020,,,parent,,,src-fixture\n"
        + "".join(rows)
        + "parent,Parent programme,Parent,programme,2019,,,,,,src-fixture\n"
    )
    assert run_cli("validate", "--data", data_dir).exit_code == 0

    result = run_cli("build", "--data", data_dir, "--db", db_path)

    assert result.exit_code == 0, result.stderr


def test_build_creates_the_directory_of_a_database_path_that_does_not_exist_yet(
    data_dir, tmp_path, run_cli
):
    target = tmp_path / "new" / "programme.duckdb"

    result = run_cli("build", "--data", data_dir, "--db", target)

    assert result.exit_code == 0, result.stderr
    assert target.exists()
