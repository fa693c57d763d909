"""The session's language: held in session state once chosen, else read from the URL (?lang=).

A leaf module (Streamlit only), so modules below ui.state, such as ui.plan_state, can know the language without
importing ui.state and closing an import cycle.
"""

from __future__ import annotations

import streamlit as st

from geo.i18n import LANGS, lang_code

Q_LANG = "lang"
LANG_STATE = "_ui_lang_canon"  # the session's language


def url_lang() -> str:
    return lang_code(st.query_params.get(Q_LANG)) or "zh"  # a link may say zh-TW or en-GB


def current_lang() -> str:
    lang = st.session_state.get(LANG_STATE)
    return lang if lang in LANGS else url_lang()
