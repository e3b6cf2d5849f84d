"""A Streamlit viewer without a browser: one websocket speaking Streamlit's own protobufs.

The browser sends a `BackMsg` whose `rerun_script` names the page (`page_name` is its URL
path on a first visit, `page_script_hash` once `st.navigation` has said the hashes) and the
URL's query string. The server answers with `ForwardMsg`s: `new_session`, the page's deltas,
and `script_finished`. This client does the same, keeps what the page showed (text, alerts,
exceptions, Plotly specs) and times the run from request to `script_finished`, so the load
test measures the server and nothing the browser would spend drawing.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Common_pb2 import FileUploaderState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

FINISHED = {
    ForwardMsg.FINISHED_SUCCESSFULLY: "finished",
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR: "compile error",
    ForwardMsg.FINISHED_EARLY_FOR_RERUN: "stopped for a rerun",
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY: "fragment finished",
}
# Pages draw tens of charts' specs: well above the websockets package's 1 MiB default.
MAX_MESSAGE_BYTES = 64 * 2**20


@dataclass
class ScriptRun:
    """What one script run sent, and how long it took."""

    page: str  # URL path, "" for the overview
    query_string: str
    seconds: float | None = None  # rerun request → script_finished; None if it never finished
    status: str = "not finished"
    exceptions: list[str] = field(default_factory=list)
    alerts: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    metrics: dict[str, str] = field(default_factory=dict)  # label → value shown
    plotly_specs: list[dict] = field(default_factory=list)
    widget_ids: dict[str, str] = field(default_factory=dict)  # label → id, to send values back
    page_not_found: bool = False
    messages: int = 0
    bytes_received: int = 0
    largest_message: int = 0  # bytes of the largest websocket message of the run
    # The query string the page set (st.query_params), which a browser puts in its address
    # bar and sends with its next run; None when the run left it alone.
    query_string_set: str | None = None

    def chart_titles(self) -> list[str]:
        titles = []
        for spec in self.plotly_specs:
            title = spec.get("layout", {}).get("title", {})
            text = title.get("text") if isinstance(title, dict) else title
            if text:
                titles.append(str(text))
        return titles


class ProtocolViewer:
    """One websocket session with `streamlit run`, its pages asked for one run at a time."""

    def __init__(self, websocket: websockets.ClientConnection) -> None:
        self._websocket = websocket
        self.page_hashes: dict[str, str] = {}  # URL path → page_script_hash, from st.navigation
        self.session_id: str | None = None
        # The handshake's answer: a proxy in front may set its affinity cookie here.
        self.response_headers = websocket.response.headers if websocket.response else {}

    @classmethod
    async def connect(
        cls,
        base_url: str,
        open_timeout_s: float = 30,
        *,
        headers: Mapping[str, str] | None = None,
        source_address: str | None = None,
        xsrf_token: str = "",
        session_id: str = "",
    ) -> ProtocolViewer:
        """`headers` go with the handshake (a Cookie, an X-Forwarded-For); `source_address` is
        the local address to connect from (127.0.0.2 say: another viewer on this machine).
        Like the browser, a reconnect names its `session_id` (and the XSRF token of its
        cookie), so that the process that holds the session takes it up again."""
        parts = urlsplit(base_url)
        scheme = "wss" if parts.scheme == "https" else "ws"
        websocket = await websockets.connect(
            f"{scheme}://{parts.netloc}{parts.path.rstrip('/')}/_stcore/stream",
            # The browser's entries: the protocol, then the two tokens it passes this way.
            subprotocols=["streamlit", *([xsrf_token or "none", session_id] if session_id else [])],
            max_size=MAX_MESSAGE_BYTES,
            open_timeout=open_timeout_s,
            compression=None,
            additional_headers=dict(headers or {}),
            **({"local_addr": (source_address, 0)} if source_address else {}),
        )
        return cls(websocket)

    async def close(self) -> None:
        await self._websocket.close()

    async def send(self, message: BackMsg) -> None:
        await self._websocket.send(message.SerializeToString())

    async def run(
        self,
        page: str,
        query_string: str = "",
        timeout_s: float = 60,
        widgets: Mapping[str, str | bool | FileUploaderState] | None = None,
    ) -> ScriptRun:
        """Ask for `page` (a URL path) with `query_string`, and read until the run finishes.

        `widgets` are the values a person gave (widget id → text, or True for a clicked
        button, or the files a file uploader holds), as the browser sends them: a form's
        fields with its submit button's click."""
        request = BackMsg()
        state = request.rerun_script
        state.query_string = query_string
        for widget_id, value in (widgets or {}).items():
            widget = state.widget_states.widgets.add(id=widget_id)
            if value is True:
                widget.trigger_value = True
            elif isinstance(value, FileUploaderState):
                widget.file_uploader_state_value.CopyFrom(value)
            else:
                widget.string_value = str(value)
        state.page_name = page
        state.page_script_hash = self.page_hashes.get(page, "")
        state.context_info.url = f"/{page}" + (f"?{query_string}" if query_string else "")
        state.context_info.timezone = "UTC"
        state.context_info.locale = "en-GB"
        run = ScriptRun(page, query_string)
        started = time.monotonic()
        await self.send(request)
        try:
            await asyncio.wait_for(self._read_until_finished(run), timeout_s)
        except TimeoutError:
            run.status = f"timeout: not finished within {timeout_s:.0f} s"
            return run
        run.seconds = time.monotonic() - started
        return run

    async def _read_until_finished(self, run: ScriptRun) -> None:
        while True:
            frame = await self._websocket.recv()
            message = ForwardMsg()
            message.ParseFromString(frame)
            run.messages += 1
            run.bytes_received += len(frame)
            run.largest_message = max(run.largest_message, len(frame))
            kind = message.WhichOneof("type")
            if kind == "script_finished":
                run.status = FINISHED.get(message.script_finished, str(message.script_finished))
                if message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    return
            elif kind == "new_session":
                self.session_id = message.new_session.initialize.session_id or self.session_id
            elif kind == "navigation":
                self.page_hashes.update(
                    {p.url_pathname: p.page_script_hash for p in message.navigation.app_pages}
                )
            elif kind == "page_not_found":
                run.page_not_found = True
            elif kind == "page_info_changed":
                run.query_string_set = message.page_info_changed.query_string
            elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                _keep_element(run, message.delta.new_element)


def _keep_element(run: ScriptRun, element) -> None:
    kind = element.WhichOneof("type")
    if kind == "exception":
        run.exceptions.append(f"{element.exception.type}: {element.exception.message}")
    elif kind == "alert":
        run.alerts.append(element.alert.body)
    elif kind == "text":
        run.texts.append(element.text.body)
    elif kind == "heading":
        run.headings.append(element.heading.body)
    elif kind == "metric":
        run.metrics[element.metric.label] = element.metric.body
    elif kind == "plotly_chart" and element.plotly_chart.spec:
        run.plotly_specs.append(json.loads(element.plotly_chart.spec))
    elif kind in ("text_input", "text_area", "button", "file_uploader"):
        widget = getattr(element, kind)
        run.widget_ids[widget.label] = widget.id


def run_pages(base_url: str, pages: list[tuple[str, str]]) -> tuple[list[ScriptRun], dict]:
    """One session asks for each (URL path, query string) in turn: its runs and page hashes.

    For synchronous callers. It runs its own event loop in a thread of its own, since the
    caller's thread may already run one (Playwright's sync API does, in the test session).
    """

    async def session() -> tuple[list[ScriptRun], dict]:
        viewer = await ProtocolViewer.connect(base_url)
        try:
            return [await viewer.run(page, query) for page, query in pages], viewer.page_hashes
        finally:
            await viewer.close()

    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, session()).result()
