"""Filter and view state, kept in the URL so that a copied link restores the view.

The query string is the source of truth at page load; widgets write back to it after every change.
Keys other than the filters (language, slide, theme of the briefing …) are left untouched.
"""

from __future__ import annotations

import streamlit as st

from geo.i18n import LANGS
from geo.places.gazetteer import load_gazetteer
from geo.selection.filters import Q_DEPT, Q_GROUPS, Q_KEYWORD, Q_REGION, Q_THEME, Filters
from ui.dataset_state import active_measures

FILTER_KEYS = (Q_THEME, Q_DEPT, Q_REGION, Q_KEYWORD, Q_GROUPS)
Q_LANG = "lang"


def _query_dict() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in st.query_params}


def read_filters() -> tuple[Filters, list[str]]:
    """Filters from the URL, with unknown values dropped and reported (a stale link must not crash the page)."""
    raw = Filters.from_query(_query_dict())
    return raw.validated(active_measures(), load_gazetteer())  # the session's dataset


def write_filters(f: Filters) -> None:
    """Mirror the filters into the URL, leaving other keys alone; only touches keys that changed."""
    wanted = f.to_query()
    for key in FILTER_KEYS:
        value = wanted.get(key)
        if value is None:
            if key in st.query_params:
                del st.query_params[key]
        else:
            current = st.query_params.get_all(key)
            new = value if isinstance(value, list) else [value]
            if current != new:
                st.query_params[key] = new


def current_lang() -> str:
    lang = st.query_params.get(Q_LANG, "zh")
    return lang if lang in LANGS else "zh"


def set_lang(lang: str) -> None:
    if lang == "zh":
        if Q_LANG in st.query_params:
            del st.query_params[Q_LANG]
    else:
        st.query_params[Q_LANG] = lang
