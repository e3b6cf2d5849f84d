"""Reading a figure back from Streamlit's proto: Plotly writes numeric arrays as typed base64."""

from __future__ import annotations

import base64
import json

import numpy as np


def values(field: object) -> list:
    """A trace field as a plain list, whether stored as a list or as {'dtype', 'bdata'}."""
    if isinstance(field, dict) and "bdata" in field:
        array = np.frombuffer(base64.b64decode(field["bdata"]), dtype=np.dtype(field["dtype"]))
        if "shape" in field:
            array = array.reshape([int(n) for n in str(field["shape"]).split(",")])
        return array.tolist()
    return list(field)


def figures(at) -> list[dict]:
    """Every Plotly figure an AppTest run drew, in page order."""
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
