"""Each query against the fixture database, whose rows are known (tests/fixtures/data)."""

import shutil
from dataclasses import replace
from datetime import date

import duckdb
import pandas as pd

from dashboard.filters import Filters
from dashboard.queries.counts import counts_over_time, event_markers, reported_figures
from dashboard.queries.events import (
    event_list,
    event_timeline,
    events_per_city,
    events_without_place,
)
from dashboard.queries.overview import (
    activity_totals,
    build_info,
    filter_options,
    headline_counts,
    milestones,
    new_since,
)
from dashboard.queries.releases import release_list, releases_per_initiative, releases_per_year
from dashboard.queries.working_groups import (
    working_group_hierarchy,
    working_group_table,
    working_groups_launched_per_year,
)
from loaders import build
from tests.support.paths import FIXTURE_DATA


def test_filter_options_span_every_dated_record_and_list_themes_and_initiatives(con):
    options = filter_options(con)
    assert (options.min_year, options.max_year) == (2016, 2025)
    assert set(options.themes) == {"ai-in-cities", "dpi", "virtual-worlds"}
    assert list(options.initiatives) == ["u4ssc", "citiverse"]


def test_counts_keep_their_qualifier_and_precision(con, everything):
    counts = counts_over_time(con, everything)
    partners = counts[counts["metric"] == "partners"]
    assert partners[["value", "qualifier", "as_of_precision"]].values.tolist() == [
        [60, ">", "year"],
        [70, ">", "month"],
    ]
    # thematic-group counts (active WGs in a group) are not programme growth figures
    assert "working_groups" not in set(counts["metric"])


def test_counts_are_limited_to_the_years_and_initiatives_chosen(con, everything):
    counts = counts_over_time(con, replace(everything, year_from=2024, initiatives=("u4ssc",)))
    assert counts[["metric", "value"]].values.tolist() == [["un_agencies", 19], ["un_agencies", 20]]


def test_headline_counts_give_the_latest_and_previous_report(con, everything):
    rows = headline_counts(con, everything).set_index("metric")
    assert rows.loc["partners", ["value", "qualifier", "previous_value"]].tolist() == [70, ">", 60]
    assert rows.loc["un_agencies", ["value", "previous_value"]].tolist() == [20, 19]


def test_headline_counts_are_empty_when_no_figure_is_in_the_years(con, everything):
    rows = headline_counts(con, replace(everything, year_from=2016, year_to=2016))
    assert rows["value"].isna().all()


def test_activity_totals_count_the_period_and_the_period_before(con, everything):
    totals = activity_totals(con, replace(everything, year_from=2024, year_to=2025)).iloc[0]
    assert totals["active_working_groups"] == 2  # wg-2 and wg-3; wg-1 concluded
    assert (totals["events"], totals["releases"]) == (3, 2)
    assert (totals["before_from"], totals["before_to"]) == (2022, 2023)
    assert (totals["events_before"], totals["releases_before"]) == (0, 0)


def test_a_theme_selects_only_records_tagged_with_it(con, everything):
    themed = replace(everything, themes=("virtual-worlds",))
    assert event_list(con, themed)["name"].tolist() == [
        "1st Citiverse Assembly",
        "1st UN Virtual Worlds Day",
    ]
    assert release_list(con, themed)["title"].tolist() == ["Seven deliverables"]
    assert working_group_table(con, themed).empty


def test_milestones_hold_launches_agreements_first_meetings_and_assemblies(con, everything):
    found = milestones(con, everything)[["milestone", "name"]].values.tolist()
    assert ["Launch", "United for Smart Sustainable Cities"] in found
    assert ["Agreement", "First MoU (welcomed)"] in found
    assert ["First meeting", "1st U4SSC meeting"] in found
    assert ["Assembly", "1st Citiverse Assembly"] in found


def test_an_agreement_milestone_says_what_happened_on_its_date_never_signed_by_default(
    con, everything
):
    found = milestones(con, everything)
    agreement = found[found["milestone"] == "Agreement"].iloc[0]
    # The fixture's MoU, like the real 2020 one, was welcomed at a forum: its source gives no
    # signature date, so nothing on screen may call that day its signature.
    assert agreement["date_meaning"] == "welcomed"
    assert agreement["name"] == "First MoU (welcomed)"
    assert "signed" not in agreement["name"]


def test_a_thematic_groups_working_group_count_is_never_drawn_as_a_current_figure(con, everything):
    # Such a count is a figure as of its date (the fixture's "5 active WGs" of DPI for Cities);
    # the working groups page shows the groups as listed, and the count stays in the list of
    # reported figures with its date and label.
    assert "working_groups" not in set(counts_over_time(con, everything)["metric"])
    listed = reported_figures(con, everything)
    assert listed[listed["metric"] == "working_groups"]["as_of"].notna().all()
    assert len(listed[listed["metric"] == "working_groups"]) == 1


def test_new_since_lists_records_dated_on_or_after_the_day(con, everything):
    recent = new_since(con, everything, date(2025, 3, 1))
    assert sorted(recent["name"]) == [
        "1st Citiverse Assembly",
        "DPI requirements",
        "Seven deliverables",
        "Webinar on co-governance",
    ]


def test_releases_per_year_and_initiative_add_up_to_the_list(con, everything):
    per_year = releases_per_year(con, everything)
    per_initiative = releases_per_initiative(con, everything)
    listed = release_list(con, everything)
    assert per_year["releases"].sum() == per_initiative["releases"].sum() == len(listed) == 4
    assert per_initiative.iloc[0][["initiative_id", "releases"]].tolist() == ["u4ssc", 3]


def test_events_per_city_count_placed_events_and_the_rest_are_accounted_for(con, everything):
    cities = events_per_city(con, everything)
    assert cities[["city", "events"]].values.tolist() == [["Geneva", 2], ["Valencia", 1]]
    unplaced = events_without_place(con, everything).iloc[0]
    assert (unplaced["online"], unplaced["place_not_stated"]) == (1, 0)
    assert len(event_timeline(con, everything)) == cities["events"].sum() + 1


def test_event_markers_are_assemblies_observances_and_first_meetings(con, everything):
    assert event_markers(con, everything)["id"].tolist() == ["e1", "e2", "e3"]


def test_working_group_hierarchy_places_groups_without_a_thematic_group(con, everything):
    hierarchy = working_group_hierarchy(con, everything)
    assert hierarchy["working_groups"].tolist() == [1, 1, 1, 1]
    unplaced = hierarchy["working_group"] == "WG1 Setting the Framework"
    assert hierarchy.loc[unplaced, "thematic_group"].item() == "(no thematic group)"
    per_year = working_groups_launched_per_year(con, everything)
    assert per_year.groupby("year")["working_groups"].sum().to_dict() == {
        2016: 1,
        2023: 1,
        2025: 2,
    }


def test_build_info_names_the_latest_source_with_its_precision(con):
    info = build_info(con).iloc[0]
    assert info["latest_source_date"] == pd.Timestamp("2025-11-01")
    assert info["latest_source_precision"] == "month"


def test_filter_values_are_bound_never_formatted_into_sql(con, everything):
    hostile = replace(everything, themes=("x') OR 1=1 --",), initiatives=("'; DROP TABLE events",))
    assert event_list(con, hostile).empty
    assert len(event_list(con, everything)) == 4


def test_two_reports_of_one_figure_in_a_month_share_a_point_and_keep_their_range(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    with (data / "counts.csv").open("a") as counts:
        counts.write("c9,u4ssc,,un_agencies,21,UN agencies,=,2025,UN agencies,,src-second\n")
    build(data, tmp_path / "db.duckdb")
    con = duckdb.connect(str(tmp_path / "db.duckdb"), read_only=True)
    agencies = counts_over_time(con, Filters(2025, 2025), ("un_agencies",)).iloc[0]
    assert (agencies["value"], agencies["low"], agencies["reports"]) == (21, 20, 2)
    assert agencies["source_title"] == (
        "Second test fixture source; Test fixture (invented for tests; not real data)"
    )


def test_lists_stop_at_their_limit_and_say_how_many_there_are(con, everything):
    events = event_list(con, everything, limit=2)
    assert events["name"].tolist() == ["Webinar on co-governance", "1st Citiverse Assembly"]
    assert events["total"].tolist() == [4, 4]
    assert len(release_list(con, everything, limit=1)) == 1
    assert event_timeline(con, everything, limit=3)["started_on"].is_monotonic_increasing
