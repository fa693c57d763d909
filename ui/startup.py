"""The page shown instead of the app when a start-up data file is missing, truncated or of the wrong shape.

Why: before, such a file surfaced as a traceback deep inside a page; now the planner (or the admin) reads which
file is wrong and what is wrong with it, and every page stops before touching the data (geo.datafiles).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from geo import paths
from geo.datafiles import data_problems
from geo.i18n import t
from ui.dataset_state import plain_markdown


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(paths.ROOT))
    except ValueError:
        return str(path)


def stop_if_data_broken(lang: str) -> None:
    """Nothing when every start-up file is usable; else the error page (file and problem each), then st.stop()."""
    problems = data_problems()
    if not problems:
        return
    st.title(t("startup_broken_title", lang))
    for p in problems:
        problem = t("startup_missing", lang) if p.problem == "missing" else p.problem
        st.error(
            f"**{plain_markdown(_shown(p.path))}**{t('colon', lang)}{plain_markdown(problem)}", icon=":material/error:"
        )
    st.caption(t("startup_broken_hint", lang))
    st.stop()
