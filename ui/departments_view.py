"""The 部门进展 page's widgets: the ranking table with its note and downloads, and one department's assignments.

Plain drawing only: the figures and the rank come from geo.progress.ranking (on a geo.progress.status snapshot).
Every text goes into st.dataframe cells or st.caption/markdown through md_escape, never as raw markdown.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.export.tables import rows_csv_bytes, rows_xlsx_bytes
from geo.i18n import localize, t
from geo.progress.ranking import DepartmentRank, department_assignments, percent, ranking_table
from geo.progress.status import Snapshot
from geo.selection.briefing_progress import as_of_text, light_looks, status_label
from ui.text import md_escape

K_DEPARTMENT = "dept_choice"


def light_text(light: str | None, lang: str) -> str:
    """● 正常 / ▲ 预警 / ■ 逾期: shape and label, never a colour alone."""
    if not light:
        return ""
    look = light_looks(lang)[light]
    return f"{look.shape} {look.label}"


def render_ranking(snap: Snapshot, ranking: list[DepartmentRank], lang: str, file_stem: str) -> None:
    header, rows = ranking_table(ranking, lang)
    header.insert(2, t("dept_col_light", lang))
    for row, r in zip(rows, ranking, strict=True):
        row.insert(2, light_text(r.light, lang))
    st.subheader(t("dept_ranking", lang))
    st.dataframe(pd.DataFrame(rows, columns=header), hide_index=True, width="stretch", key="dept_ranking")
    how = t("dept_how_text", lang)
    st.caption(f"**{md_escape(t('dept_how', lang))}**{t('colon', lang)}{md_escape(how)}")
    notes = [as_of_text(snap.as_of, lang), f"{t('dept_how', lang)}{t('colon', lang)}{how}"]
    if snap.has_sample:
        notes.insert(0, t("progress_sample", lang))
    cols = st.columns(2, width=480)
    cols[0].download_button(
        t("dept_download_csv", lang),
        rows_csv_bytes(header, rows),
        file_name=f"{file_stem}.csv",
        mime="text/csv",
        key="dept_csv",
    )
    cols[1].download_button(
        t("dept_download_xlsx", lang),
        rows_xlsx_bytes(t("dept_sheet", lang), header, rows, notes),
        file_name=f"{file_stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="dept_xlsx",
    )


def render_department(snap: Snapshot, ranking: list[DepartmentRank], lang: str) -> None:
    """A department chosen from the ranking (best first) and its assignments with lights, rates on top."""
    by_name = {r.department: r for r in ranking}
    choice = st.selectbox(
        t("dept_choose", lang),
        list(by_name),
        format_func=lambda d: f"{by_name[d].rank}. {localize(d, lang)}",
        key=K_DEPARTMENT,
    )
    if choice is None:
        return
    r = by_name[choice]
    st.subheader(t("dept_assignments", lang).format(department=localize(choice, lang)))
    cols = st.columns(4)
    cols[0].metric(t("dept_col_light", lang), light_text(r.light, lang))
    cols[1].metric(t("dept_col_on_time_rate", lang), percent(r.on_time_rate), f"{r.on_time_reports} / {r.due_reports}",
                   delta_color="off")  # fmt: skip
    cols[2].metric(t("dept_col_completion", lang), percent(r.completion_rate), f"{r.completed} / {r.items}",
                   delta_color="off")  # fmt: skip
    cols[3].metric(t("dept_col_red", lang), r.red)
    role = {"lead": t("tasks_role_lead", lang), "co": t("tasks_role_co", lang)}
    rows = [
        {
            t("progress_col_measure", lang): a.measure,
            t("dept_col_role", lang): role.get(a.role, a.role),
            t("dept_col_light", lang): light_text(a.light, lang),
            t("dept_col_status", lang): status_label(a.status or "", lang),
            t("dept_col_last_report", lang): a.last_report_on or "—",
            t("dept_col_next", lang): (
                f"{a.next_milestone.due_on} {localize(a.next_milestone.text, lang)}" if a.next_milestone else "—"
            ),
        }
        for a in department_assignments(snap, choice)
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key="dept_assignments")
