"""The dashboard's five pages as a person reaches them: URL path, heading and chart count."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DashboardPage:
    name: str  # also the screenshot's file name
    path: str
    heading: str
    nav_label: str
    charts: int  # Plotly charts drawn with no filters, when every chart has data


PAGES = (
    DashboardPage("overview", "/", "Programme overview", "Overview", 1),
    DashboardPage("partners", "/partners", "Partners and reach", "Partners", 3),
    DashboardPage("working-groups", "/working-groups", "Working groups", "Working groups", 2),
    DashboardPage("events", "/events", "Events", "Events", 2),
    DashboardPage("releases", "/releases", "Releases", "Releases", 2),
)
PAGE_BY_NAME = {page.name: page for page in PAGES}
PAGE_BY_LABEL = {page.nav_label: page for page in PAGES}
