"""Entry point: page setup and navigation. Each page draws the global filters itself."""

import streamlit as st

st.set_page_config(page_title="U4SSC & Citiverse programme dashboard", page_icon="🏙️", layout="wide")

st.navigation(
    [
        st.Page("pages/overview.py", title="Overview", icon="🏠", default=True),
        st.Page("pages/partners.py", title="Partners", icon="🤝", url_path="partners"),
        st.Page(
            "pages/working_groups.py",
            title="Working groups",
            icon="🧩",
            url_path="working-groups",
        ),
        st.Page("pages/events.py", title="Events", icon="📅", url_path="events"),
        st.Page("pages/releases.py", title="Releases", icon="📚", url_path="releases"),
        st.Page("pages/present.py", title="Present", icon="📽️", url_path="present"),
        st.Page("pages/explore.py", title="Explore", icon="🔍", url_path="explore"),
        st.Page("pages/manage.py", title="Manage", icon="🔐", url_path="manage"),
    ]
).run()
