"""措施列表 — every measure in a sortable, searchable table with a detail view, and the lead departments chart."""

from __future__ import annotations

import streamlit as st

from geo.i18n import t
from ui.filters_panel import render_filters, render_language
from ui.map_page import page_chrome
from ui.measure_detail import render_list_detail
from ui.measures_view import render_departments, render_table
from ui.page import load_data_or_stop, page_setup

page_setup("measures_page")
lang = render_language()
measures, gazetteer = load_data_or_stop(lang)
filters = render_filters(measures, gazetteer, lang)
page_chrome(lang)  # the map and the list fill the window's height
st.title(t("measures_page", lang))
tab_table, tab_depts = st.tabs([t("measures_table", lang), t("measures_depts", lang)])
with tab_table:
    chosen = render_table(measures, gazetteer, filters, lang)
    render_list_detail(chosen, measures, lang)  # its reports and milestones, per department
with tab_depts:
    render_departments(measures, gazetteer, filters, lang)
