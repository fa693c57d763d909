"""数字湾区 task-table library: ingest, places, geotagging, filtering, maps and exports.

Plain Python, no Streamlit: usable from the app, a notebook or the command line.
"""
