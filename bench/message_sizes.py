"""The largest websocket messages the app sends and receives: what `server.maxMessageSize`
must allow. `python -m bench.message_sizes [--scale 1000000]` writes bench/message-sizes.json.

`server.maxMessageSize` caps both directions: a message the server would send past it is
replaced by an error, and a client's message past it closes the connection. Measured here:
- every page, and every browsable table of /explore at its 10,000 rows, on synthetic data of
  `--scale` records, through the real protocol (bench/streamlit_protocol.py);
- console results at each budget (10 MB of text, 1,000,000 short cells, 1,000,000 numbers);
- /manage's preview of a 10 MB upload (the most rows an upload can hold), as the Arrow bytes
  Streamlit sends for its table: uploads themselves travel by HTTP, not the websocket;
- the largest message a viewer legitimately sends: a rerun carrying a 20,000-character query
  of 4-byte characters in both the URL and the text area.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path
from urllib.parse import quote, urlencode

from streamlit.dataframe_util import convert_anything_to_arrow_bytes
from streamlit.proto.BackMsg_pb2 import BackMsg

from bench.streamlit_protocol import run_pages
from bench.streamlit_server import REPO, streamlit_server
from bench.synthetic import generate
from dashboard.explore.sql_console import MAX_SQL_CHARS
from dashboard.manage.import_review import added_rows_frame
from dashboard.queries.browsable_tables import TABLES
from loaders.import_preview import preview_import

MB = 2**20
PAGES = ["", "partners", "working-groups", "events", "releases", "present"]
CONSOLE = {
    "10 MB of text": "SELECT repeat('x', 19000) AS t FROM range(10000)",
    "1,000,000 short text cells": "SELECT "
    + ", ".join(f"'x' AS c{i}" for i in range(100))
    + " FROM range(10000)",
    "1,000,000 numbers": "SELECT "
    + ", ".join(f"range AS n{i}" for i in range(100))
    + " FROM range(10000)",
}


def page_messages(db: Path) -> dict[str, int]:
    pages = [(f"/{page}", [(page, "")]) for page in PAGES]
    pages += [(f"/explore?table={s.key}", [("explore", f"table={s.key}")]) for s in TABLES]
    # A session of its own for each query: a link with ?sql= opens the console only as the
    # session's first view of /explore.
    pages += [
        (f"/explore console: {name}", [("explore", urlencode({"sql": sql}, quote_via=quote))])
        for name, sql in CONSOLE.items()
    ]
    largest = {}
    with streamlit_server("app.py", {"PROGRAMME_DB": str(db)}) as (url, _):
        for name, asked in pages:
            (run,), _ = run_pages(url, asked)
            if run.status != "finished" or run.exceptions:
                raise SystemExit(f"{name}: {run.status} {run.exceptions}")
            stopped = [t for t in run.texts if t.startswith("Stopped")]
            largest[name + (" (stopped at the time limit)" if stopped else "")] = (
                run.largest_message
            )
    return largest


def manage_preview_bytes(work: Path) -> int:
    """The Arrow bytes of /manage's "Rows to add" table for a 10 MB events file."""
    header = (REPO / "data" / "events.csv").read_text().splitlines()[0]
    row = "e{i},n,meeting,2025,,,false,u4ssc,,,,{source}\n"
    source = (REPO / "data" / "sources.csv").read_text().splitlines()[1].split(",")[0]
    lines, size, i = [header + "\n"], len(header) + 1, 0
    while True:
        line = row.format(i=i, source=source)
        if size + len(line) > 10 * 2**20 - 1:
            break
        lines.append(line)
        size += len(line)
        i += 1
    content = "".join(lines).encode()
    preview = preview_import(content, "largest.csv", "events", REPO / "data")
    if preview.problems:
        raise SystemExit(f"the 10 MB file was not valid: {preview.problems[:3]}")
    frame = added_rows_frame(preview.columns, preview.added)
    return len(convert_anything_to_arrow_bytes(frame))


def longest_viewer_message() -> int:
    sql = "SELECT '" + "😀" * (MAX_SQL_CHARS - 10) + "'"
    message = BackMsg()
    message.rerun_script.query_string = urlencode({"sql": sql}, quote_via=quote)
    message.rerun_script.page_name = "explore"
    state = message.rerun_script.widget_states.widgets.add()
    state.id = "$$ID-explore_sql"
    state.string_value = sql
    return len(message.SerializeToString())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "message-sizes.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        db = work / f"scale-{args.scale}.duckdb"
        generate(db, args.scale, seed=1)
        sent = page_messages(db)
        sent["/manage preview of a 10 MB upload (Arrow table)"] = manage_preview_bytes(work)
    received = {
        "a rerun with a 20,000-character query of 4-byte characters": longest_viewer_message()
    }
    results = {"scale": args.scale, "server_sends": sent, "server_receives": received}
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    for direction in ("server_sends", "server_receives"):
        for name, size in sorted(results[direction].items(), key=lambda item: -item[1]):
            print(f"{direction:16} {size / MB:8.2f} MB  {name}")


if __name__ == "__main__":
    main()
