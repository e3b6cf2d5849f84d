"""The load test's pure parts: which pages, random filters, percentiles, and the build checks.

No browser and no clock here, so `tests/operations/test_loadtest_helpers.py` can prove them.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Mapping, Sequence
from urllib.parse import urlencode

from dashboard.filters import FilterOptions
from dashboard.ui.page_setup import APP_PAGES

# Plotly charts each page draws with no filters; a chart the filters leave empty is replaced
# by a note ("… Widen the years or clear a filter"), which counts in its place.
CHARTS_BY_PATH = {
    "": 1,
    "partners": 3,
    "working-groups": 2,
    "events": 2,
    "releases": 2,
    "present": 1,
    "explore": 0,
}
# /manage is for editors: it has no figures and only asks who you are.
SKIPPED_PATHS = frozenset({"manage"})
EITHER = "either"  # both builds show the same figure for these filters
# Loads with no filter at all. Half the /events loads: with every year and initiative the two
# builds' event counts differ, so the page shows which build it read.
NO_FILTER_SHARE = 0.25
NO_FILTER_SHARE_BY_PATH = {"events": 0.5}


def visited_paths() -> list[str]:
    """Every page of the app a viewer can see, in the app's own order ("" is the overview)."""
    return [p.url_path for p in APP_PAGES if p.url_path not in SKIPPED_PATHS]


def page_url(base_url: str, path: str, params: Mapping[str, str]) -> str:
    query = f"?{urlencode(params)}" if params else ""
    return f"{base_url}/{path}{query}"


def random_filter_params(
    rng: random.Random, options: FilterOptions, path: str = ""
) -> dict[str, str]:
    """URL filters as a viewer might pick them: often none, else a period, maybe a theme too."""
    if rng.random() < NO_FILTER_SHARE_BY_PATH.get(path, NO_FILTER_SHARE):
        return {}
    first, second = (rng.randint(options.min_year, options.max_year) for _ in range(2))
    params = {"from": str(min(first, second)), "to": str(max(first, second))}
    if options.themes and rng.random() < 0.3:
        params["theme"] = rng.choice(sorted(options.themes))
    if options.initiatives and rng.random() < 0.3:
        params["initiative"] = rng.choice(sorted(options.initiatives))
    return params


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0–100), interpolated between the closest ranks, as numpy's default."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


# "1 event" is singular, on the page as in its title.
_LIST_COUNT = re.compile(r"(?:Showing the latest [\d,]+ of )?([\d,]+) events?(?:\.|$)")
_GANTT_COUNT = re.compile(r"(?:The latest [\d,]+ of )?([\d,]+) events?,")


def events_in_list(texts: Sequence[str]) -> int | None:
    """The total under "Every event": "29 events" or "Showing the latest 500 of 1,234 events."."""
    for text in texts:
        match = _LIST_COUNT.match(text.strip())
        if match:
            return int(match.group(1).replace(",", ""))
    return None


def events_in_gantt(title: str | None) -> int | None:
    """The total in the events Gantt's title: "29 events, 2013–2026; …"."""
    match = _GANTT_COUNT.match(title.strip()) if title else None
    return int(match.group(1).replace(",", "")) if match else None


def build_of(count: int, expected: Mapping[str, int]) -> tuple[str | None, str | None]:
    """The build showing `count` for the filters used: (label or EITHER, None), or (None, why)."""
    matching = [label for label, n in expected.items() if n == count]
    if not matching:
        shown = ", ".join(f"{label} {n}" for label, n in expected.items())
        return None, f"{count} events matches neither build ({shown})"
    return (matching[0] if len(matching) == 1 else EITHER), None


def check_events_page(
    list_count: int | None,
    gantt_count: int | None,
    no_events_note: bool,
    expected: Mapping[str, int],
) -> tuple[str | None, str | None]:
    """The events list and the Gantt title on one page must agree, and equal one build's count."""
    if list_count is None:
        return None, "no event count under 'Every event'"
    if gantt_count is None:
        if not (no_events_note and list_count == 0):
            return None, "no event count in the Gantt title"
        gantt_count = 0  # the filters leave no event: the note stands in for the chart
    if list_count != gantt_count:
        return None, f"the list says {list_count} events, the Gantt {gantt_count}: two builds"
    return build_of(list_count, expected)


def targets_met(
    errors: int, p95_s: float, single_user_median_s: float, rss_start: int, rss_after: int
) -> dict[str, bool]:
    """The three targets of the load test."""
    return {
        "no errors": errors == 0,
        "p95 under 3x the single-user median": p95_s < 3 * single_user_median_s,
        "RSS back within 20% of its start": rss_after <= 1.2 * rss_start,
    }
