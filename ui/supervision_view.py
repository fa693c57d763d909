"""The 督办 page's body (the office: admin or reviewer): the plan on an as-of date, the assignments with their
lights (filter by light and department), reports awaiting review, missing reports, milestones due soon and
overdue, the 催办 export and e-mail, and the reporting cycle (admin).

The lists come from geo.progress.reminders (the same lists the export and the e-mail carry), on the snapshot of
the as-of date; the review list is what awaits review now (a review is an act of today, not of a past date).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from geo.i18n import localize, t
from geo.ingest.departments import short_name
from geo.progress import periods, reminders, status
from geo.progress.reminders import look_text, status_text
from geo.progress.rules import load_rules
from geo.store import plans, service
from geo.store import progress_service as progress
from geo.store.engine import StoreUnavailable
from geo.store.models import CYCLES
from ui.auth import _secrets_section
from ui.my_tasks_common import flash, light_markdown, percent_text, refused, sample_mark, show_flash, styled_lights
from ui.my_tasks_view import cycle_label
from ui.supervision_review import K_FLASH, render_review
from ui.text import md_escape

K_AS_OF = "sv_as_of"
K_LIGHTS = "sv_lights"
K_DEPARTMENT = "sv_department"
K_MISSING = "sv_missing_period"
ALL = ""  # the department filter's "every department"


def _assignment_frame(rows: list[status.AssignmentStatus], lang: str):
    light_col = t("tasks_col_light", lang)
    frame = pd.DataFrame(
        {
            t("tasks_col_measure", lang): [a.measure for a in rows],
            light_col: [look_text(a.light, lang) for a in rows],
            t("tasks_col_department", lang): [short_name(a.department) for a in rows],
            t("tasks_col_role", lang): [t(f"tasks_role_{a.role}", lang) for a in rows],
            t("tasks_col_status", lang): [status_text(a.status, lang) for a in rows],
            t("tasks_col_percent", lang): [percent_text(a.percent) for a in rows],
            t("sv_col_last", lang): [a.last_report_on or "" for a in rows],
            t("tasks_col_next", lang): [
                f"{a.next_milestone.due_on} {a.next_milestone.text}" if a.next_milestone else "" for a in rows
            ],
            t("sv_col_reasons", lang): ["、".join(t(f"sv_reason_{r}", lang) for r in a.reasons) for a in rows],
        }
    )
    return styled_lights(frame, light_col, [a.light for a in rows])


def _reminder_frame(rows: list[reminders.Reminder], lang: str):
    light_col = t("remind_col_light", lang)
    frame = pd.DataFrame(
        {
            t("tasks_col_measure", lang): [r.measure for r in rows],
            t("tasks_col_department", lang): [short_name(r.department) for r in rows],
            t("remind_col_role", lang): [t(f"tasks_role_{r.role}", lang) for r in rows],
            light_col: [look_text(r.light, lang) for r in rows],
            t("remind_col_subject", lang): [r.subject for r in rows],
            t("remind_col_due", lang): [r.due_on.isoformat() if r.due_on else "" for r in rows],
            t("remind_col_days", lang): [r.days for r in rows],
        }
    )
    return styled_lights(frame, light_col, [r.light for r in rows])


def _table(rows: list, frame_of, lang: str, key: str) -> None:
    with st.container(key=key):
        if rows:
            st.dataframe(frame_of(rows, lang), hide_index=True, width="stretch")
        else:
            st.caption(t("sv_none", lang))


def _set_cycle(actor: service.Actor, plan_id: int, lang: str) -> None:
    state = st.session_state
    try:
        info = progress.set_cycle(
            actor, plan_id, str(state.get("sv_cycle_cycle")), due_days=int(state.get("sv_cycle_due_days") or 0),
            report_from=state.get("sv_cycle_from"),
        )  # fmt: skip
    except (progress.ProgressError, service.Forbidden, StoreUnavailable, SQLAlchemyError) as exc:
        flash(K_FLASH, "error", refused(lang, exc))
        return
    flash(K_FLASH, "success", t("sv_cycle_saved", lang).format(cycle=cycle_label(info.cycle, lang)))


def render_cycle(actor: service.Actor, plan_id: int, lang: str) -> None:
    cycle = progress.get_cycle(plan_id)
    st.caption(
        f"{t('sv_cycle_cycle', lang)}：{cycle_label(cycle.cycle, lang)} · {t('sv_cycle_due_days', lang)}："
        f"{cycle.due_days} · {t('sv_cycle_from', lang)}：{cycle.report_from or '—'}"
    )
    if actor.role != "admin":
        st.caption(t("sv_cycle_admin_only", lang))
        return
    with st.form("sv_cycle", border=False):
        left, middle, right = st.columns(3)
        options = list(CYCLES)
        left.selectbox(
            t("sv_cycle_cycle", lang), options, index=options.index(cycle.cycle) if cycle.cycle in options else 1,
            key="sv_cycle_cycle", format_func=lambda c: cycle_label(c, lang),
        )  # fmt: skip
        middle.number_input(
            t("sv_cycle_due_days", lang), min_value=0, max_value=90, value=cycle.due_days, key="sv_cycle_due_days"
        )
        right.date_input(
            t("sv_cycle_from", lang), key="sv_cycle_from",
            value=dt.date.fromisoformat(cycle.report_from) if cycle.report_from else None,
        )  # fmt: skip
        st.form_submit_button(
            t("sv_cycle_save", lang), key="sv_cycle_save", on_click=_set_cycle, args=(actor, plan_id, lang)
        )


def _send(lists: reminders.ReminderLists, settings: reminders.SmtpSettings, title: str, plan_id: int, lang: str):
    try:
        result = reminders.send_reminders(settings, lists, title=title, plan_id=plan_id, lang=lang)
    except reminders.SmtpError as exc:
        flash(K_FLASH, "error", t("sv_email_failed", lang).format(error=md_escape(exc)))
        return
    text = t("sv_email_sent", lang).format(n=len(result.sent))
    if result.no_address:
        names = "、".join(short_name(d) for d in result.no_address)
        text += " " + t("sv_email_no_address", lang).format(departments=md_escape(names))
    flash(K_FLASH, "success", text)


def render_remind(lists: reminders.ReminderLists, title: str, plan_id: int, lang: str) -> None:
    with st.container(key="sv_remind"):
        st.download_button(
            t("sv_export", lang),
            data=lambda: reminders.workbook_bytes(lists, title=title, lang=lang),  # built only when clicked
            file_name=reminders.file_name(plan_id, lists.as_of),
            mime=reminders.XLSX_MIME,
            key="sv_export",
            on_click="ignore",
        )
        try:
            settings = reminders.smtp_settings(_secrets_section("smtp"))
        except (reminders.SmtpError, ValueError) as exc:
            st.error(t("sv_email_failed", lang).format(error=md_escape(exc)))
            return
        if settings is None:
            st.caption(t("sv_email_off", lang))
            return
        st.button(t("sv_email", lang), key="sv_email", on_click=_send, args=(lists, settings, title, plan_id, lang))


def render_supervision(plan: plans.PlanInfo, actor: service.Actor | None, lang: str) -> None:
    if not progress.may_review(actor):
        with st.container(key="sv_office_only"):
            st.info(t("sv_office_only", lang), icon=":material/lock:")
        return
    rules = load_rules()
    show_flash(K_FLASH)
    as_of = st.columns([1, 3])[0].date_input(t("sv_as_of", lang), value=rules.today(), key=K_AS_OF)
    measures = plans.plan_measures(plan.id)
    snap = status.snapshot(plan.id, as_of=as_of, measures=measures)
    awaiting = progress.awaiting_review(plan.id)
    sample_mark(snap.has_sample or any(r.sample for r in awaiting), lang, "sv_sample")
    st.caption(
        t("sv_plan_line", lang).format(
            title=md_escape(localize(plan.title, lang)), as_of=as_of, version=snap.rules_version
        )
    )
    counts = {level: sum(1 for a in snap.assignments if a.light == level) for level in rules.lights.order}
    with st.container(key="sv_counts"):
        for column, level in zip(st.columns(len(counts)), counts, strict=True):
            with column:
                light_markdown(level, lang, f"**{counts[level]}**")
    departments = sorted({a.department for a in snap.assignments})
    left, right = st.columns(2)
    lights = left.multiselect(
        t("sv_filter_light", lang),
        list(rules.lights.order),
        key=K_LIGHTS,
        format_func=lambda x: look_text(x, lang),
        placeholder=t("sv_all_lights", lang),
    )
    department = right.selectbox(
        t("sv_filter_department", lang), [ALL, *departments], key=K_DEPARTMENT,
        format_func=lambda d: short_name(d) if d else t("sv_all_departments", lang),
    )  # fmt: skip
    period_choices = [p for p in (snap.due_period, snap.current_period) if p]
    missing_period = None
    if period_choices:
        missing_period = st.session_state.get(K_MISSING)
        missing_period = missing_period if missing_period in period_choices else period_choices[0]
    lists = reminders.build_lists(snap, period=missing_period, measures=measures, rules=rules)
    if department:
        lists = reminders.ReminderLists(
            lists.as_of, lists.period, *([r for r in rows if r.department == department]
                                         for rows in (lists.missing, lists.due_soon, lists.overdue)), lists.sample,
        )  # fmt: skip
        awaiting = [r for r in awaiting if r.department == department]
    shown = [
        a
        for a in snap.assignments
        if (not lights or a.light in lights) and (not department or a.department == department)
    ]
    window = rules.lights.yellow_due_within_days

    def counted(label: str, n: int) -> str:
        return t("sv_tab_count", lang).format(label=label, n=n)

    tabs = st.tabs(
        [
            counted(t("sv_assignments", lang), len(shown)),
            t("sv_review", lang).format(n=len(awaiting)),
            counted(t("sv_missing", lang), len(lists.missing)),
            counted(t("sv_due_soon", lang).format(days=window), len(lists.due_soon)),
            counted(t("sv_overdue", lang), len(lists.overdue)),
            t("sv_remind", lang),
            t("sv_cycle", lang),
        ]
    )
    with tabs[0]:
        _table(shown, _assignment_frame, lang, "sv_lights_table")
    with tabs[1], st.container(key="sv_review"):
        render_review(actor, awaiting, lang)
    with tabs[2]:
        if period_choices:
            cycle = progress.get_cycle(plan.id)
            st.radio(
                t("sv_missing", lang), period_choices, key=K_MISSING, horizontal=True, label_visibility="collapsed",
                format_func=lambda p: _missing_label(p, snap, cycle, lang),
            )  # fmt: skip
        _table(lists.missing, _reminder_frame, lang, "sv_missing_table")
    with tabs[3]:
        _table(lists.due_soon, _reminder_frame, lang, "sv_due_soon_table")
    with tabs[4]:
        _table(lists.overdue, _reminder_frame, lang, "sv_overdue_table")
    with tabs[5]:
        render_remind(lists, plan.title, plan.id, lang)
    with tabs[6]:
        render_cycle(actor, plan.id, lang)


def _missing_label(period: str, snap: status.Snapshot, cycle: progress.CycleInfo, lang: str) -> str:
    if period == snap.due_period and cycle.cycle:
        due = periods.parse_period(period, cycle.cycle).due(cycle.due_days).isoformat()
        return t("sv_missing_due", lang).format(period=period, due=due)
    return t("sv_missing_current", lang).format(period=period)
