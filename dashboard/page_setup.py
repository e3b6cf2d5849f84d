"""Making sure `app.py`'s navigation is in charge, whichever URL a process first serves."""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def use_app_navigation() -> None:
    """Rerun through `app.py` if Streamlit ran this page file on its own.

    Because the repository has a `pages/` folder, Streamlit starts every process in its
    folder-based multipage mode until `st.navigation` is first called. A first visitor with a
    deep link (`/manage`) would get the page without `app.py`: a file-name menu, and the
    folder mode would stick for later visitors. Leaving that mode and rerunning runs `app.py`.
    Streamlit offers no setting for this, hence the internal flag (checked by a browser test).
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
