"""Entry point: page setup and navigation. Each page draws the global filters itself."""

import streamlit as st

st.set_page_config(
    page_title="U4SSC & Citiverse programme dashboard",
    page_icon="static/favicon.png",
    layout="wide",
)

st.navigation(
    [
        st.Page("pages/overview.py", title="Overview", icon=":material/home:", default=True),
        st.Page(
            "pages/partners.py", title="Partners", icon=":material/handshake:", url_path="partners"
        ),
        st.Page(
            "pages/working_groups.py",
            title="Working groups",
            icon=":material/account_tree:",
            url_path="working-groups",
        ),
        st.Page("pages/events.py", title="Events", icon=":material/event:", url_path="events"),
        st.Page(
            "pages/releases.py",
            title="Releases",
            icon=":material/library_books:",
            url_path="releases",
        ),
        st.Page(
            "pages/present.py", title="Present", icon=":material/slideshow:", url_path="present"
        ),
        st.Page(
            "pages/explore.py", title="Explore", icon=":material/query_stats:", url_path="explore"
        ),
        st.Page("pages/manage.py", title="Manage", icon=":material/lock:", url_path="manage"),
    ]
).run()
