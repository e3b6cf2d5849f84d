"""The three tabs of `/explore`, drawn: the table browser, the SQL console and data health.

The SQL lives in dashboard/queries (browse.py, data_health.py, schema.py), the console's checks
in sql_console.py; this file only binds widgets to the URL (`table`, `q`, `sql`) and renders.
Record text is only ever drawn by st.dataframe and st.text, never as Markdown or HTML.
"""

from __future__ import annotations

from datetime import date
from functools import partial

import pandas as pd
import streamlit as st

from dashboard.cached_queries import database_version, run_query
from dashboard.database_file import default_db_path
from dashboard.explore.console_cache import CONSOLE_RESULTS
from dashboard.explore.console_fetch import BYTE_CAP, CELL_CAP, CELL_CHARS, ROW_CAP
from dashboard.explore.download_notes import Notes, browse_notes, built_label, console_notes
from dashboard.explore.downloads import CSV_MIME, XLSX_MIME, csv_bytes, xlsx_bytes, xlsx_refusal
from dashboard.explore.sql_console import (
    MAX_SQL_CHARS,
    TIME_LIMIT_S,
    TOO_LONG,
    ConsoleResult,
    run_console_query,
)
from dashboard.explore.sql_examples import EXAMPLES
from dashboard.explore.sql_examples import PLACEHOLDER as SQL_PLACEHOLDER
from dashboard.filters import Filters
from dashboard.formatting import readable_table
from dashboard.markdown_literal import markdown_literal
from dashboard.queries.browsable_tables import DEFAULT_TABLE, TABLE_BY_KEY, TABLES
from dashboard.queries.browse import (
    browse_rows,
    filter_choices,
    link_columns,
    readable_rows,
    table_spec,
)
from dashboard.queries.data_health import (
    initiative_freshness,
    lower_bound_counts,
    partial_dates,
    records_without_source_url,
    uncited_sources,
    working_groups_missing_facts,
)
from dashboard.queries.overview import build_info, filter_options
from dashboard.queries.schema import table_schemas

TABS = ("Browse", "SQL console", "Data health")
_TABLE, _SEARCH, _SQL, _EXAMPLE = "explore_table", "explore_q", "explore_sql", "explore_example"


def _follow_url(param: str, key: str) -> str:
    """Before drawing widget `key`: take the URL's `param` if it changed outside the widget
    (a shared link, the back button); otherwise keep what the person chose."""
    url_value = st.query_params.get(param, "")
    seen = f"_url_{param}"
    if key not in st.session_state or st.session_state.get(seen) != url_value:
        st.session_state[key] = url_value
    st.session_state[seen] = url_value
    return url_value


def _write_url(param: str, value: str) -> None:
    if value and st.query_params.get(param) != value:
        st.query_params[param] = value
    elif not value and param in st.query_params:
        del st.query_params[param]
    st.session_state[f"_url_{param}"] = value


def explore_tabs() -> list:
    """The tabs, drawn lazily: only the open one runs. A link with `?sql=` opens the console."""
    first = st.session_state.setdefault(
        "_explore_first_tab", TABS[1] if st.query_params.get("sql") else TABS[0]
    )
    return st.tabs(list(TABS), key="explore_tab", on_change="rerun", default=first)


def _downloads(frame: pd.DataFrame, notes: Notes, name: str) -> None:
    # Built only when clicked, from exactly the frame on screen.
    buttons = st.container(horizontal=True)
    buttons.download_button(
        "Download CSV", partial(csv_bytes, frame), file_name=f"{name}.csv", mime=CSV_MIME,
        on_click="ignore", key=f"{name}-csv",
    )  # fmt: skip
    too_large = xlsx_refusal(frame)
    buttons.download_button(
        "Download XLSX", b"" if too_large else partial(xlsx_bytes, frame, notes),
        file_name=f"{name}.xlsx", mime=XLSX_MIME, on_click="ignore", key=f"{name}-xlsx",
        disabled=bool(too_large), help=too_large,
    )  # fmt: skip
    if too_large:
        st.text(too_large)


def _column_filters(key: str) -> dict[str, tuple[str, ...]]:
    spec, choices = table_spec(key), run_query(filter_choices, key)
    offered = [c for c in spec.columns if c.filter]
    chosen: dict[str, tuple[str, ...]] = {}
    for column, place in zip(offered, st.columns(len(offered)), strict=True):
        widget = f"explore_filter_{key}_{column.name}"
        if widget in st.session_state:  # a rebuilt database may have dropped a value
            st.session_state[widget] = [
                v for v in st.session_state[widget] if v in choices[column.name]
            ]
        values = place.multiselect(
            column.label, choices[column.name], key=widget, placeholder="Any"
        )
        chosen[column.name] = tuple(values)
    return chosen


def browse_tab(filters: Filters) -> None:
    """Pick a table, search it, filter its columns, sort it; see and download the rows."""
    notices = []
    asked = _follow_url("table", _TABLE)
    if asked not in TABLE_BY_KEY:
        if asked:
            notices.append(f"Ignored unknown table {markdown_literal(asked)}.")
        st.session_state[_TABLE] = DEFAULT_TABLE
    _follow_url("q", _SEARCH)
    pick, find, order, direction = st.columns([2, 4, 2, 1])
    key = pick.selectbox(
        "Table", [s.key for s in TABLES], key=_TABLE, format_func=lambda k: TABLE_BY_KEY[k].label
    )
    search = find.text_input(
        "Search the text columns", key=_SEARCH, placeholder="A word, a name or an id"
    ).strip()
    spec = table_spec(key)
    sortable = [c.name for c in spec.columns if c.kind != "link"]
    sort = order.selectbox(
        "Sort by", sortable, index=sortable.index(spec.sort), key=f"explore_sort_{key}",
        format_func=lambda name: spec.column(name).label,
    )  # fmt: skip
    descending = direction.toggle("Descending", value=True, key=f"explore_desc_{key}")
    _write_url("table", key)
    _write_url("q", search)
    for notice in notices:
        st.warning(notice, icon="⚠️")
    chosen = _column_filters(key)

    rows = run_query(browse_rows, key, filters, search, tuple(chosen.items()), sort, descending)
    total = int(rows["total"].iloc[0]) if len(rows) else 0
    shown = readable_rows(key, rows)
    if total > len(shown):
        st.text(
            f"Showing the first {len(shown):,} of {total:,} rows. Narrow the search or the "
            "filters to see the others; the downloads hold the rows shown."
        )
    else:
        st.text(f"{total:,} rows" if total != 1 else "1 row")
    st.text(f"Sidebar filters applied: {spec.filters_apply}")
    st.dataframe(
        shown,
        hide_index=True,
        column_config={label: st.column_config.LinkColumn(label) for label in link_columns(key)},
        key=f"explore_rows_{key}",
    )
    notes = browse_notes(
        spec, shown, total, filters=filters, options=run_query(filter_options), search=search,
        column_filters=chosen, sort=sort, descending=descending,
        built=built_label(run_query(build_info)),
    )  # fmt: skip
    _downloads(shown, notes, key)


def _console_result(sql: str) -> ConsoleResult:
    # Over-long text is refused before anything else looks at it, and is never kept: any
    # client's websocket can send text of megabytes, whatever the text area allows.
    if len(sql) > MAX_SQL_CHARS:
        return ConsoleResult(error=TOO_LONG, refused=True)
    # Keyed by the build too: a rebuilt database answers the same query afresh.
    with st.spinner("Running the query…"):
        return CONSOLE_RESULTS.get_or_run(
            sql, database_version(), partial(run_console_query, sql, default_db_path())
        )


def _use_example() -> None:
    name = st.session_state.get(_EXAMPLE)
    if name in EXAMPLES:
        st.session_state[_SQL] = EXAMPLES[name]
    st.session_state[_EXAMPLE] = None


def _console_output(sql: str) -> None:
    result = _console_result(sql)
    if result.refused:
        st.error("This query was not run.", icon=":material/block:")
    elif result.busy:
        st.warning("The SQL console is busy; try again in a moment.", icon=":material/hourglass:")
    elif result.timed_out:
        st.warning("The query took too long and was stopped.", icon=":material/timer_off:")
    elif result.out_of_memory:
        st.warning("The query needed too much memory and was stopped.", icon=":material/memory:")
    elif result.error:
        st.error("DuckDB could not run the query.", icon=":material/error:")
    if result.error:
        st.text(result.error)
        return
    count = f"{len(result.frame):,} rows" if len(result.frame) != 1 else "1 row"
    if result.truncated:
        st.warning(
            f"Truncated at the console's limit of {result.limit}: only the first "
            f"{len(result.frame):,} rows are shown and downloaded.",
            icon=":material/content_cut:",
        )
    if result.cells_cut:
        cells = "1 cell holds" if result.cells_cut == 1 else f"{result.cells_cut:,} cells hold"
        st.warning(
            f"{cells} more than {CELL_CHARS:,} characters: only the first {CELL_CHARS:,} are "
            "shown and downloaded, followed by “…”.",
            icon=":material/content_cut:",
        )
    st.text(count)
    st.dataframe(result.frame, hide_index=True, key="explore_console_rows")
    notes = console_notes(
        sql, result.frame, result.truncated, built_label(run_query(build_info)),
        limit=result.limit, cells_cut=result.cells_cut,
    )  # fmt: skip
    _downloads(result.frame, notes, "query")


def console_tab() -> None:
    """One read-only query, from the URL or typed here, beside the schema of every table."""
    query, schema = st.columns([3, 2])
    with query:
        st.selectbox(
            "Start from an example", list(EXAMPLES), index=None, key=_EXAMPLE,
            on_change=_use_example, placeholder="Pick an example query…",
        )  # fmt: skip
        if len(st.query_params.get("sql", "")) > MAX_SQL_CHARS:
            # Not loaded: the text area would cut it, and a cut query is another query.
            del st.query_params["sql"]
            st.warning(f"The link's query was not loaded. {TOO_LONG}", icon="⚠️")
        _follow_url("sql", _SQL)
        with st.form("explore_console", border=False):
            sql = st.text_area(
                "Read-only SQL (DuckDB)", key=_SQL, height=200, placeholder=SQL_PLACEHOLDER,
                max_chars=MAX_SQL_CHARS,
            )  # fmt: skip
            st.form_submit_button("Run", type="primary")
        sql = sql or ""
        _write_url("sql", sql if sql.strip() else "")
        st.text(
            "One SELECT, WITH … SELECT, DESCRIBE, SUMMARIZE or EXPLAIN. At most "
            f"{TIME_LIMIT_S:g} s, {ROW_CAP:,} rows, {CELL_CAP:,} cells and "
            f"{BYTE_CAP // 2**20} MB; text is cut at {CELL_CHARS:,} characters a cell. "
            f"A query is at most {MAX_SQL_CHARS:,} characters long. "
            "The query travels in the URL: copy the link to share it."
        )
        if sql.strip():
            _console_output(sql)
    with schema:
        st.header("Tables")
        st.dataframe(run_query(table_schemas), hide_index=True, height=560)


def _health_table(title: str, frame: pd.DataFrame, dates: dict[str, str] | None = None) -> None:
    st.header(title)
    total = int(frame["total"].iloc[0]) if len(frame) else 0
    if not total:
        st.text("None found.")
        return
    listed = f"; the first {len(frame):,} are listed" if total > len(frame) else ""
    st.text(f"{total:,} found{listed}.")
    shown = readable_table(frame.drop(columns=["total"]), dates or {})
    shown = shown.rename(columns=lambda c: c.replace("_", " ").capitalize())
    st.dataframe(
        shown,
        hide_index=True,
        column_order=["Link", *(c for c in shown.columns if c not in ("Link", "Id"))],
        column_config={
            "Link": st.column_config.LinkColumn("Open", display_text=r"[?&]q=([^&]*)$"),
        },
    )


def health_tab() -> None:
    """What the people who keep data/ up to date should look at next."""
    st.text("Over the whole database: the sidebar's filters do not apply here.")
    on_date, as_of = {"date": "precision"}, {"as_of": "as_of_precision"}
    freshness = run_query(initiative_freshness, date.today())
    _health_table("Time since each initiative's newest record", freshness, on_date)
    _health_table("Dates known only to the year or the month", run_query(partial_dates), on_date)
    _health_table("Counts that are lower bounds", run_query(lower_bound_counts), as_of)
    _health_table("Sources no record cites", run_query(uncited_sources))
    _health_table("Records whose source has no URL", run_query(records_without_source_url))
    _health_table(
        "Working groups with no status or no start date", run_query(working_groups_missing_facts)
    )
