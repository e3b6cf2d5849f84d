"""The shipped dataset in data/: valid, sourced, and faithful to the reference's rules."""

from __future__ import annotations

import duckdb
import pytest

from loaders import DEFAULT_DATA_DIR, build, validate_directory
from loaders.date_order import DATE_PARENTS

RECORD_TABLES = (
    "initiatives", "initiative_names", "thematic_groups", "working_groups", "organisations",
    "partners", "agreements", "counts", "places", "events", "releases", "themes",
    "event_parts", "event_statuses", "event_themes", "release_themes", "working_group_themes",
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


def test_the_first_un_citiverse_challenge_is_recorded_as_ended_in_2025(shipped):
    # The Digest (December 2025): "we have launched and concluded the 1st UN Citiverse Challenge";
    # no end day or month is given, so the end is the year.
    ended = shipped.execute(
        "SELECT year(ended_on), ended_on_precision::VARCHAR, ended_on >= started_on "
        "FROM initiatives WHERE id = 'un-citiverse-challenge'"
    ).fetchall()
    assert ended == [(2025, "year", True)]


@pytest.mark.parametrize(
    ("sql", "placed"),
    [
        # Pillar 1's tracks "c. 2024" sort on the citiverse launch day, 14 June 2024.
        ("SELECT as_of FROM counts WHERE id = 'citiverse-tracks-2024'", "2024-06-14"),
        # The People-Centred Cities groups first seen in 2024 sort after the group's start.
        ("SELECT DISTINCT started_on FROM working_groups WHERE id LIKE 'wg-pc-%' "
         "AND started_on_precision = 'year' AND year(started_on) = 2024", "2024-02-28"),
        # The DPI framework (year only) sorts on the day it was introduced, 4 November 2025.
        ("SELECT released_on FROM releases WHERE id = 'rel-2025-dpi-for-cities'", "2025-11-04"),
    ],
)  # fmt: skip
def test_year_only_dates_sort_no_earlier_than_the_start_of_what_they_belong_to(
    shipped, sql, placed
):
    assert [str(d) for (d,) in shipped.execute(sql).fetchall()] == [placed]


def test_no_partial_date_sorts_before_a_parent_that_started_inside_its_period(shipped):
    for table, columns in DATE_PARENTS.items():
        for column, parents in columns.items():
            for parent in parents:
                if parent.link is None:
                    join, start = "", f"t.{parent.date}"
                else:
                    join = f"JOIN {parent.table} p ON p.id = t.{parent.link}"
                    start = f"p.{parent.date}"
                early = one(
                    shipped,
                    f"SELECT count(*) FROM {table} t {join} "
                    f"WHERE t.{column}_precision IN ('year', 'month') AND t.{column} < {start} "
                    f"AND {start} < CASE t.{column}_precision WHEN 'year' "
                    f"THEN t.{column} + INTERVAL 1 YEAR ELSE t.{column} + INTERVAL 1 MONTH END",
                )
                assert early == 0, (table, column, parent)


def test_the_digests_congress_and_summit_are_the_events_its_sessions_are_part_of(shipped):
    parts = shipped.execute(
        "SELECT p.event_id, e.name, e.started_on::VARCHAR, e.started_on_precision::VARCHAR "
        "FROM event_parts p JOIN events e ON e.id = p.part_of_event_id "
        "WHERE p.source_id = 'digest-2025' ORDER BY p.event_id"
    ).fetchall()
    congress = ("Smart City Expo World Congress 2025", "2025-11-01", "month")
    summit = ("Global DPI Summit 2025", "2025-11-04", "day")
    assert parts == [
        ("ev-2025-11-dpi-summit-session", *summit),
        ("ev-2025-11-scewc-citiverse-rising", *congress),
        ("ev-2025-11-scewc-u4ssc-session", *congress),
    ]


def test_the_digest_itself_is_a_release_of_december_2025(shipped):
    digest = shipped.execute(
        "SELECT r.kind::VARCHAR, r.released_on::VARCHAR, r.released_on_precision::VARCHAR, s.url "
        "FROM releases r JOIN sources s ON s.id = r.source_id WHERE r.id = 'rel-2025-12-digest'"
    ).fetchall()
    assert digest == [
        (
            "digest",
            "2025-12-01",
            "month",
            "https://www.itu.int/cities/wp-content/uploads/2025/12/Digest-December-2025.htm",
        )
    ]


def test_organisations_are_named_as_their_sources_write_them_with_no_unstated_country(shipped):
    named = dict(shipped.execute("SELECT id, name FROM organisations").fetchall())
    # No cited source expands these acronyms, so none is expanded.
    for acronym in ("UNECE", "UN-Habitat", "UNICC", "OiER", "FEMP"):
        assert acronym in named.values()
    # "Global Cities Hub and International Telecommunication Union signed ..."
    assert shipped.execute(
        "SELECT name, source_id FROM organisations WHERE id = 'itu'"
    ).fetchall() == [("International Telecommunication Union", "gch-itu-mou")]
    assert one(shipped, "SELECT count(*) FROM organisations WHERE country IS NOT NULL") == 0


def test_the_first_virtual_worlds_day_cites_the_report_of_the_launch_not_its_announcement(
    shipped,
):
    cited = shipped.execute(
        "SELECT e.source_id, s.published_on::VARCHAR FROM events e "
        "JOIN sources s ON s.id = e.source_id WHERE e.id = 'ev-2024-06-vwd-1'"
    ).fetchall()
    # The Briefing reports the launch ("launched ... on 14 June 2024"); the March 2024
    # announcement of the day could not.
    assert cited == [("itu-un-exec-briefing-2024", "2024-01-01")]


def test_a_working_group_count_the_listed_groups_outgrew_is_labelled_as_of_its_date(shipped):
    counts = shipped.execute(
        """SELECT c.id, c.label, (SELECT count(*) FROM working_groups w
                                  WHERE w.thematic_group_id = c.thematic_group_id
                                    AND year(w.started_on) > year(c.as_of)) AS launched_later
           FROM counts c WHERE c.metric = 'working_groups' AND c.thematic_group_id IS NOT NULL"""
    ).fetchall()
    assert counts
    for count_id, label, launched_later in counts:
        assert " as of " in label, count_id
        # AI in Cities "2 WGs" (c. 2023) before WG5; People-Centred "4 WGs" (c. 2024) before WG6.
        assert ("not the current number" in label) == (launched_later > 0), count_id


@pytest.mark.parametrize(
    ("table", "record_id"),
    [
        ("working_groups", "wg-cpds-urban-land-housing"),  # WG8
        ("thematic_groups", "tg-dpi4cities"),
        ("initiatives", "citiverse"),
        ("initiatives", "un-citiverse-challenge"),
        ("initiatives", "citiverse-alliance"),
    ],
)
def test_the_digests_named_purposes_are_quoted_in_the_records(shipped, table, record_id):
    # `validate` checks that the quoted words are the Digest's (data/reference/digest-2025.txt).
    note = one(shipped, f"SELECT note FROM {table} WHERE id = ?", [record_id])
    assert 'Purpose (digest-2025): "' in note


def test_the_3rd_virtual_worlds_day_keeps_when_it_was_announced_and_when_reported_held(shipped):
    history = shipped.execute(
        "SELECT status::VARCHAR, stated_on::VARCHAR, stated_on_precision::VARCHAR, source_id "
        "FROM event_statuses WHERE event_id = 'ev-2026-05-vwd-3' ORDER BY status"
    ).fetchall()
    assert history == [
        ("announced", "2025-01-01", "year", "itu-ai-standards-2025-p120"),
        ("held", "2026-05-14", "day", "kozenkow-blog-no8"),
    ]
    assert one(shipped, "SELECT name FROM events WHERE id = 'ev-2026-05-vwd-3'") == (
        "3rd UN Virtual Worlds Day"
    )


def test_no_event_name_carries_a_status_that_lives_in_event_statuses(shipped):
    assert one(shipped, "SELECT count(*) FROM events WHERE name ILIKE '%(announced)%'") == 0


def test_the_2026_events_have_the_dates_and_places_their_pages_give(shipped):
    rows = shipped.execute(
        "SELECT id, started_on::VARCHAR, started_on_precision::VARCHAR, ended_on::VARCHAR, "
        "place_id, source_id FROM events WHERE year(started_on) = 2026 ORDER BY id"
    ).fetchall()
    assert rows == [
        ("ev-2026-05-vwd-3", "2026-05-11", "day", "2026-05-12", None,
         "itu-ai-standards-2025-p120"),
        ("ev-2026-07-ai-for-good", "2026-07-07", "day", "2026-07-10", "geneva",
         "gch-wsis-ai-for-good-2026"),
        ("ev-2026-07-aifg-citiverse-session", "2026-07-01", "month", None, "geneva",
         "gch-wsis-ai-for-good-2026"),
        # The blog gives neither day nor place: the year only.
        ("ev-2026-vwd-3-toward-the-citiverse", "2026-01-01", "year", None, None,
         "kozenkow-blog-no8"),
    ]  # fmt: skip


def test_events_only_announced_say_so_and_third_party_pages_are_named_in_the_note(shipped):
    announced_only = shipped.execute(
        "SELECT event_id FROM event_statuses GROUP BY event_id "
        "HAVING NOT bool_or(status = 'held') ORDER BY event_id"
    ).fetchall()
    assert announced_only == [("ev-2026-07-ai-for-good",), ("ev-2026-07-aifg-citiverse-session",)]
    unnamed = shipped.execute(
        "SELECT t.event_id, t.status FROM event_statuses t JOIN sources s ON s.id = t.source_id "
        "WHERE s.publisher <> 'ITU' AND NOT contains(t.note, s.publisher)"
    ).fetchall()
    assert unnamed == []
