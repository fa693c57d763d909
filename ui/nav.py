"""The one list of pages: their files, localized titles, icons and URL paths.

app.py runs it through st.navigation, so the sidebar shows 地图 / 措施列表 / … in the UI language instead of
file names, and every link (st.page_link) names a page by the path listed here.
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass

import streamlit as st
from streamlit.errors import StreamlitAPIException

from geo.i18n import t
from ui.auth import render_sidebar
from ui.gc_tuning import freeze_long_lived
from ui.state import carried_query, current_lang, session_filters, sync_from_url


@dataclass(frozen=True)
class NavPage:
    path: str  # relative to app.py
    title_key: str  # geo.i18n label
    url_path: str  # "" for the default page, served at /


MAP = NavPage("pages/0_地图.py", "nav_map", "")
MEASURES = NavPage("pages/1_措施列表.py", "nav_measures", "措施列表")
BRIEFING = NavPage("pages/2_汇报模式.py", "nav_briefing", "汇报模式")
EXPORT = NavPage("pages/3_导出.py", "nav_export", "导出")
IMPORT = NavPage("pages/4_导入数据.py", "nav_import", "导入数据")
MY_TASKS = NavPage("pages/5_我的任务.py", "nav_mytasks", "我的任务")
SUPERVISION = NavPage("pages/6_督办.py", "nav_supervision", "督办")  # e-pages
DEPARTMENTS = NavPage("pages/7_部门进展.py", "nav_departments", "部门进展")  # g1-briefing
PAGES: tuple[NavPage, ...] = (MAP, MEASURES, BRIEFING, EXPORT, IMPORT, MY_TASKS, SUPERVISION, DEPARTMENTS)
# The map page's own name as a path: Streamlit gives it to the map page while a restarted server has not yet run
# app.py (it then serves pages/ by file name), so the address bar can show it; a link to it must keep working.
MAP_ALIAS = "地图"


# Set while app.py's navigation runs a page, so a page can tell whether the links were drawn for it.
_entry = threading.local()


def run_navigation() -> None:
    sync_from_url()  # once per run, before anything reads the filters or the language (rules in ui/state.py)
    lang = current_lang()
    # No icons: st.navigation fetches Material icons for them from a font CDN, which breaks offline use.
    pages = [
        # The default page is served at /; its reserved name moves off 地图 so that name can be the alias below.
        st.Page(p.path, title=t(p.title_key, lang), default=True, url_path="map")
        if not p.url_path
        else st.Page(p.path, title=t(p.title_key, lang), url_path=p.url_path)
        for p in PAGES
    ]
    pages.append(st.Page(MAP.path, title=t(MAP.title_key, lang), url_path=MAP_ALIAS))
    # Our own links instead of Streamlit's menu (hidden in .streamlit/config.toml): its menu would list file names.
    current = st.navigation(pages, position="hidden")
    render_nav_links(lang)
    render_sidebar(lang)  # who is signed in; stops here when reading needs a login
    _entry.active = True
    try:
        current.run()
    finally:
        _entry.active = False
        freeze_long_lived()  # a page's first run in the process: its modules leave the collector's walks


def render_nav_links(lang: str) -> None:
    """Each link carries the session's filters and language, so a page switch is one history entry and keeps both."""
    query = carried_query(session_filters(), lang)
    with st.sidebar:
        for p in PAGES:
            st.page_link(p.path, label=t(p.title_key, lang), query_params=query)
        st.divider()


def ensure_nav_links(lang: str) -> None:
    """Draw the page links when the page runs without app.py around it.

    Until a server has run app.py once, Streamlit serves a deep link (/措施列表, a bookmarked /汇报模式?slide=3)
    by running the page file from pages/ on its own; the page must still offer the way to the others.
    """
    if getattr(_entry, "active", False):
        return
    sync_from_url()
    # A page run as its own main script (tests do that) has no page registry: then there is nothing to link.
    with contextlib.suppress(StreamlitAPIException):
        render_nav_links(lang)
    render_sidebar(lang)  # the page run on its own still knows who is signed in
