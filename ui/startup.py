"""What a page does when what it starts from is not there: a broken start-up data file, an unreachable database.

A missing, truncated or wrong-shaped data file: the page names the file and what is wrong with it, and stops
before touching the data (geo.datafiles); before, such a file surfaced as a traceback deep inside a page.
An unreachable database (a restart, a failover): the page says so in one line (ui.plan_state) and checks again
every few seconds, rerunning itself once the database answers, so an open page recovers without a reload.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from geo import paths
from geo.datafiles import data_problems
from geo.i18n import t
from geo.store import audit
from geo.store.engine import StoreUnavailable
from ui.text import md_escape as plain_markdown


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


STORE_RETRY_S = 5
K_WATCH = "dba_store_watch"  # ticks of the watch since the page's last full run (absent: no watch in this run)


def new_page_run() -> None:
    """Every page's full run starts without a watch (ui.page.page_setup calls this)."""
    st.session_state.pop(K_WATCH, None)


def rerun_when_store_returns() -> None:
    """Call where the page said the database is unreachable: the page reruns itself once the database is back.
    One watch per run, however many parts of the page found the database gone."""
    if K_WATCH in st.session_state:
        return
    st.session_state[K_WATCH] = 0
    _store_watch()


@st.fragment(run_every=STORE_RETRY_S)
def _store_watch() -> None:
    ticks = st.session_state.get(K_WATCH, 0)
    st.session_state[K_WATCH] = ticks + 1
    if ticks == 0:  # the page's own run just failed: look again on the next tick (at most one rerun per tick)
        return
    try:
        audit.change_count()  # one cheap query
    except (StoreUnavailable, SQLAlchemyError):
        return
    st.rerun(scope="app")
