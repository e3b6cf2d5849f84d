"""Counts of records per year, group or initiative, as bars; and the working-group sunburst."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from dashboard.charts.common import plain, styled
from dashboard.colours import category_marks
from dashboard.formatting import year_span
from dashboard.language import ENGLISH, N_, Translator

# What dashboard/queries/working_groups.py names a working group outside any thematic group,
# and the thematic groups past the largest ones, marked for the catalogue.
NO_THEMATIC_GROUP = N_("(no thematic group)")
OTHER_THEMATIC_GROUPS = N_("Other thematic groups")
QUERY_GROUP_NAMES = frozenset({NO_THEMATIC_GROUP, OTHER_THEMATIC_GROUPS})


def group_name(name: object, tr: Translator = ENGLISH) -> str:
    """A category's name for a label: the query's own words translated, record text escaped."""
    return tr._(name) if name in QUERY_GROUP_NAMES else plain(name)


def _stacked_per_year(
    frame: pd.DataFrame, value: str, stack: str, title: str, tr: Translator
) -> go.Figure:
    fig = go.Figure()
    groups = list(frame.groupby(stack, sort=True))
    # Past the palette's six colours a colour repeats, with a hatching to tell it apart.
    for mark, (name, group) in zip(category_marks(len(groups)), groups, strict=True):
        fig.add_trace(
            go.Bar(
                x=group["year"],
                y=group[value],
                name=group_name(name, tr),
                marker={"color": mark.colour, "pattern": {"shape": mark.pattern}},
                hovertemplate=f"{group_name(name, tr)}<br>%{{x}}: %{{y}}<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(dtick=1, tickformat="d")
    return styled(fig, title, tr=tr)


def _busiest(frame: pd.DataFrame, value: str) -> tuple[int, int]:
    per_year = frame.groupby("year")[value].sum()
    best = per_year[per_year == per_year.max()].index.max()
    return int(best), int(per_year[best])


def releases_per_year_chart(frame: pd.DataFrame, *, tr: Translator = ENGLISH) -> go.Figure:
    total = int(frame["releases"].sum())
    year, count = _busiest(frame, "releases")
    title = tr.ngettext(
        "{n} release, {years}; the most in {year} ({count})",
        "{n} releases, {years}; the most in {year} ({count})",
        total,
        years=year_span(frame["year"].min(), frame["year"].max()),
        year=year,
        count=tr.number(count),
    )
    return _stacked_per_year(frame, "releases", "kind", title, tr)


def working_groups_per_year_chart(frame: pd.DataFrame, *, tr: Translator = ENGLISH) -> go.Figure:
    year, count = _busiest(frame, "working_groups")
    title = tr.ngettext(
        "{n} working group launched in {year}, the most of any year",
        "{n} working groups launched in {year}, the most of any year",
        count,
        year=year,
    )
    return _stacked_per_year(frame, "working_groups", "thematic_group", title, tr)


def releases_per_initiative_chart(
    frame: pd.DataFrame, colours: Mapping[str, str], *, tr: Translator = ENGLISH
) -> go.Figure:
    top = frame.iloc[0]
    title = tr._(
        "{initiative} issued the most releases: {count} of {total}",
        initiative=top["initiative"],
        count=tr.number(int(top["releases"])),
        total=tr.number(int(frame["releases"].sum())),
    )
    fig = go.Figure(
        go.Bar(
            x=frame["releases"],
            y=frame["initiative"].map(plain),
            orientation="h",
            marker_color=[colours.get(i, "#999999") for i in frame["initiative_id"]],
            hovertemplate=tr._("{initiative}: {count} releases", initiative="%{y}", count="%{x}")
            + "<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    return styled(fig, title, height=max(260, 60 * len(frame) + 120), tr=tr)


def working_group_sunburst(
    hierarchy: pd.DataFrame, colours: Mapping[str, str], *, tr: Translator = ENGLISH
) -> go.Figure:
    """Initiative → thematic group → working group (or only the groups' counts, when many)."""
    leaves = hierarchy["working_group"].notna().all()
    frame = hierarchy.assign(
        initiative=hierarchy["initiative"].map(plain),
        thematic_group=hierarchy["thematic_group"].map(lambda group: group_name(group, tr)),
        working_group=hierarchy["working_group"].map(plain),
    )
    named = {
        plain(n): colours.get(i, "#999999")
        for i, n in zip(hierarchy["initiative_id"], hierarchy["initiative"], strict=True)
    }
    fig = px.sunburst(
        frame,
        path=["initiative", "thematic_group", "working_group"]
        if leaves
        else ["initiative", "thematic_group"],
        values="working_groups",
        color="initiative",
        color_discrete_map=named,
    )
    fig.update_traces(
        hovertemplate="%{label}<br>"
        + tr._("{count} working group(s)", count="%{value}")
        + "<extra></extra>"
    )
    # A row may stand for several thematic groups ("Other thematic groups", `thematic_groups`).
    placed = hierarchy[hierarchy["thematic_group"] != NO_THEMATIC_GROUP]
    per_group = (
        placed.groupby(["initiative_id", "thematic_group"])["thematic_groups"].first()
        if "thematic_groups" in placed
        else placed.groupby(["initiative_id", "thematic_group"]).size().clip(upper=1)
    )
    # Three counts, three plural rules: each part is its own message.
    title = tr._(
        "{working_groups} in {thematic_groups} across {initiatives}",
        working_groups=tr.ngettext(
            "{n} working group", "{n} working groups", int(hierarchy["working_groups"].sum())
        ),
        thematic_groups=tr.ngettext(
            "{n} thematic group", "{n} thematic groups", int(per_group.sum())
        ),
        initiatives=tr.ngettext(
            "{n} initiative", "{n} initiatives", hierarchy["initiative_id"].nunique()
        ),
    )
    return styled(fig, title, height=520, tr=tr)
