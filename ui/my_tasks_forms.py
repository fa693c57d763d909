"""One assignment on 我的任务: its report form for a period (save draft / submit), its milestones (add, change the
due or done date, remove) and its history (reports with their state and the office's comment, milestone versions).

Every write goes through geo.store.progress_service, which checks the account again inside the transaction; a
refusal or a fixable error is one line at the top of the page, and nothing is saved.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from geo.i18n import t
from geo.places.gazetteer import load_gazetteer
from geo.progress.periods import PeriodError
from geo.progress.reminders import status_text
from geo.progress.rules import load_rules
from geo.store import progress_service as progress
from geo.store import service
from geo.store.engine import StoreUnavailable
from ui.assignments_view import K_HISTORY
from ui.my_tasks_common import flash, percent_text, refused
from ui.text import md_escape

K_FLASH = "tasks_flash"
FAILURES = (progress.ProgressError, PeriodError, service.Forbidden, StoreUnavailable, SQLAlchemyError)


def report_key(assignment_id: int, period: str) -> str:
    return f"rep_{assignment_id}_{period}"


def latest_of(reports: list[progress.ReportInfo], period: str) -> progress.ReportInfo | None:
    held = [r for r in reports if r.period == period]
    return max(held, key=lambda r: r.version) if held else None


def local_time(stamp: str | None) -> str:
    """An ISO timestamp as the plan's local time, to the minute."""
    if not stamp:
        return ""
    moment = dt.datetime.fromisoformat(stamp)
    if moment.tzinfo is None:  # SQLite gives stored UTC back without its zone
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(load_rules().timezone).strftime("%Y-%m-%d %H:%M")


# --- the report ------------------------------------------------------------------------------------------------


def _save_report(actor: service.Actor, assignment_id: int, measure: int, period: str, submit: bool, lang: str) -> None:
    key = report_key(assignment_id, period)
    state = st.session_state
    percent = state.get(f"{key}_percent")
    item = progress.ReportInput(
        period=period,
        as_of=state.get(f"{key}_as_of") or load_rules().today(),
        status=str(state.get(f"{key}_status") or ""),
        percent=None if percent is None else int(percent),
        progress=str(state.get(f"{key}_progress", "")),
        next_steps=str(state.get(f"{key}_next", "")),
        problems=str(state.get(f"{key}_problems", "")),
        places=tuple(state.get(f"{key}_places") or ()),
    )
    try:
        progress.save_report(actor, assignment_id, item, submit=submit)
    except FAILURES as exc:
        flash(K_FLASH, "error", refused(lang, exc))
        return
    done = "rep_submitted" if submit else "rep_saved_draft"
    flash(K_FLASH, "success", t(done, lang).format(measure=measure, period=period))
    st.session_state[K_HISTORY] = measure  # the measure's history at the foot of the page shows the change


def render_report(
    actor: service.Actor,
    assignment: service.AssignmentInfo,
    period: str,
    reports: list[progress.ReportInfo],
    fallback_status: str | None,
    lang: str,
) -> None:
    rules = load_rules()
    held = latest_of(reports, period)
    if held is not None and held.state == "returned":
        st.error(
            t("rep_returned", lang).format(
                reviewer=md_escape(held.reviewer or ""), comment=md_escape(held.review_comment)
            ),
            icon=":material/undo:",
        )
    if held is not None and held.state == "submitted":
        st.info(t("rep_awaiting", lang), icon=":material/hourglass_top:")
        _summary(held, lang)
        return
    if held is not None and held.state == "approved":
        st.success(t("rep_approved_note", lang), icon=":material/task_alt:")
    if held is not None and held.state == "draft":
        st.caption(t("rep_draft_note", lang))
    key = report_key(assignment.id, period)
    names = list(rules.status_names)
    status = held.status if held else fallback_status
    gazetteer = load_gazetteer()
    with st.form(key, border=False):
        left, right = st.columns(2)
        left.selectbox(
            t("rep_status", lang), names, index=names.index(status) if status in names else 0, key=f"{key}_status",
            format_func=lambda name: status_text(name, lang, rules),
        )  # fmt: skip
        right.number_input(
            t("rep_percent", lang), min_value=0, max_value=100, step=5, key=f"{key}_percent",
            value=held.percent if held else None,
        )  # fmt: skip
        st.text_area(t("rep_progress", lang), value=held.progress if held else "", key=f"{key}_progress", height=90)
        st.text_area(t("rep_next", lang), value=held.next_steps if held else "", key=f"{key}_next", height=68)
        st.text_area(t("rep_problems", lang), value=held.problems if held else "", key=f"{key}_problems", height=68)
        left, right = st.columns(2)
        today = rules.today()  # a report is never dated in the future (the service refuses it)
        left.date_input(
            t("rep_as_of", lang),
            value=min(dt.date.fromisoformat(held.as_of), today) if held else today,
            max_value=today,
            key=f"{key}_as_of",
        )
        right.multiselect(
            t("rep_places", lang), [p.id for p in gazetteer], default=held.places if held else [],
            key=f"{key}_places", format_func=lambda pid: gazetteer[pid].name(lang), placeholder=t("rep_places_hint", lang),
        )  # fmt: skip
        draft, submit, _ = st.columns([1, 1, 4])
        args = (actor, assignment.id, assignment.measure, period)
        draft.form_submit_button(
            t("rep_draft", lang), key=f"{key}_draft", on_click=_save_report, args=(*args, False, lang)
        )
        submit.form_submit_button(
            t("rep_submit", lang), key=f"{key}_submit", type="primary", on_click=_save_report, args=(*args, True, lang)
        )


def _summary(report: progress.ReportInfo, lang: str) -> None:
    percent = f" · {report.percent}%" if report.percent is not None else ""
    st.markdown(f"**{md_escape(status_text(report.status, lang))}**{percent} · {md_escape(report.as_of)}")
    for label, text in (("rep_progress", report.progress), ("rep_next", report.next_steps),
                        ("rep_problems", report.problems)):  # fmt: skip
        if text:
            st.markdown(f"**{t(label, lang)}**：{md_escape(text)}")


# --- milestones ------------------------------------------------------------------------------------------------


def _milestone_write(actor: service.Actor, assignment_id: int, key: int | None, action: str, lang: str) -> None:
    state = st.session_state
    base = f"ms_{assignment_id}_{key if key is not None else 'new'}"
    try:
        if action == "add":
            progress.add_milestone(actor, assignment_id, str(state.get(f"{base}_text", "")), state.get(f"{base}_due"))
            done = "ms_added"
        elif action == "remove":
            progress.update_milestone(actor, assignment_id, key, remove=True)
            done = "ms_removed"
        else:
            progress.update_milestone(
                actor, assignment_id, key, text=str(state.get(f"{base}_text", "")),
                due_on=state.get(f"{base}_due"), done_on=state.get(f"{base}_done"),
            )  # fmt: skip
            done = "ms_saved"
    except FAILURES as exc:
        flash(K_FLASH, "error", refused(lang, exc))
        return
    flash(K_FLASH, "success", t(done, lang))


def render_milestones(actor: service.Actor, assignment_id: int, lang: str) -> None:
    current = progress.list_milestones(assignment_id)
    if not current:
        st.caption(t("ms_none", lang))
    for m in current:
        base = f"ms_{assignment_id}_{m.key}"
        with st.form(base, border=True):
            text, due, done = st.columns([3, 1, 1])
            text.text_input(t("ms_text", lang), value=m.text, key=f"{base}_text")
            due.date_input(t("ms_due", lang), value=_day(m.due_on), key=f"{base}_due")
            done.date_input(t("ms_done", lang), value=_day(m.done_on), key=f"{base}_done")
            save, remove, _ = st.columns([1, 1, 4])
            save.form_submit_button(
                t("ms_save", lang), key=f"{base}_save", on_click=_milestone_write,
                args=(actor, assignment_id, m.key, "update", lang),
            )  # fmt: skip
            remove.form_submit_button(
                t("ms_remove", lang), key=f"{base}_remove", on_click=_milestone_write,
                args=(actor, assignment_id, m.key, "remove", lang),
            )  # fmt: skip
    base = f"ms_{assignment_id}_new"
    with st.form(base, border=True, clear_on_submit=True):
        text, due = st.columns([3, 1])
        text.text_input(t("ms_text", lang), key=f"{base}_text")
        due.date_input(t("ms_due", lang), value=None, key=f"{base}_due")
        st.form_submit_button(
            t("ms_add", lang),
            key=f"{base}_add",
            on_click=_milestone_write,
            args=(actor, assignment_id, None, "add", lang),
        )


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


# --- history ---------------------------------------------------------------------------------------------------


def render_history(assignment_id: int, reports: list[progress.ReportInfo], lang: str) -> None:
    st.markdown(f"**{t('hist_reports', lang)}**")
    for r in reports:
        if r.state == "returned" and r.review_comment:
            st.error(
                f"{md_escape(r.period)} v{r.version}："
                + t("rep_returned", lang).format(
                    reviewer=md_escape(r.reviewer or ""), comment=md_escape(r.review_comment)
                )
            )
    if reports:
        frame = pd.DataFrame(
            {
                t("hcol_period", lang): [r.period for r in reports],
                t("hcol_version", lang): [r.version for r in reports],
                t("hcol_state", lang): [t(f"report_state_{r.state}", lang) for r in reports],
                t("rep_status", lang): [status_text(r.status, lang) for r in reports],
                t("tasks_col_percent", lang): [percent_text(r.percent) for r in reports],
                t("rep_as_of", lang): [r.as_of for r in reports],
                t("hcol_submitted", lang): [local_time(r.submitted_at) for r in reports],
                t("hcol_reviewer", lang): [r.reviewer or "" for r in reports],
                t("hcol_comment", lang): [r.review_comment for r in reports],
                t("rep_progress", lang): [r.progress for r in reports],
            }
        )
        st.dataframe(frame, hide_index=True, width="stretch", key=f"hist_rep_{assignment_id}")
    else:
        st.caption(t("hist_none", lang))
    st.markdown(f"**{t('hist_milestones', lang)}**")
    versions = progress.list_milestones(assignment_id, all_versions=True)
    if not versions:
        st.caption(t("hist_none", lang))
        return
    frame = pd.DataFrame(
        {
            t("ms_text", lang): [m.text for m in versions],
            t("hcol_version", lang): [m.version for m in versions],
            t("ms_due", lang): [m.due_on or "" for m in versions],
            t("ms_done", lang): [m.done_on or "" for m in versions],
            t("hcol_removed", lang): ["✓" if m.removed else "" for m in versions],
            t("hcol_recorded", lang): [local_time(m.recorded_at) for m in versions],
            t("hcol_by", lang): [m.recorded_by for m in versions],
        }
    )
    st.dataframe(frame, hide_index=True, width="stretch", key=f"hist_ms_{assignment_id}")
