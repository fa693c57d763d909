"""部门进展 — each department's assignments with lights, its on-time reporting and completion rates, and the ranking
of departments (统计排名) with how each figure is computed; the ranking downloads as CSV or XLSX.

URL: ?asof=YYYY-MM-DD (the date the figures are for; default today: the as-of date every progress page shares,
ui/progress_state.py) plus the plan (?plan=) and lang.
Thin: ui.plan_state (which plan) -> geo.progress.status.snapshot -> geo.progress.ranking -> ui.departments_view.
"""

from __future__ import annotations

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from geo.i18n import t
from geo.progress.ranking import rank_departments
from geo.progress.status import snapshot
from geo.selection.briefing_progress import as_of_text
from geo.store import plans
from geo.store.engine import StoreUnavailable
from ui import plan_state
from ui.dataset_state import render_banner
from ui.departments_view import render_department, render_ranking
from ui.filters_panel import render_language
from ui.page import page_setup
from ui.progress_state import as_of_input

page_setup("nav_departments")
lang = render_language()
render_banner(lang)  # the plan switcher: this page follows the chosen plan too
st.title(t("nav_departments", lang))
st.caption(t("dept_page_intro", lang))
as_of = as_of_input(t("progress_as_of_input", lang), "dept_asof", width=220)
try:
    plan = plan_state.active_plan(lang) or plans.builtin_plan()
    snap = snapshot(plan.id, as_of) if plan is not None else None
except (plan_state.PlanUnavailable, StoreUnavailable, SQLAlchemyError) as exc:
    st.error(str(exc), icon=":material/error:")
    st.stop()
if snap is None or not snap.department_stats:
    st.info(t("dept_none", lang))
    st.stop()
if snap.has_sample:
    st.warning(t("progress_sample", lang), icon=":material/science:")
st.markdown(f"**{as_of_text(snap.as_of, lang)}**")
if snap.cycle is None:  # a ranking of ties would read as a verdict: say why every department is first
    st.info(t("dept_no_cycle", lang), icon=":material/info:")
elif snap.due_period is None:
    st.info(t("dept_nothing_due", lang), icon=":material/info:")
ranking = rank_departments(snap.department_stats)
render_ranking(snap, ranking, lang, f"{t('dept_sheet', lang)}_{snap.as_of.isoformat()}")
render_department(snap, ranking, lang)
