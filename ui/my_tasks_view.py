"""The 我的任务 page's body for the signed-in reporter (or an admin acting for a department): the period, returned
reports at the top, one row per assignment (light, status, next milestone, this period's report), a panel per
assignment (report form, milestones, history), the Excel round trip, and the other departments read-only.

A panel's content runs only while it is open (st.expander with on_change="rerun"): a department with forty
assignments does not draw forty forms on every rerun. A panel whose report was returned opens by itself.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from geo.i18n import localize, t, to_hant
from geo.ingest.departments import short_name
from geo.progress import periods, status
from geo.progress.reminders import look_text, status_text
from geo.progress.rules import load_rules
from geo.store import progress_service as progress
from geo.store import service
from ui.assignments_view import department_for
from ui.my_tasks_common import light_markdown, percent_text, sample_mark, show_flash, styled_lights
from ui.my_tasks_excel import render_excel
from ui.my_tasks_forms import K_FLASH, latest_of, render_history, render_milestones, render_report
from ui.text import md_escape

K_PERIOD = "tasks_period"
TEXT_CHARS = 36  # of a measure's text in a panel's title


def panel_key(assignment_id: int) -> str:
    return f"task_{assignment_id}"


def cycle_label(cycle: str | None, lang: str) -> str:
    if not cycle:
        return t("sv_cycle_unset", lang)
    look = load_rules().cycles[cycle]
    if lang == "en":
        return look.get("en", cycle)
    return to_hant(look["label"]) if lang == "zh_hant" else look["label"]


def period_options(cycle: str, today: dt.date) -> list[str]:
    """The current period and the two before it (a late report is still written for its own period)."""
    current = periods.period_of(today, cycle)
    return [current.name, current.previous().name, current.previous().previous().name]


def _short(text: str, lang: str) -> str:
    flat = " ".join(localize(text, lang).split())
    return flat if len(flat) <= TEXT_CHARS else flat[: TEXT_CHARS - 1] + "…"


def _status_frame(rows, by_id, reports, period, lang: str, with_department: bool = True):
    levels = [by_id[a.id].light if a.id in by_id else None for a in rows]
    states = []
    for a in rows:
        held = latest_of(reports.get(a.id, []), period) if period else None
        states.append(t(f"report_state_{held.state if held else 'none'}", lang))
    light_col = t("tasks_col_light", lang)
    frame = pd.DataFrame(
        {
            t("tasks_col_measure", lang): [a.measure for a in rows],
            light_col: [look_text(level, lang) for level in levels],
            t("tasks_col_department", lang): [short_name(a.department) for a in rows],
            t("tasks_col_role", lang): [t(f"tasks_role_{a.role}", lang) for a in rows],
            t("tasks_col_status", lang): [status_text(by_id[a.id].status, lang) if a.id in by_id else "" for a in rows],
            t("tasks_col_percent", lang): [percent_text(by_id[a.id].percent) if a.id in by_id else "" for a in rows],
            t("tasks_col_next", lang): [_next(by_id.get(a.id)) for a in rows],
            t("tasks_col_state", lang): states,
            t("tasks_col_text", lang): [localize(a.text, lang) for a in rows],
        }
    )
    if not with_department:
        frame = frame.drop(columns=[t("tasks_col_department", lang)])
    return styled_lights(frame, light_col, levels)


def _next(a: status.AssignmentStatus | None) -> str:
    if a is None or a.next_milestone is None:
        return ""
    return f"{a.next_milestone.due_on} {a.next_milestone.text}"


def _returned(mine, reports) -> list[progress.ReportInfo]:
    """The latest version of each (assignment, period) that the office returned: still to be corrected."""
    out = []
    for a in mine:
        for period in sorted({r.period for r in reports.get(a.id, [])}):
            held = latest_of(reports[a.id], period)
            if held.state == "returned":
                out.append(held)
    return out


def render_returned(returned: list[progress.ReportInfo], lang: str) -> None:
    if not returned:
        return
    with st.container(key="tasks_returned"):
        lines = [f"**{t('tasks_returned_banner', lang).format(n=len(returned))}**"]
        for r in returned:
            lines.append(
                "- "
                + t("tasks_returned_item", lang).format(
                    measure=r.measure, period=md_escape(r.period), comment=md_escape(r.review_comment),
                    reviewer=md_escape(r.reviewer or ""),
                )
            )  # fmt: skip
        st.error("\n".join(lines), icon=":material/undo:")


def render_my_tasks(plan_id: int, actor: service.Actor | None, lang: str) -> None:
    rules = load_rules()
    today = rules.today()
    rows = service.list_assignments(plan_id)
    snap = status.snapshot(plan_id, as_of=today)
    by_id = {a.assignment_id: a for a in snap.assignments}
    show_flash(K_FLASH)  # also when the write was refused because the account went away (no panels now)
    department = department_for(actor, rows, lang)
    if department is None:
        st.caption(t("tasks_login_hint", lang))
        sample_mark(snap.has_sample, lang, "tasks_sample")
        st.subheader(t("tasks_all", lang))
        with st.container(key="tasks_readonly"):
            st.dataframe(_status_frame(rows, by_id, {}, None, lang), hide_index=True, width="stretch")
        return
    mine = [a for a in rows if a.department == department and service.may_edit(actor, a.department)]
    reports: dict[int, list[progress.ReportInfo]] = {}
    for r in progress.list_reports(plan_id, viewer=actor, department=department):
        reports.setdefault(r.assignment_id, []).append(r)
    sample_mark(snap.has_sample or any(r.sample for rs in reports.values() for r in rs), lang, "tasks_sample")
    returned = _returned(mine, reports)
    render_returned(returned, lang)
    cycle = progress.get_cycle(plan_id)
    period = None
    if cycle.cycle:
        current = periods.period_of(today, cycle.cycle)
        st.caption(
            t("tasks_cycle_line", lang).format(
                cycle=cycle_label(cycle.cycle, lang), current=current.name,
                due=current.due(cycle.due_days).isoformat(),
            )
        )  # fmt: skip
        options = period_options(cycle.cycle, today)
        first = next((options.index(r.period) for r in returned if r.period in options), 0)  # a returned one first
        period = st.columns([1, 3])[0].selectbox(t("tasks_period", lang), options, index=first, key=K_PERIOD)
    else:
        st.info(t("tasks_no_cycle", lang))
    st.subheader(t("tasks_mine", lang))
    if not mine:
        st.info(t("tasks_none", lang))
    else:
        with st.container(key="tasks_overview"):
            st.dataframe(_status_frame(mine, by_id, reports, period, lang, False), hide_index=True, width="stretch")
        returned_ids = {r.assignment_id for r in returned}
        with st.container(key="tasks_editable"):
            for a in mine:
                _panel(actor, a, by_id.get(a.id), reports.get(a.id, []), period, a.id in returned_ids, lang)
        if period:
            render_excel(actor, plan_id, department, period, lang)
    st.subheader(t("tasks_others", lang))
    others = [a for a in rows if a not in mine]
    with st.container(key="tasks_readonly"):
        st.dataframe(_status_frame(others, by_id, {}, None, lang), hide_index=True, width="stretch")


def _panel(actor, a: service.AssignmentInfo, state: status.AssignmentStatus | None, reports, period, returned, lang):
    light = state.light if state else None
    held = latest_of(reports, period) if period else None
    role = t(f"tasks_role_{a.role}", lang)
    # The title never changes with a write (a new title would fold the panel): light and report state are inside.
    label = f"**{a.measure}**　{md_escape(_short(a.text, lang))}　（{role}）"
    panel = st.expander(label, expanded=returned, key=panel_key(a.id), on_change="rerun")
    with panel:
        if not panel.open:
            return
        st.caption(md_escape(localize(a.text, lang)))
        if state is not None:
            report_state = t(f"report_state_{held.state if held else 'none'}", lang) if period else ""
            facts = [status_text(state.status, lang), _next(state), f"{period or ''} {report_state}".strip()]
            light_markdown(light, lang, md_escape(" · ".join(f for f in facts if f)))
        report_tab, milestone_tab, history_tab = st.tabs(
            [t("tasks_tab_report", lang), t("tasks_tab_milestones", lang), t("tasks_tab_history", lang)]
        )
        with report_tab:
            if period:
                render_report(actor, a, period, reports, state.status if state else None, lang)
            else:
                st.info(t("tasks_no_cycle", lang))
        with milestone_tab:
            render_milestones(actor, a.id, lang)
        with history_tab:
            render_history(a.id, reports, lang)
