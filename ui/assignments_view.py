"""The 我的任务 page's shared parts: whose assignments the signed-in user writes (its department, or one an admin
picks), and the history of a measure from the audit trail. The forms are in
ui/my_tasks_view.py and ui/my_tasks_forms.py; every write goes through geo.store.progress_service, which checks
the account again (a form drawn for a user disabled since, or a forged request, is refused there)."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from geo.i18n import t
from geo.ingest.departments import short_name
from geo.store import audit, service

K_DEPARTMENT = "tasks_department"
K_HISTORY = "tasks_history_measure"


def department_for(actor: service.Actor | None, rows: list[service.AssignmentInfo], lang: str) -> str | None:
    """The department whose assignments this actor edits: its own (reporter), one it picks (admin), or none."""
    if actor is None or actor.kind == "anonymous":
        return None
    if actor.role == "reporter":
        return actor.department
    if actor.role == "admin":
        options = sorted({a.department for a in rows})
        return st.selectbox(t("tasks_admin_pick", lang), options, key=K_DEPARTMENT, format_func=short_name)
    return None


def _value(value: object) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False)


def render_history(plan_id: int, numbers: list[int], lang: str) -> None:
    st.subheader(t("tasks_history", lang))
    number = st.selectbox(t("tasks_history_measure", lang), numbers, key=K_HISTORY)
    history = audit.measure_history(plan_id, number)
    if not history:
        st.caption(t("tasks_history_empty", lang))
        return
    frame = pd.DataFrame(
        {
            t("hist_col_at", lang): [h.at[:19].replace("T", " ") for h in history],
            t("hist_col_actor", lang): [h.actor for h in history],
            t("hist_col_action", lang): [h.action for h in history],
            t("tasks_col_department", lang): [h.entity_id.split("/")[-1] for h in history],
            t("hist_col_before", lang): [_value(h.before) for h in history],
            t("hist_col_after", lang): [_value(h.after) for h in history],
        }
    )
    with st.container(key="tasks_history"):
        st.dataframe(frame, hide_index=True, width="stretch")
