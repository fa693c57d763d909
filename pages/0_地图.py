"""地图 — the map page: pick a theme, a department or a region; see where the plan acts and what it asks.

Thin on purpose: read the state (URL ⇄ widgets), call geo, render. Listed first in ui/nav.py (the default page).
"""

from __future__ import annotations

import streamlit as st

from geo.i18n import t
from ui.filters_panel import prepare_filters, render_filters, render_language
from ui.map_page import render_basemap_choice, render_map_page
from ui.page import active_title, load_data_or_stop, page_setup
from ui.progress_panel import render_progress_panel

page_setup("app_title")
lang = render_language()
measures, gazetteer = load_data_or_stop(lang)
filters = prepare_filters(measures, gazetteer)
st.title(active_title(lang) or t("app_title", lang))  # an imported table or a chosen plan: its own title
render_map_page(measures, gazetteer, filters, lang)  # the map first: its update reaches the browser sooner
render_filters(measures, gazetteer, lang)  # then the sidebar widgets (same filters, with counts)
render_progress_panel(measures, lang)  # the progress view's switch, as-of date and progress filters
render_basemap_choice(lang)
