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
from dashboard.language import N_
from dashboard.markdown_literal import markdown_literal
from dashboard.queries.browsable_tables import (
    DEFAULT_TABLE,
    TABLE_BY_KEY,
    TABLES,
    TRANSLATED_VALUES,
)
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
from dashboard.ui.language_choice import current_translator

TABS = (N_("Browse"), N_("SQL console"), N_("Data health"))
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
    tr = current_translator()
    labels = [tr._(tab) for tab in TABS]
    state = st.session_state
    first = state.setdefault("_explore_first_tab", 1 if st.query_params.get("sql") else 0)
    # The open tab is kept by its label; after a change of language, the same tab by position.
    if state.get("explore_tab") is not None and state["explore_tab"] not in labels:
        state["explore_tab"] = labels[state.get("_explore_tab_index", first)]
    tabs = st.tabs(labels, key="explore_tab", on_change="rerun", default=labels[first])
    if state.get("explore_tab") in labels:
        state["_explore_tab_index"] = labels.index(state["explore_tab"])
    return tabs


def _downloads(frame: pd.DataFrame, notes: Notes, name: str) -> None:
    # Built only when clicked, from exactly the frame on screen.
    tr = current_translator()
    buttons = st.container(horizontal=True)
    buttons.download_button(
        tr._("Download CSV"), partial(csv_bytes, frame), file_name=f"{name}.csv", mime=CSV_MIME,
        on_click="ignore", key=f"{name}-csv",
    )  # fmt: skip
    too_large = xlsx_refusal(frame, tr)
    buttons.download_button(
        tr._("Download XLSX"), b"" if too_large else partial(xlsx_bytes, frame, notes, tr=tr),
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
        tr = current_translator()
        values = place.multiselect(
            tr._(column.label),
            choices[column.name],
            key=widget,
            placeholder=tr._("Any"),
            format_func=lambda value: tr._(value) if value in TRANSLATED_VALUES else value,
        )
        chosen[column.name] = tuple(values)
    return chosen


def browse_tab(filters: Filters) -> None:
    """Pick a table, search it, filter its columns, sort it; see and download the rows."""
    notices = []
    tr = current_translator()
    asked = _follow_url("table", _TABLE)
    if asked not in TABLE_BY_KEY:
        if asked:
            notices.append(tr._("Ignored unknown table {table}.", table=markdown_literal(asked)))
        st.session_state[_TABLE] = DEFAULT_TABLE
    _follow_url("q", _SEARCH)
    pick, find, order, direction = st.columns([2, 4, 2, 1])
    key = pick.selectbox(
        tr._("Table"),
        [s.key for s in TABLES],
        key=_TABLE,
        format_func=lambda k: tr._(TABLE_BY_KEY[k].label),
    )
    search = find.text_input(
        tr._("Search the text columns"), key=_SEARCH, placeholder=tr._("A word, a name or an id")
    ).strip()
    spec = table_spec(key)
    sortable = [c.name for c in spec.columns if c.kind != "link"]
    sort = order.selectbox(
        tr._("Sort by"), sortable, index=sortable.index(spec.sort), key=f"explore_sort_{key}",
        format_func=lambda name: tr._(spec.column(name).label),
    )  # fmt: skip
    descending = direction.toggle(tr._("Descending"), value=True, key=f"explore_desc_{key}")
    _write_url("table", key)
    _write_url("q", search)
    for notice in notices:
        st.warning(notice, icon="⚠️")
    chosen = _column_filters(key)

    rows = run_query(browse_rows, key, filters, search, tuple(chosen.items()), sort, descending)
    total = int(rows["total"].iloc[0]) if len(rows) else 0
    # Headers in the run's language, on screen and in the downloads alike.
    shown = readable_rows(key, rows, tr).rename(columns=tr._)
    for column in shown.columns[shown.isin(TRANSLATED_VALUES).any()]:
        shown[column] = [tr._(v) if v in TRANSLATED_VALUES else v for v in shown[column]]
    if total > len(shown):
        st.text(
            tr.ngettext(
                "Showing the first {shown} of {n} row. Narrow the search or the filters to see "
                "the others; the downloads hold the rows shown.",
                "Showing the first {shown} of {n} rows. Narrow the search or the filters to see "
                "the others; the downloads hold the rows shown.",
                total,
                shown=tr.number(len(shown)),
            )
        )
    else:
        st.text(tr.ngettext("{n} row", "{n} rows", total))
    st.text(tr._("Sidebar filters applied: {how}", how=tr._(spec.filters_apply)))
    links = [tr._(label) for label in link_columns(key)]
    st.dataframe(
        shown,
        hide_index=True,
        column_config={label: st.column_config.LinkColumn(label) for label in links},
        key=f"explore_rows_{key}",
    )
    notes = browse_notes(
        spec, shown, total, filters=filters, options=run_query(filter_options), search=search,
        column_filters=chosen, sort=sort, descending=descending,
        built=built_label(run_query(build_info), tr), tr=tr,
    )  # fmt: skip
    _downloads(shown, notes, key)


def _console_result(sql: str) -> ConsoleResult:
    # Over-long text is refused before anything else looks at it, and is never kept: any
    # client's websocket can send text of megabytes, whatever the text area allows.
    if len(sql) > MAX_SQL_CHARS:
        return ConsoleResult(error=TOO_LONG, refused=True)
    # Keyed by the build too: a rebuilt database answers the same query afresh.
    with st.spinner(current_translator()._("Running the query…")):
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
    tr = current_translator()
    if result.refused:
        st.error(tr._("This query was not run."), icon=":material/block:")
    elif result.busy:
        st.warning(
            tr._("The SQL console is busy; try again in a moment."), icon=":material/hourglass:"
        )
    elif result.timed_out:
        st.warning(tr._("The query took too long and was stopped."), icon=":material/timer_off:")
    elif result.out_of_memory:
        st.warning(
            tr._("The query needed too much memory and was stopped."), icon=":material/memory:"
        )
    elif result.error:
        st.error(tr._("DuckDB could not run the query."), icon=":material/error:")
    if result.error:
        # The checker's and DuckDB's own words about the SQL stay English (see the README).
        st.text(result.error)
        return
    rows = len(result.frame)
    if result.truncated:
        st.warning(
            tr.ngettext(
                "Truncated at the console's limit of {limit}: only the first {n} row is shown "
                "and downloaded.",
                "Truncated at the console's limit of {limit}: only the first {n} rows are shown "
                "and downloaded.",
                rows,
                limit=result.limit,
            ),
            icon=":material/content_cut:",
        )
    if result.cells_cut:
        st.warning(
            tr.ngettext(
                "{n} cell holds more than {chars} characters: only the first {chars} are shown "
                "and downloaded, followed by “…”.",
                "{n} cells hold more than {chars} characters: only the first {chars} are shown "
                "and downloaded, followed by “…”.",
                result.cells_cut,
                chars=tr.number(CELL_CHARS),
            ),
            icon=":material/content_cut:",
        )
    st.text(tr.ngettext("{n} row", "{n} rows", rows))
    st.dataframe(result.frame, hide_index=True, key="explore_console_rows")
    notes = console_notes(
        sql, result.frame, result.truncated, built_label(run_query(build_info), tr),
        limit=result.limit, cells_cut=result.cells_cut, tr=tr,
    )  # fmt: skip
    _downloads(result.frame, notes, "query")


def console_tab() -> None:
    """One read-only query, from the URL or typed here, beside the schema of every table."""
    query, schema = st.columns([3, 2])
    tr = current_translator()
    with query:
        st.selectbox(
            tr._("Start from an example"), list(EXAMPLES), index=None, key=_EXAMPLE,
            on_change=_use_example, placeholder=tr._("Pick an example query…"),
            format_func=tr._,
        )  # fmt: skip
        if len(st.query_params.get("sql", "")) > MAX_SQL_CHARS:
            # Not loaded: the text area would cut it, and a cut query is another query.
            del st.query_params["sql"]
            st.warning(
                tr._(
                    "The link's query was not loaded. A query is at most {chars} characters long.",
                    chars=tr.number(MAX_SQL_CHARS),
                ),
                icon="⚠️",
            )
        _follow_url("sql", _SQL)
        with st.form("explore_console", border=False):
            sql = st.text_area(
                tr._("Read-only SQL (DuckDB)"), key=_SQL, height=200,
                placeholder=SQL_PLACEHOLDER, max_chars=MAX_SQL_CHARS,
            )  # fmt: skip
            st.form_submit_button(tr._("Run"), type="primary")
        sql = sql or ""
        _write_url("sql", sql if sql.strip() else "")
        st.text(
            tr._(
                "One SELECT, WITH … SELECT, DESCRIBE, SUMMARIZE or EXPLAIN. At most {seconds} s, "
                "{rows} rows, {cells} cells and {megabytes} MB; text is cut at {chars} characters "
                "a cell. A query is at most {query_chars} characters long. The query travels in "
                "the URL: copy the link to share it.",
                seconds=tr.number(TIME_LIMIT_S),
                rows=tr.number(ROW_CAP),
                cells=tr.number(CELL_CAP),
                megabytes=tr.number(BYTE_CAP // 2**20),
                chars=tr.number(CELL_CHARS),
                query_chars=tr.number(MAX_SQL_CHARS),
            )
        )
        if sql.strip():
            _console_output(sql)
    with schema:
        st.header(tr._("Tables"))
        st.dataframe(
            run_query(table_schemas),
            hide_index=True,
            height=560,
            column_config={
                "table": tr._("Table"),
                "column": tr._("Column"),
                "type": tr.pgettext("SQL column type", "Type"),
            },
        )


def _health_table(title: str, frame: pd.DataFrame, dates: dict[str, str] | None = None) -> None:
    tr = current_translator()
    st.header(tr._(title))
    total = int(frame["total"].iloc[0]) if len(frame) else 0
    if not total:
        st.text(tr._("None found."))
        return
    if total > len(frame):
        st.text(
            tr.ngettext(
                "{n} found; the first {listed} are listed.",
                "{n} found; the first {listed} are listed.",
                total,
                listed=tr.number(len(frame)),
            )
        )
    else:
        st.text(tr.ngettext("{n} found.", "{n} found.", total))
    shown = readable_table(frame.drop(columns=["total"]), dates or {}, tr)
    if "date_column" in shown:  # a browse view's column label, not record text
        shown["date_column"] = [tr._(label) for label in shown["date_column"]]
    headings = {c: tr._(HEALTH_COLUMNS.get(c, c.replace("_", " ").capitalize())) for c in shown}
    st.dataframe(
        shown.drop(columns=["id"], errors="ignore"),
        hide_index=True,
        column_order=["link", *(c for c in shown.columns if c not in ("link", "id"))],
        column_config={
            **headings,
            "link": st.column_config.LinkColumn(tr._("Open"), display_text=r"[?&]q=([^&]*)$"),
        },
    )


# The health queries' columns, as headed on screen (marked for the catalogue).
HEALTH_COLUMNS = {
    "initiative": N_("Initiative"),
    "date": N_("Date"),
    "record": N_("Record"),
    "name": N_("Name"),
    "days_since": N_("Days since"),
    "table": N_("Table"),
    "column": N_("Column"),
    "metric": N_("Metric"),
    "value": N_("Value"),
    "as_of": N_("As of"),
    "title": N_("Title"),
    "publisher": N_("Publisher"),
    "status": N_("Status"),
    "started_on": N_("Started"),
    "code": N_("Code"),
    "source": N_("Source"),
    "url": N_("Link"),
    "kind": N_("Kind"),
    "missing": N_("Missing"),
    "id": N_("ID"),
    "link": N_("Link"),
    "date_column": N_("Date column"),
    "source_id": N_("Source id"),
    "initiative_id": N_("Initiative id"),
    "label": N_("Label"),
}
HEALTH_TABLES = (
    N_("Time since each initiative's newest record"),
    N_("Dates known only to the year or the month"),
    N_("Counts that are lower bounds"),
    N_("Sources no record cites"),
    N_("Records whose source has no URL"),
    N_("Working groups with no status or no start date"),
)


def health_tab() -> None:
    """What the people who keep data/ up to date should look at next."""
    st.text(
        current_translator()._("Over the whole database: the sidebar's filters do not apply here.")
    )
    on_date, as_of = {"date": "precision"}, {"as_of": "as_of_precision"}
    freshness = run_query(initiative_freshness, date.today())
    _health_table(HEALTH_TABLES[0], freshness, on_date)
    _health_table(HEALTH_TABLES[1], run_query(partial_dates), on_date)
    _health_table(HEALTH_TABLES[2], run_query(lower_bound_counts), as_of)
    _health_table(HEALTH_TABLES[3], run_query(uncited_sources))
    _health_table(HEALTH_TABLES[4], run_query(records_without_source_url))
    _health_table(HEALTH_TABLES[5], run_query(working_groups_missing_facts))
