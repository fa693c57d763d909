"""The review half of 督办: each submitted report with its text, approved or returned with a comment.

geo.store.progress_service.review_report decides (office only, a return needs a comment, only a submitted
report); a refusal is one line at the top of the page. Drafts never reach this list (awaiting_review lists only
submitted reports).
"""

from __future__ import annotations

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from geo.i18n import t
from geo.ingest.departments import short_name
from geo.progress.reminders import status_text
from geo.store import progress_service as progress
from geo.store import service
from geo.store.engine import StoreUnavailable
from ui.my_tasks_common import flash, refused
from ui.my_tasks_forms import local_time
from ui.text import md_escape

K_FLASH = "sv_flash"


def review_key(report_id: int) -> str:
    return f"sv_rev_{report_id}"


def _review(actor: service.Actor, report: progress.ReportInfo, action: str, lang: str) -> None:
    comment = str(st.session_state.get(f"{review_key(report.id)}_comment", ""))
    try:
        progress.review_report(actor, report.id, action, comment)
    except (progress.ProgressError, service.Forbidden, StoreUnavailable, SQLAlchemyError) as exc:
        flash(K_FLASH, "error", refused(lang, exc))
        return
    done = "sv_approved" if action == "approve" else "sv_returned_ok"
    text = t(done, lang).format(measure=report.measure, department=md_escape(report.department), period=report.period)
    flash(K_FLASH, "success", text)


def render_review(actor: service.Actor, reports: list[progress.ReportInfo], lang: str) -> None:
    if not reports:
        st.caption(t("sv_review_none", lang))
        return
    can_review = progress.may_review(actor)
    if not can_review:
        st.caption(t("sv_viewer_note", lang))
    for r in reports:
        key = review_key(r.id)
        with st.container(border=True, key=f"{key}_box"):
            mark = f" · **{t('remind_sample', lang)}**" if r.sample else ""
            percent = f" · {r.percent}%" if r.percent is not None else ""
            st.markdown(
                f"**{r.measure}** · {md_escape(short_name(r.department))} · {md_escape(r.period)} v{r.version} · "
                f"{md_escape(status_text(r.status, lang))}{percent}{mark}"
            )
            st.caption(
                f"{t('rep_as_of', lang)} {md_escape(r.as_of)} · {t('hcol_submitted', lang)} "
                f"{md_escape(local_time(r.submitted_at))} · {md_escape(r.author)}"
            )
            for label, text in (("rep_progress", r.progress), ("rep_next", r.next_steps),
                                ("rep_problems", r.problems)):  # fmt: skip
                if text:
                    st.markdown(f"**{t(label, lang)}**：{md_escape(text)}")
            if not can_review:
                continue
            # Enter must not submit: the form's first button approves, and Enter ends a typed return comment.
            with st.form(key, border=False, enter_to_submit=False):
                st.text_input(t("sv_comment", lang), key=f"{key}_comment")
                approve, back, _ = st.columns([1, 1, 6])
                approve.form_submit_button(
                    t("sv_approve", lang), key=f"{key}_approve", type="primary", on_click=_review,
                    args=(actor, r, "approve", lang),
                )  # fmt: skip
                back.form_submit_button(
                    t("sv_return", lang), key=f"{key}_return", on_click=_review, args=(actor, r, "return", lang)
                )
