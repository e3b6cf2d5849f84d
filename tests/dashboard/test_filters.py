from dashboard.filters import FilterOptions, Filters, parse_filters, to_query_params

OPTIONS = FilterOptions(2013, 2026, {"dpi": "DPI", "ai-in-cities": "AI"}, {"u4ssc": "U4SSC"})


def test_no_parameters_select_everything_without_a_notice():
    assert parse_filters({}, OPTIONS) == (Filters(2013, 2026), [])


def test_repeated_and_comma_separated_themes_are_both_read():
    repeated, _ = parse_filters({"theme": ["dpi", "ai-in-cities"]}, OPTIONS)
    commas, _ = parse_filters({"theme": ["dpi,ai-in-cities"]}, OPTIONS)
    assert repeated.themes == commas.themes == ("dpi", "ai-in-cities")


def test_an_unknown_theme_is_ignored_with_a_notice_and_the_known_one_kept():
    filters, notices = parse_filters({"theme": ["nope", "dpi"]}, OPTIONS)
    assert filters.themes == ("dpi",)
    assert notices == ["Ignored unknown theme `nope`."]


def test_a_year_outside_the_data_is_ignored_with_a_notice():
    filters, notices = parse_filters({"from": ["1990"], "to": ["2025"]}, OPTIONS)
    assert (filters.year_from, filters.year_to) == (2013, 2025)
    assert notices == ["Ignored `from=1990`: the data covers 2013–2026."]


def test_from_after_to_is_ignored_with_a_notice():
    filters, notices = parse_filters({"from": ["2025"], "to": ["2020"]}, OPTIONS)
    assert (filters.year_from, filters.year_to) == (2013, 2026)
    assert "from is after to" in notices[0]


def test_a_year_that_is_not_a_number_is_ignored_with_a_notice():
    filters, notices = parse_filters({"to": ["soon"]}, OPTIONS)
    assert filters.year_to == 2026
    assert notices == ["Ignored `to=soon`: not a year."]


def test_filters_round_trip_through_the_url_and_defaults_are_left_out():
    filters = Filters(2024, 2026, ("dpi",), ("u4ssc",))
    params = to_query_params(filters, OPTIONS)
    assert params == {"from": "2024", "to": "2026", "theme": "dpi", "initiative": "u4ssc"}
    assert parse_filters({k: [v] for k, v in params.items()}, OPTIONS) == (filters, [])
