"""Entry point: page setup and navigation. Each page draws the global filters itself."""

import streamlit as st

from dashboard.database_file import default_db_path
from dashboard.ui.language_choice import current_translator
from dashboard.ui.page_setup import PAGE_CONFIG, streamlit_pages
from loaders.build import build_if_missing
from loaders.paths import default_data_dir
from loaders.problems import DataError

st.set_page_config(**PAGE_CONFIG)

try:
    if not default_db_path().exists():
        with st.spinner(current_translator()._("Building the database from data/ …")):
            build_if_missing(default_data_dir(), default_db_path())
except DataError as failure:
    st.error(
        current_translator()._(
            "The data could not be built. The validator found these problems in data/:"
        )
    )
    st.code("\n".join(str(problem) for problem in failure.problems), language=None)
    st.stop()

# The sidebar's own links (dashboard.ui.page_setup.sidebar_links) carry the filters between pages.
st.navigation(streamlit_pages(), position="hidden").run()
