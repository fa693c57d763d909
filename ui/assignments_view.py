"""The 我的任务 page's body: the signed-in reporter's assignments as forms, everything else read-only, and the
history of a measure from the audit trail.

Saving calls geo.store.service.update_assignment, which checks the account again: a form drawn for a user who
has since been disabled, or any forged request, is refused there and shown as one line.
"""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from geo.i18n import localize, t
from geo.ingest.departments import short_name
from geo.store import audit, plans, service
from geo.store.engine import StoreUnavailable
from ui.text import md_escape as plain_markdown

K_FLASH = "tasks_flash"
K_DEPARTMENT = "tasks_department"
K_HISTORY = "tasks_history_measure"


def form_key(assignment_id: int) -> str:
    return f"asg_{assignment_id}"


def _save(actor: service.Actor, assignment: service.AssignmentInfo, lang: str) -> None:
    key = form_key(assignment.id)
    changes = {
        "milestone": str(st.session_state.get(f"{key}_milestone", "")),
        "note": str(st.session_state.get(f"{key}_note", "")),
    }
    try:
        saved = service.update_assignment(actor, assignment.id, **changes)
    except (service.Forbidden, plans.PlanError, StoreUnavailable, SQLAlchemyError) as exc:
        st.session_state[K_FLASH] = ("error", t("tasks_refused", lang).format(error=plain_markdown(exc)))
        return
    text = t("tasks_saved", lang).format(measure=saved.measure, department=plain_markdown(saved.department))
    st.session_state[K_FLASH] = ("success", text)
    st.session_state[K_HISTORY] = saved.measure  # the history below shows the change just made


def _frame(rows: list[service.AssignmentInfo], lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("tasks_col_measure", lang): [a.measure for a in rows],
            t("tasks_col_department", lang): [short_name(a.department) for a in rows],
            t("tasks_col_role", lang): [t(f"tasks_role_{a.role}", lang) for a in rows],
            t("tasks_milestone", lang): [a.milestone for a in rows],
            t("tasks_note", lang): [a.note for a in rows],
            t("tasks_col_text", lang): [localize(a.text, lang) for a in rows],
        }
    )


def _forms(actor: service.Actor, rows: list[service.AssignmentInfo], lang: str) -> None:
    for a in rows:
        key = form_key(a.id)
        with st.form(key, border=True):
            role = t(f"tasks_role_{a.role}", lang)
            st.markdown(f"**{a.measure}**　{plain_markdown(short_name(a.department))}（{role}）")
            st.caption(plain_markdown(localize(a.text, lang)))
            st.text_input(t("tasks_milestone", lang), value=a.milestone, key=f"{key}_milestone")
            st.text_area(t("tasks_note", lang), value=a.note, key=f"{key}_note", height=68)
            st.form_submit_button(t("tasks_save", lang), on_click=_save, args=(actor, a, lang))


def _department_for(actor: service.Actor | None, rows: list[service.AssignmentInfo], lang: str) -> str | None:
    """The department whose assignments this actor edits: its own (reporter), one it picks (admin), or none."""
    if actor is None or actor.kind == "anonymous":
        return None
    if actor.role == "reporter":
        return actor.department
    if actor.role == "admin":
        options = sorted({a.department for a in rows})
        return st.selectbox(t("tasks_pick_department", lang), options, key=K_DEPARTMENT, format_func=short_name)
    return None


def render_flash() -> None:
    """The outcome of the last save, once: also on a page that fails next (a save refused because the database
    went away must say so, not vanish with the page)."""
    kind, text = st.session_state.pop(K_FLASH, (None, ""))
    if kind:
        (st.success if kind == "success" else st.error)(text)


def render_assignments(plan_id: int, actor: service.Actor | None, lang: str) -> None:
    render_flash()
    rows = service.list_assignments(plan_id)
    department = _department_for(actor, rows, lang)
    if department is None:
        st.caption(t("tasks_login_hint", lang))
        st.subheader(t("tasks_all", lang))
        with st.container(key="tasks_readonly"):
            st.dataframe(_frame(rows, lang), hide_index=True, width="stretch")
        return
    mine = [a for a in rows if a.department == department and service.may_edit(actor, a.department)]
    st.subheader(t("tasks_mine", lang))
    with st.container(key="tasks_editable"):
        if mine:
            _forms(actor, mine, lang)
        else:
            st.info(t("tasks_none", lang))
    st.subheader(t("tasks_others", lang))
    with st.container(key="tasks_readonly"):
        st.dataframe(_frame([a for a in rows if a not in mine], lang), hide_index=True, width="stretch")


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
