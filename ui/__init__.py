"""Streamlit glue shared by app.py and pages/: state, widgets, component wrappers. Thin by design.

The package's first import (app.py's, before any page's imports) sizes the garbage collector for the server
process: see ui/gc_tuning.py."""

from ui.gc_tuning import tune_collector

tune_collector()
