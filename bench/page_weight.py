"""What a page sends and draws: chart data bytes, table bytes and DOM elements, in one load.

Read from the websocket frames the browser receives (Streamlit's `ForwardMsg` protobufs), so
the figures are what crosses the wire, not what the server meant to send.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

from playwright.sync_api import Browser
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.page_timing import VIEWPORT, wait_drawn


@dataclass
class PageWeight:
    chart_bytes: int = 0  # Plotly figure JSON, every chart of the page
    charts: int = 0
    table_bytes: int = 0  # Arrow data of every st.dataframe
    tables: int = 0
    websocket_bytes: int = 0  # every binary frame the server sent
    elements: int = 0  # DOM elements once the page is drawn
    # Streamlit elements and layout blocks sent, by kind ("metric", "plotly_chart", ...)
    element_kinds: Counter[str] = field(default_factory=Counter)

    def as_dict(self) -> dict:
        return asdict(self) | {"element_kinds": dict(self.element_kinds.most_common())}


def add_frame(weight: PageWeight, payload: bytes | str) -> None:
    """Count one websocket frame from the server into `weight`."""
    if isinstance(payload, str):
        return
    weight.websocket_bytes += len(payload)
    message = ForwardMsg()
    try:
        message.ParseFromString(payload)
    except Exception:  # a frame that is not a ForwardMsg counts as bytes only
        return
    if message.WhichOneof("type") != "delta":
        return
    delta = message.delta
    if delta.WhichOneof("type") == "add_block":
        weight.element_kinds[f"block:{delta.add_block.WhichOneof('type')}"] += 1
    if delta.WhichOneof("type") != "new_element":
        return
    element = delta.new_element
    kind = element.WhichOneof("type")
    weight.element_kinds[kind] += 1
    if kind == "plotly_chart":
        weight.charts += 1
        weight.chart_bytes += len(element.plotly_chart.spec.encode())
    elif kind == "dataframe":
        weight.tables += 1
        table = element.dataframe
        weight.table_bytes += len(table.arrow_data.data) + len(table.lazy_data.initial_chunk.data)


def page_weight(browser: Browser, url: str, charts: int, tables: int = 0) -> PageWeight:
    """Load `url` once in a fresh context and weigh what it received and drew."""
    weight = PageWeight()
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.on(
            "websocket",
            lambda ws: ws.on("framereceived", lambda payload: add_frame(weight, payload)),
        )
        page.goto(url)
        wait_drawn(page, charts, tables)
        weight.elements = page.evaluate("document.querySelectorAll('*').length")
        return weight
    finally:
        context.close()
