"""数字湾区 任务地图 — entry point. Run with `streamlit run app.py`.

The pages and their localized titles are listed once, in ui/nav.py; the map page (pages/0_地图.py) is the default.
"""

from ui.nav import run_navigation

run_navigation()
