"""The shipped dataset in data/: valid, sourced, and faithful to the reference's rules."""

from __future__ import annotations

import duckdb
import pytest

from loaders import DEFAULT_DATA_DIR, build, validate_directory

RECORD_TABLES = (
    "initiatives", "initiative_names", "thematic_groups", "working_groups", "organisations",
    "partners", "agreements", "counts", "places", "events", "releases", "themes",
    "event_themes", "release_themes", "working_group_themes",
)  # fmt: skip


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("shipped") / "programme.duckdb"
    build(DEFAULT_DATA_DIR, path)
    con = duckdb.connect(str(path), read_only=True)
    yield con
    con.close()


def one(con, sql: str, params: list | None = None):
    return con.execute(sql, params or []).fetchone()[0]


def test_the_shipped_data_validates_with_no_problem():
    _, problems = validate_directory(DEFAULT_DATA_DIR)
    assert problems == []


@pytest.mark.parametrize("table", RECORD_TABLES)
def test_every_record_cites_a_source_that_has_a_web_address(shipped, table):
    unsourced = one(
        shipped,
        f"SELECT count(*) FROM {table} t LEFT JOIN sources s ON s.id = t.source_id "
        "WHERE s.url IS NULL OR NOT regexp_matches(s.url, '^https?://')",
    )
    assert unsourced == 0


def test_every_source_is_cited_by_a_record(shipped):
    cited = " UNION ".join(f"SELECT source_id FROM {t}" for t in RECORD_TABLES)
    assert one(shipped, f"SELECT count(*) FROM sources WHERE id NOT IN ({cited})") == 0


def test_the_dataset_has_about_the_expected_size_from_2013_to_2026(shipped):
    assert one(shipped, "SELECT count(*) FROM events") >= 25
    assert one(shipped, "SELECT count(*) FROM releases") >= 20
    assert one(shipped, "SELECT count(*) FROM counts") >= 19
    assert one(shipped, "SELECT min(year(started_on)) FROM events") == 2013
    assert one(shipped, "SELECT max(year(started_on)) FROM events") == 2026


def test_the_digests_headline_figures_are_there_and_more_than_stays_a_lower_bound(shipped):
    digest = "digest-2025"
    figure = (
        "SELECT value, qualifier::VARCHAR FROM counts "
        "WHERE source_id = ? AND initiative_id = ? AND metric = ?"
    )
    assert shipped.execute(figure, [digest, "citiverse", "partners"]).fetchall() == [(70, ">")]
    assert shipped.execute(figure, [digest, "u4ssc", "un_agencies"]).fetchall() == [(20, "=")]


def test_the_two_itu_un_habitat_agreements_are_two_records(shipped):
    years = shipped.execute(
        "SELECT year(dated_on) FROM agreements WHERE parties LIKE '%UN-Habitat%' ORDER BY 1"
    ).fetchall()
    assert years == [(2020,), (2025,)]


def test_each_agreement_date_says_what_happened_on_it_as_its_source_does(shipped):
    meanings = shipped.execute(
        "SELECT id, dated_on::VARCHAR, dated_on_precision::VARCHAR, date_meaning::VARCHAR "
        "FROM agreements ORDER BY id"
    ).fetchall()
    assert meanings == [
        ("mou-gch-itu-2024", "2024-12-12", "day", "signed"),
        # "welcomed the new MoU at a Virtual Forum ... on 7 December 2020": not a signature date.
        ("mou-itu-un-habitat-2020", "2020-12-07", "day", "welcomed"),
        # "In 2025, ITU and UN-Habitat reinforced our collaboration through a MoU": only a year.
        ("mou-itu-un-habitat-2025", "2025-01-01", "year", "reported"),
    ]


def test_the_citiverse_initiative_is_one_record_with_its_2025_rename(shipped):
    names = shipped.execute(
        "SELECT named_on, named_on_precision::VARCHAR FROM initiative_names "
        "WHERE initiative_id = 'citiverse' ORDER BY named_on"
    ).fetchall()
    assert [(str(d), p) for d, p in names] == [("2024-06-14", "day"), ("2025-02-01", "month")]


def test_approximate_dates_keep_their_precision_rather_than_a_made_up_day(shipped):
    # "~2017" publications are stored as years, never as 1 January with day precision.
    assert (
        one(
            shipped,
            "SELECT count(*) FROM releases WHERE released_on_precision = 'year'",
        )
        >= 5
    )
    assert (
        one(
            shipped,
            "SELECT count(*) FROM releases WHERE released_on_precision = 'day' "
            "AND month(released_on) = 1 AND day(released_on) = 1",
        )
        == 0
    )
