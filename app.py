"""Entry point: page setup, navigation, the global filters, then the chosen page."""

import streamlit as st

from dashboard.db import DatabaseUnavailable, run_query
from dashboard.queries.overview import filter_options
from dashboard.sidebar import global_filters

st.set_page_config(page_title="U4SSC & Citiverse programme dashboard", page_icon="🏙️", layout="wide")

page = st.navigation(
    [
        st.Page("pages/overview.py", title="Overview", icon="🏠", default=True),
        st.Page("pages/partners.py", title="Partners", icon="🤝", url_path="partners"),
        st.Page(
            "pages/working_groups.py", title="Working groups", icon="🧩", url_path="working-groups"
        ),
        st.Page("pages/events.py", title="Events", icon="📅", url_path="events"),
        st.Page("pages/releases.py", title="Releases", icon="📚", url_path="releases"),
    ]
)

try:
    options = run_query(filter_options)
except DatabaseUnavailable as exc:
    st.error(f"The data could not be loaded. {exc}", icon="🛑")
    st.stop()
global_filters(options)
page.run()
