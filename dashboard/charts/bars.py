"""Counts of records per year, group or initiative, as bars; and the working-group sunburst."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from dashboard.charts.common import plain, styled
from dashboard.colours import category_marks
from dashboard.formatting import plural, year_span


def _stacked_per_year(frame: pd.DataFrame, value: str, stack: str, title: str) -> go.Figure:
    fig = go.Figure()
    groups = list(frame.groupby(stack, sort=True))
    # Past the palette's six colours a colour repeats, with a hatching to tell it apart.
    for mark, (name, group) in zip(category_marks(len(groups)), groups, strict=True):
        fig.add_trace(
            go.Bar(
                x=group["year"],
                y=group[value],
                name=plain(name),
                marker={"color": mark.colour, "pattern": {"shape": mark.pattern}},
                hovertemplate=f"{plain(name)}<br>%{{x}}: %{{y}}<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(dtick=1, tickformat="d")
    return styled(fig, title)


def _busiest(frame: pd.DataFrame, value: str) -> tuple[int, int]:
    per_year = frame.groupby("year")[value].sum()
    best = per_year[per_year == per_year.max()].index.max()
    return int(best), int(per_year[best])


def releases_per_year_chart(frame: pd.DataFrame) -> go.Figure:
    total = int(frame["releases"].sum())
    year, count = _busiest(frame, "releases")
    title = (
        f"{total} releases, {year_span(frame['year'].min(), frame['year'].max())}; "
        f"the most in {year} ({count})"
    )
    return _stacked_per_year(frame, "releases", "kind", title)


def working_groups_per_year_chart(frame: pd.DataFrame) -> go.Figure:
    year, count = _busiest(frame, "working_groups")
    title = f"{plural(count, 'working group')} launched in {year}, the most of any year"
    return _stacked_per_year(frame, "working_groups", "thematic_group", title)


def releases_per_initiative_chart(frame: pd.DataFrame, colours: Mapping[str, str]) -> go.Figure:
    top = frame.iloc[0]
    title = (
        f"{top['initiative']} issued the most releases: {int(top['releases'])} of "
        f"{int(frame['releases'].sum())}"
    )
    fig = go.Figure(
        go.Bar(
            x=frame["releases"],
            y=frame["initiative"].map(plain),
            orientation="h",
            marker_color=[colours.get(i, "#999999") for i in frame["initiative_id"]],
            hovertemplate="%{y}: %{x} releases<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    return styled(fig, title, height=max(260, 60 * len(frame) + 120))


def working_group_sunburst(hierarchy: pd.DataFrame, colours: Mapping[str, str]) -> go.Figure:
    """Initiative → thematic group → working group (or only the groups' counts, when many)."""
    leaves = hierarchy["working_group"].notna().all()
    frame = hierarchy.assign(
        initiative=hierarchy["initiative"].map(plain),
        thematic_group=hierarchy["thematic_group"].map(plain),
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
    fig.update_traces(hovertemplate="%{label}<br>%{value} working group(s)<extra></extra>")
    # A row may stand for several thematic groups ("Other thematic groups", `thematic_groups`).
    placed = hierarchy[hierarchy["thematic_group"] != "(no thematic group)"]
    per_group = (
        placed.groupby(["initiative_id", "thematic_group"])["thematic_groups"].first()
        if "thematic_groups" in placed
        else placed.groupby(["initiative_id", "thematic_group"]).size().clip(upper=1)
    )
    title = (
        f"{plural(int(hierarchy['working_groups'].sum()), 'working group')} in "
        f"{plural(int(per_group.sum()), 'thematic group')} across "
        f"{plural(hierarchy['initiative_id'].nunique(), 'initiative')}"
    )
    return styled(fig, title, height=520)
