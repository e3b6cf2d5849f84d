"""The global filters (years, themes, initiatives) and their round trip through the URL.

Pure functions: `app.py` binds them to the sidebar widgets and `st.query_params`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from dashboard.language import ENGLISH, Translator
from dashboard.markdown_literal import markdown_literal


@dataclass(frozen=True)
class FilterOptions:
    """What the filters can choose from, read from the database."""

    min_year: int
    max_year: int
    themes: Mapping[str, str] = field(default_factory=dict)  # id -> name
    initiatives: Mapping[str, str] = field(default_factory=dict)  # id -> short name


@dataclass(frozen=True)
class Filters:
    year_from: int
    year_to: int
    themes: tuple[str, ...] = ()  # empty: every theme
    initiatives: tuple[str, ...] = ()  # empty: every initiative

    @classmethod
    def everything(cls, options: FilterOptions) -> Filters:
        return cls(options.min_year, options.max_year)

    def as_params(self) -> dict[str, object]:
        """The named parameters every query binds, in DuckDB's types."""
        return {
            "year_from": self.year_from,
            "year_to": self.year_to,
            "themes": list(self.themes),
            "initiatives": list(self.initiatives),
        }


def _values(params: Mapping[str, Sequence[str]], name: str) -> list[str]:
    """A parameter given repeated (`?theme=a&theme=b`) or comma-separated (`?theme=a,b`)."""
    raw = params.get(name) or []
    if isinstance(raw, str):
        raw = [raw]
    return [part.strip() for value in raw for part in value.split(",") if part.strip()]


def _year(
    params: Mapping[str, Sequence[str]],
    name: str,
    options: FilterOptions,
    notices: list[str],
    tr: Translator,
) -> int | None:
    values = _values(params, name)
    if not values:
        return None
    text = values[-1]
    try:
        year = int(text)
    except ValueError:
        notices.append(
            tr._("Ignored {parameter}: not a year.", parameter=markdown_literal(f"{name}={text}"))
        )
        return None
    if not options.min_year <= year <= options.max_year:
        notices.append(
            tr._(
                "Ignored {parameter}: the data covers {first}–{last}.",
                parameter=f"`{name}={year}`",
                first=options.min_year,
                last=options.max_year,
            )
        )
        return None
    return year


def _known(
    params: Mapping[str, Sequence[str]],
    name: str,
    known: Mapping[str, str],
    notices: list[str],
    tr: Translator,
) -> tuple[str, ...]:
    chosen: list[str] = []
    for value in _values(params, name):
        if value not in known:
            notices.append(
                tr._(
                    # Translators: {parameter} is the URL parameter's name (theme, initiative).
                    "Ignored unknown {parameter} {value}.",
                    parameter=name,
                    value=markdown_literal(value),
                )
            )
        elif value not in chosen:
            chosen.append(value)
    return tuple(chosen)


def parse_filters(
    params: Mapping[str, Sequence[str]], options: FilterOptions, tr: Translator = ENGLISH
) -> tuple[Filters, list[str]]:
    """Filters from URL query parameters, and a notice for everything ignored."""
    notices: list[str] = []
    year_from = _year(params, "from", options, notices, tr)
    year_to = _year(params, "to", options, notices, tr)
    if year_from is not None and year_to is not None and year_from > year_to:
        notices.append(
            tr._(
                "Ignored {first} and {second}: from is after to.",
                first=f"`from={year_from}`",
                second=f"`to={year_to}`",
            )
        )
        year_from = year_to = None
    filters = Filters(
        year_from if year_from is not None else options.min_year,
        year_to if year_to is not None else options.max_year,
        _known(params, "theme", options.themes, notices, tr),
        _known(params, "initiative", options.initiatives, notices, tr),
    )
    return filters, notices


def to_query_params(filters: Filters, options: FilterOptions) -> dict[str, str]:
    """The URL parameters that reproduce `filters`; filters left at "everything" are left out."""
    params: dict[str, str] = {}
    if (filters.year_from, filters.year_to) != (options.min_year, options.max_year):
        # Both ends, so a shared link keeps its period when later years are added to the data.
        params["from"] = str(filters.year_from)
        params["to"] = str(filters.year_to)
    if filters.themes:
        params["theme"] = ",".join(filters.themes)
    if filters.initiatives:
        params["initiative"] = ",".join(filters.initiatives)
    return params


FILTER_PARAMS = ("from", "to", "theme", "initiative")
