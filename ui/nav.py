"""The one list of pages: their files, localized titles, icons and URL paths.

app.py runs it through st.navigation, so the sidebar shows 地图 / 措施列表 / … in the UI language instead of
file names, and every link (st.page_link) names a page by the path listed here.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from geo.i18n import t
from ui.state import current_lang


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
PAGES: tuple[NavPage, ...] = (MAP, MEASURES, BRIEFING, EXPORT, IMPORT)


def run_navigation() -> None:
    lang = current_lang()
    # No icons: st.navigation fetches Material icons for them from a font CDN, which breaks offline use.
    pages = [
        st.Page(p.path, title=t(p.title_key, lang), default=True) if not p.url_path
        else st.Page(p.path, title=t(p.title_key, lang), url_path=p.url_path)
        for p in PAGES
    ]
    st.navigation(pages).run()
