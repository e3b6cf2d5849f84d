"""Streamlit glue shared by every page: navigation, the sidebar's filters, chart blocks."""
