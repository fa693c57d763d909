"""What every page does first: page config, data loading with a clear message instead of a traceback."""

from __future__ import annotations

import json

import streamlit as st

from geo.dataset import Measure, default_measures_path
from geo.i18n import t
from geo.places.gazetteer import Gazetteer, load_gazetteer
from geo.render.web.assets import stylesheet
from ui.dataset_state import active_measures, render_banner
from ui.nav import ensure_nav_links
from ui.startup import new_page_run, stop_if_data_broken
from ui.state import current_lang

_PAGE_CSS = "pages/page.css"


def page_setup(title_key: str) -> None:
    lang = current_lang()
    new_page_run()
    st.set_page_config(page_title=t(title_key, lang), page_icon="🗺️", layout="wide")
    st.markdown(stylesheet(_PAGE_CSS), unsafe_allow_html=True)  # a fixed file, no data
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
