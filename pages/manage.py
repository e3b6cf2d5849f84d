"""Editors only: import a CSV or XLSX file into one table, review it, confirm it; undo it."""

import streamlit as st

from dashboard.cached_queries import forget_connections
from dashboard.manage.editor_access import require_editor
from dashboard.manage.import_review import show_preview, show_problems
from dashboard.markdown_literal import record_markdown
from dashboard.ui.language_choice import current_translator
from dashboard.ui.sidebar_filters import page_links_only
from loaders.editing import NothingToUndo, ReviewOutdated, apply_import, undo_last_import
from loaders.import_history import last_import
from loaders.import_lock import ImportInProgress
from loaders.import_preview import preview_import, upload_sheets
from loaders.paths import default_data_dir, default_db_path
from loaders.problems import DataError
from loaders.table_specs import table_specs

REFUSED = (ImportInProgress, ReviewOutdated, NothingToUndo)
state = st.session_state

page_links_only()
tr = current_translator()
st.title(tr._("Manage the data"))
editor = require_editor()
data_dir, db_path = default_data_dir(), default_db_path()
if done := state.pop("_manage_done", None):
    st.success(record_markdown(done), icon="✅")

st.header(tr._("Import a file"))
table = st.selectbox(tr._("Table"), list(table_specs()), key="manage_table")
# The uploader's key changes after an import, which empties it for the next file. Its own
# "Drag and drop" and "Browse files" stay English: Streamlit offers no way to change them.
upload = st.file_uploader(
    tr._("A CSV or XLSX file (at most 10 MB)"),
    key=f"manage_upload_{state.get('_manage_imports', 0)}",
)
if upload is not None:
    content, name = upload.getvalue(), upload.name
    sheets = upload_sheets(content, name)
    sheet = None
    if len(sheets) > 1:
        sheet = st.selectbox(
            tr._("Sheet"), sheets, index=None, placeholder=tr._("Choose the sheet to import")
        )
    if sheet or len(sheets) <= 1:
        preview = preview_import(content, name, table, data_dir, sheet=sheet)
        show_preview(preview)
        reviewed = state.get("_manage_reviewed")  # what was on screen when the button was clicked
        state["_manage_reviewed"] = preview.token
        if preview.can_confirm and st.button(tr._("Confirm import"), type="primary"):
            try:
                imported = apply_import(
                    content,
                    name,
                    table,
                    data_dir,
                    db_path,
                    editor=editor,
                    sheet=sheet,
                    reviewed=reviewed,
                )
            except REFUSED as exc:
                st.error(record_markdown(str(exc)), icon="⏳")
            except DataError as exc:
                show_problems(exc.problems)
            else:
                forget_connections()  # every session reads the new build on its next run
                state["_manage_imports"] = state.get("_manage_imports", 0) + 1
                state["_manage_done"] = tr._(
                    "Imported {file} into {table}: {added} row(s) added, {changed} changed. "
                    "Every page shows the new data on its next interaction.",
                    file=name,
                    table=table,
                    added=tr.number(len(imported.added)),
                    changed=tr.number(len(imported.changed)),
                )
                st.rerun()

st.header(tr._("Undo"))
kept = last_import(data_dir)
if kept is None:
    st.text(tr._("There is no import to undo."))
else:
    last = kept.entry
    st.text(
        tr._(
            "Last import: {file} into {table} by {editor} at {time} ({added} added, "
            "{changed} changed).",
            file=last.file_name,
            table=last.table,
            editor=last.editor,
            time=last.at,
            added=tr.number(last.rows_added),
            changed=tr.number(last.rows_changed),
        )
    )
    if st.button(tr._("Undo last import")):
        try:
            undo_last_import(data_dir, db_path, editor=editor)
        except REFUSED as exc:
            st.error(record_markdown(str(exc)), icon="⏳")
        except DataError as exc:
            show_problems(exc.problems)
        else:
            forget_connections()
            state["_manage_done"] = tr._(
                "Undid the import of {file} into {table}.", file=last.file_name, table=last.table
            )
            st.rerun()
