"""Streamlit glue shared by app.py and pages/: state, widgets, component wrappers. Thin by design."""
