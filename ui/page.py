"""What every page does first: page config, data loading with a clear message instead of a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import streamlit as st

from geo.datafiles import data_problems
from geo.dataset import Measure, default_measures_path
from geo.i18n import t
from geo.places.gazetteer import Gazetteer, load_gazetteer
from geo.render.web.assets import stylesheet, variables_style
from ui import plan_state
from ui.dataset_state import active_measures, imported, render_banner
from ui.nav import ensure_nav_links
from ui.startup import new_page_run, stop_if_data_broken
from ui.state import current_lang

_PAGE_CSS = "pages/page.css"


def active_title(lang: str) -> str | None:
    """The active table's own title: this session's imported table (its file name), else the chosen plan's title;
    None for the built-in plan, whose titles are the app's own. Never raises: a broken data file or an unreachable
    database is the page's to report (ui.startup, the plan switcher), the title then falls back to the app's."""
    current = imported()
    if current is not None:
        return Path(current.file_name).stem
    if data_problems():  # the store seeds from data files: do not touch it before the start-up page has spoken
        return None
    try:
        plan = plan_state.active_plan(lang)
    except plan_state.PlanUnavailable:
        return None
    return plan.title if plan is not None else None


def page_title(title_key: str, lang: str) -> str:
    """The browser tab's title: the map page is titled after the active table or plan, the other pages carry its
    title after their own name (the app's own titles for the built-in plan)."""
    own = active_title(lang)
    if own is None:
        return t(title_key, lang)
    return own if title_key == "app_title" else f"{t(title_key, lang)} · {own}"


def page_setup(title_key: str) -> None:
    lang = current_lang()
    new_page_run()
    st.set_page_config(page_title=page_title(title_key, lang), page_icon="🗺️", layout="wide")
    st.markdown(stylesheet(_PAGE_CSS), unsafe_allow_html=True)  # a fixed file, no data
    # Streamlit's multiselect says "Select all" in English: the page CSS shows this label instead (JSON-quoted).
    st.html(variables_style(f"--dba-select-all: {json.dumps(t('select_all', lang), ensure_ascii=False)};"))
    ensure_nav_links(lang)


def load_data_or_stop(lang: str) -> tuple[list[Measure], Gazetteer]:
    """The active measures (this session's imported table, else the built-in data) and the gazetteer.

    A missing or broken file stops the page with a readable error; while an imported table is active, every
    page shows a banner saying so, with the way back to the built-in data.
    """
    new_page_run()  # also here: the briefing page sets its own page config
    stop_if_data_broken(lang)  # a missing, truncated or wrong-shaped start-up file: a page naming it, no traceback
    render_banner(lang)
    try:
        return active_measures(), load_gazetteer()
    except FileNotFoundError as e:
        st.error(t("data_missing", lang).format(what=e.filename or default_measures_path()))
    except (json.JSONDecodeError, KeyError, ValueError) as e:
        st.error(t("data_missing", lang).format(what=f"{type(e).__name__}: {e}"))
    st.stop()
    raise AssertionError("unreachable")  # st.stop() raises
