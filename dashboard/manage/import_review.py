"""Drawing an import's preview for the editor: rows to add, changes to existing records with
each changed cell highlighted, and rejected rows with their line, column and reason.

It reads the preview by shape (the Protocols below), so the read side needs no import of the
loaders; `pages/manage.py` passes `loaders.import_preview.ImportPreview` values in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from dashboard.ui.language_choice import current_translator

CHANGED_CELL = "background-color: rgba(255, 193, 7, 0.35)"
ARROW = " → "


class ProblemLike(Protocol):
    path: str
    line: int | None
    column: str | None
    message: str


class AddedLike(Protocol):
    line: int
    cells: Mapping[str, str]


class ChangedLike(Protocol):
    line: int
    before: Mapping[str, str]
    after: Mapping[str, str]
    changed_columns: Sequence[str]


class PreviewLike(Protocol):
    table: str
    file_name: str
    columns: Sequence[str]
    added: Sequence[AddedLike]
    changed: Sequence[ChangedLike]
    unchanged: int
    problems: Sequence[ProblemLike]


def added_rows_frame(columns: Sequence[str], added: Sequence[AddedLike]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"line": row.line, **{c: row.cells[c] for c in columns}} for row in added],
        columns=["line", *columns],
    )


def changed_rows_frame(columns: Sequence[str], changed: Sequence[ChangedLike]) -> pd.DataFrame:
    """One line per changed record; a changed cell reads `old → new`."""
    rows = []
    for change in changed:
        cells = {
            c: f"{change.before[c]}{ARROW}{change.after[c]}"
            if c in change.changed_columns
            else change.after[c]
            for c in columns
        }
        rows.append({"line": change.line, "changes": ", ".join(change.changed_columns), **cells})
    return pd.DataFrame(rows, columns=["line", "changes", *columns])


def highlight_changes(frame: pd.DataFrame, changed: Sequence[ChangedLike]) -> Styler:
    def colours(_: pd.DataFrame) -> pd.DataFrame:
        css = pd.DataFrame("", index=frame.index, columns=frame.columns)
        for position, change in enumerate(changed):
            for column in change.changed_columns:
                css.iloc[position, css.columns.get_loc(column)] = CHANGED_CELL
        return css

    return frame.style.apply(colours, axis=None)


def problems_frame(problems: Iterable[ProblemLike]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"file": p.path, "line": p.line, "column": p.column or "", "reason": p.message}
            for p in problems
        ],
        columns=["file", "line", "column", "reason"],
    ).astype({"line": "Int64"})


def show_problems(problems: Sequence[ProblemLike]) -> None:
    tr = current_translator()
    st.error(
        tr.ngettext(
            "The file cannot be imported: {n} problem. Nothing was changed; fix the file and "
            "upload it again.",
            "The file cannot be imported: {n} problems. Nothing was changed; fix the file and "
            "upload it again.",
            len(problems),
        ),
        icon="🛑",
    )
    # The validator's reasons come from loaders/ and stay English (see the README).
    st.dataframe(
        problems_frame(problems),
        hide_index=True,
        column_config={
            "file": tr._("File"),
            "line": tr._("Line"),
            "column": tr._("Column"),
            "reason": tr._("Reason"),
        },
    )


def show_preview(preview: PreviewLike) -> None:
    # st.text, not st.markdown: the file name comes from the editor's computer.
    tr = current_translator()
    st.text(
        tr._(
            "{file} → {table}: {added} row(s) to add, {changed} to change, {unchanged} "
            "unchanged (skipped), {problems} problem(s).",
            file=preview.file_name,
            table=preview.table,
            added=tr.number(len(preview.added)),
            changed=tr.number(len(preview.changed)),
            unchanged=tr.number(preview.unchanged),
            problems=tr.number(len(preview.problems)),
        )
    )
    if preview.problems:
        show_problems(preview.problems)
    labels = {"line": tr._("Line"), "changes": tr._("Changes")}
    if preview.added:
        st.header(tr._("Rows to add"))
        st.dataframe(
            added_rows_frame(preview.columns, preview.added),
            hide_index=True,
            column_config=labels,
        )
    if preview.changed:
        st.header(tr._("Rows that change an existing record"))
        st.text(
            tr._(
                "An upload row whose id exists replaces that record; changed cells read old → new."
            )
        )
        frame = changed_rows_frame(preview.columns, preview.changed)
        st.dataframe(
            highlight_changes(frame, preview.changed), hide_index=True, column_config=labels
        )
    if not preview.problems and not (preview.added or preview.changed):
        st.info(
            tr._(
                "Nothing to import: every row of the file is already in {table}.",
                table=preview.table,
            )
        )
